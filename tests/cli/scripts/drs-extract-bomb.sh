#!/bin/sh
# drs-extract and a gzip bomb: a 96 KiB component that inflates to 80 MiB
# is stopped at the default limit (100 times the component, at least
# 64 MiB) with DRS_EXTRACT_LIMIT; the partial file is removed and nothing
# is left under its final name.  The set is made with the openssl command
# line (tests/data/drs/mkset.sh).
set -eu
fail() { echo "FAIL: $*"; exit 1; }
. drs/mkset.sh
box=$WORK/drs-bomb-box
rm -rf "$box"; mkdir -p "$box/m/common" "$box/s"
head -c 83886080 /dev/zero > "$box/m/common/zeros.bin"
tar -czf "$box/m.tgz" -C "$box/m" common
rm -f "$box/m/common/zeros.bin"
drs_mkset "$box/s" 2023-04-01-00-00-00 PUB 12.0.1.10000-10 4 cisco123 Aa11Bb22Cc33Dd44Ee55 TFTP "$box/m.tgz"
printf 'cisco123\n' > "$box/pw"
[ "$(wc -c < "$box/s/2023-04-01-00-00-00_PUB_UCM_TFTP.tar")" -lt 1048576 ] || fail "component not small"

rc=0; drs-extract --no-progress --json --password-file "$box/pw" --out "$box/out" "$box/s" > "$box/log" || rc=$?
[ $rc = 1 ] || { cat "$box/log"; fail "bomb: exit $rc, expected 1"; }
grep -q '"code":"DRS_EXTRACT_LIMIT"' "$box/log" || { cat "$box/log"; fail "bomb: no DRS_EXTRACT_LIMIT"; }
grep -q '"status":"failed"' "$box/log" || fail "bomb: status"
left=$(find "$box/out" -type f ! -name MANIFEST.json)
[ -z "$left" ] || fail "bomb: left behind: $left"
grep -q 'zeros.bin' "$box/out/MANIFEST.json" && fail "bomb: listed as extracted"

# A file-size limit (SIGXFSZ by default) is a write error, not a death:
# the partial file is removed by the same registry as every other output.
rc=0; sh -c "ulimit -f 2048; exec drs-extract --no-progress --password-file '$box/pw' --out '$box/lim' '$box/s'" > "$box/log" 2>&1 || rc=$?
[ $rc = 2 ] || { cat "$box/log"; fail "ulimit: exit $rc, expected 2"; }
grep -q "zeros.bin: write error: File too large" "$box/log" || { cat "$box/log"; fail "ulimit: no write error reported"; }
left=$(find "$box/lim" -type f)
[ -z "$left" ] || fail "ulimit: left behind: $left"

# kill -9 in the middle: nothing can clean up, but no partial file ever
# carries the final name (it is renamed only when whole).
drs-extract --no-progress --max-bytes 200000000 --password-file "$box/pw" --out "$box/k9" "$box/s" > /dev/null 2>&1 &
pid=$!
sleep 0.2
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
f=$(find "$box/k9" -name zeros.bin 2>/dev/null)
if [ -n "$f" ]; then
	[ "$(wc -c < "$f")" = 83886080 ] || fail "kill -9: partial file under its final name"
fi
rm -rf "$box"
echo ok
