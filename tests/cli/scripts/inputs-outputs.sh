#!/bin/sh
# Hostile inputs and outputs: FIFOs and devices are refused at once (exit
# 2) by every tool and for --password-file; itl-sign --out-dir keeps
# same-named inputs apart; --force never replaces an input and never
# re-signs an input whose signature fails (--resign-invalid does); a
# file-size limit is a reported write error that leaves no temporary file;
# password files with a BOM and CR LF read like plain ones; the new
# cluster password rule; --password-env leaves nothing in
# /proc/PID/environ.  Runs in tests/data with WORK a scratch dir.
set -eu
. "$(dirname "$0")/../lib/expect.sh"
W=$WORK/inout
rm -rf "$W"; mkdir -p "$W"

# Each command is bounded by timeout: a blocking open would exit 124.
mkfifo "$W/fifo"
expect 2 timeout 10 itl-diff cluster/pub.tlv "$W/fifo"
grep -qF "$W/fifo: is a FIFO, not a regular file" "$W/err" || fail "itl-diff: $(cat "$W/err")"
expect 2 timeout 10 itl-trust --installed "$W/fifo" --candidate cluster/pub.tlv
grep -qF "is a FIFO, not a regular file" "$W/err" || fail "itl-trust: $(cat "$W/err")"
expect 2 timeout 10 itl-phones --itl pub=cluster/pub.tlv "$W/fifo"
grep -qF "is a FIFO, not a regular file" "$W/err" || fail "itl-phones: $(cat "$W/err")"
expect 2 timeout 10 p12-check --password-file p12/pw.txt "$W/fifo"
grep -qF "is a FIFO, not a regular file" "$W/err" || fail "p12-check: $(cat "$W/err")"
expect 2 timeout 10 itl-show /dev/zero
grep -qF "/dev/zero: is a character device, not a regular file" "$W/err" || fail "itl-show /dev/zero"
expect 2 timeout 10 drs-verify --password-file "$W/fifo" drs/gen/s2
grep -qF "is a FIFO, not a regular file" "$W/err" || fail "drs-verify: $(cat "$W/err")"
expect 2 timeout 10 itl-sign --resign p12/before.tlv --p12 p12/itlrecovery-legacy.p12 \
	--password-file "$W/fifo" --out "$W/never.tlv"
grep -qF "is a FIFO, not a regular file" "$W/err" || fail "itl-sign: $(cat "$W/err")"
# Standard input stays usable.
expect 0 sh -c 'itl-show - < cluster/pub.tlv'

sign="--p12 p12/itlrecovery-legacy.p12 --password-file p12/pw.txt --timestamp 1393440886"
# --out-dir: pub/ITLFile.tlv and sub/ITLFile.tlv (the man page's layout)
# give two outputs, each the re-signed copy of its own input (records are
# copied byte for byte: each output ends as its input does).
mkdir -p "$W/case/pub" "$W/case/sub" "$W/case/out"
cp cluster/pub.tlv "$W/case/pub/ITLFile.tlv"
cp cluster/sub.tlv "$W/case/sub/ITLFile.tlv"
(cd "$W/case" && exec itl-sign --resign pub/ITLFile.tlv --key "$DATA/p12/ccm.key" \
	--cert "$DATA/p12/ccm.pem" --force --out-dir out sub/ITLFile.tlv) > "$W/out" 2> "$W/err" ||
	{ cat "$W/out" "$W/err"; fail "--out-dir with two ITLFile.tlv"; }
for n in pub sub; do
	[ "$(tail -c 2000 "$W/case/out/$n/ITLFile.tlv" | od -An -tx1)" = \
	  "$(tail -c 2000 "$W/case/$n/ITLFile.tlv" | od -An -tx1)" ] || fail "out/$n is not $n re-signed"
done
# Same base name from absolute paths: refused before anything is written.
rm -rf "$W/case/out"; mkdir "$W/case/out"
expect 2 itl-sign --resign "$W/case/pub/ITLFile.tlv" $sign --out-dir "$W/case/out" "$W/case/sub/ITLFile.tlv"
grep -qF "would both be written to" "$W/err" || fail "collision: $(cat "$W/err")"
[ -z "$(ls -A "$W/case/out")" ] || fail "collision wrote: $(ls -A "$W/case/out")"

# An output that is an input: refused whatever --force, by name, by a
# hard link, and under --out-dir; the evidence is unchanged.
cp p12/before.tlv "$W/in.tlv"
cp p12/before.tlv "$W/in.keep"
ln "$W/in.tlv" "$W/in.link"
expect 2 itl-sign --resign "$W/in.tlv" $sign --force --out "$W/in.tlv"
grep -qF "is one of the inputs" "$W/err" || fail "--out IN: $(cat "$W/err")"
expect 2 itl-sign --resign "$W/in.tlv" $sign --force --out "$W/in.link"
expect 2 itl-sign --resign "$W/in.tlv" $sign --force --out p12/pw.txt
cmp -s "$W/in.tlv" "$W/in.keep" || fail "the input was replaced"
# drs-rekey onto the set's own manifest.
cp -r drs/gen/s2 "$W/s2"
m=$(ls "$W/s2"/*_drfComponent.xml)
cp "$m" "$W/manifest.keep"
printf 'New#Cluster-Pass2\n' > "$W/new.pw"
expect 2 drs-rekey --force --password-file drs/gen/cluster.pw --new-password-file "$W/new.pw" \
	--out "$m" "$m"
grep -qF "is one of the inputs" "$W/err" || fail "drs-rekey: $(cat "$W/err")"
cmp -s "$m" "$W/manifest.keep" || fail "drs-rekey replaced the manifest"

# --force alone does not re-sign an input whose signature fails.
cp p12/before.tlv "$W/badsig.tlv"
sid=$(od -An -tu1 -j 11 -N2 "$W/badsig.tlv" | awk '{ print $1 * 256 + $2 }')
off=$((10 + 3 + sid + 18 + 3 + 10))	# ten bytes into the signature
b=$(od -An -tu1 -j "$off" -N1 "$W/badsig.tlv" | tr -d ' ')
printf "$(printf '\\%03o' $(( (b + 1) % 256 )))" |
	dd of="$W/badsig.tlv" bs=1 seek="$off" conv=notrunc 2>/dev/null
expect 1 itl-show "$W/badsig.tlv"
expect 1 itl-sign --resign "$W/badsig.tlv" $sign --force --out "$W/resigned.tlv"
has "SIGN_INPUT_SIGNATURE_INVALID"
has "--resign-invalid"
[ -e "$W/resigned.tlv" ] && fail "--force re-signed an invalid input"
expect 0 itl-sign --resign "$W/badsig.tlv" $sign --resign-invalid --out "$W/resigned.tlv"
has "warning SIGN_INPUT_SIGNATURE_INVALID"
expect 0 itl-show --at 2016-01-01T00:00:00Z "$W/resigned.tlv"

# A file-size limit (ulimit -f: SIGXFSZ by default) is a write error:
# exit 2, the reason, no temporary file left (one would hold a key).
mkdir "$W/lim"
expect 2 sh -c "ulimit -f 1; exec p12-check --password-file p12/pw.txt --extract-key '$W/lim/key.pem' p12/itlrecovery-legacy.p12"
grep -qF "File too large" "$W/err" || fail "p12-check under ulimit: $(cat "$W/err")"
expect 2 sh -c "ulimit -f 1; exec itl-sign --resign p12/before.tlv $sign --out '$W/lim/ITLFile.tlv'"
grep -qF "File too large" "$W/err" || fail "itl-sign under ulimit: $(cat "$W/err")"
[ -z "$(ls -A "$W/lim")" ] || fail "left behind: $(ls -A "$W/lim")"

# Password files: a UTF-8 BOM and CR LF are not part of the password.
printf '\357\273\277New#Cluster-Pass2\r\n' > "$W/new-bom.pw"
printf '\357\273\277Cluster#Pass1\r\n' > "$W/old-bom.pw"
cp "$W/manifest.keep" "$m"
expect 0 drs-rekey --password-file "$W/old-bom.pw" --new-password-file "$W/new-bom.pw" \
	--out "$W/rekeyed.xml" "$m"
cp "$W/rekeyed.xml" "$m"
expect 0 drs-verify --password-file "$W/new.pw" "$W/s2"
# A new password CUCM would not take is refused before any work.
printf 'New#Cluster\tPass2\n' > "$W/tab.pw"
expect 2 drs-rekey --password-file drs/gen/cluster.pw --new-password-file "$W/tab.pw" \
	--out "$W/x.xml" "$m"
grep -qF "control character (position 12)" "$W/err" || fail "tab: $(cat "$W/err")"
printf 'short\n' > "$W/short.pw"
expect 2 drs-rekey --password-file drs/gen/cluster.pw --new-password-file "$W/short.pw" \
	--out "$W/x.xml" "$m"
grep -qF "CUCM accepts 6 to 31" "$W/err" || fail "short: $(cat "$W/err")"
lacks "New#Cluster"
[ -e "$W/x.xml" ] && fail "a refused password wrote a manifest"

# --password-env: while the tool runs (blocked reading the p12 from a
# FIFO on standard input), /proc/PID/environ no longer holds the value.
# Under valgrind the tool's environment is not that block: skipped.
if [ "${VALGRIND:-}" != 1 ] && [ -r /proc/self/environ ]; then
	rm -f "$W/fifo"; mkfifo "$W/fifo"
	pw=$(sed -n 2p p12/pw.txt)
	IK_P12_PW=$pw p12-check --password-env IK_P12_PW - \
		< "$W/fifo" > "$W/env.out" 2>&1 &
	pid=$!
	exec 3> "$W/fifo"
	# Until the forked shell has become p12-check, its environ is the
	# shell's, without the password: wait for the exec, or the loop
	# below proves nothing and the check after it races the tool.
	i=0
	until case $(readlink "/proc/$pid/exe" 2>/dev/null) in
	    */p12-check) true ;; *) false ;; esac; do
		i=$((i + 1))
		[ $i -lt 100 ] || { exec 3>&-; wait $pid || true; fail "p12-check did not start"; }
		sleep 0.1
	done
	i=0
	while tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null |
	    grep -qxF "IK_P12_PW=$pw"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { exec 3>&-; wait $pid || true; fail "the password stays in /proc/$pid/environ"; }
		sleep 0.1
	done
	kill -0 $pid 2>/dev/null || fail "p12-check ended before the check"
	tr '\0' '\n' < "/proc/$pid/environ" | grep -qF "$pw" &&
		fail "the password is still in /proc/$pid/environ"
	cat p12/itlrecovery-legacy.p12 >&3
	exec 3>&-
	rc=0; wait $pid || rc=$?
	grep -q "password: matched" "$W/env.out" || { cat "$W/env.out"; fail "p12-check (rc $rc) did not open the p12 with the env password"; }
fi
rm -rf "$W"
echo ok
