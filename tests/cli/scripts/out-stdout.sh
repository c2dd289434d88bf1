#!/bin/sh
# --out - (standard output) in the tools whose output is one file:
# itl-sign (--resign, --build, --sign-file) and drs-rekey.  The bytes on
# standard output are the bytes --out FILE writes (same --timestamp), the
# report goes to standard error, --json with --out - is refused, a full
# standard output is exit 2 with a message, a job run without a caller
# taking the bytes (a recipe step) refuses "-".  Runs in tests/data.
set -eu
. "$(dirname "$0")/../lib/expect.sh"
W=$WORK/out-stdout
rm -rf "$W"; mkdir -p "$W"
gen ccm pub.example.com 2048
gen rec ITLRECOVERY_pub.example.com 2048
p12="--p12 p12/itlrecovery-legacy.p12 --password-file p12/pw.txt"

# same NAME CMD...: CMD --out FILE and CMD --out - give the same bytes;
# the report of --out - is on standard error, standard output only bytes.
same() {
	name=$1; shift
	expect 0 "$@" --out "$W/$name.file"
	[ -s "$W/out" ] || fail "$name: --out FILE printed no report"
	cp "$W/out" "$W/$name.report"
	expect 0 "$@" --out -
	cmp -s "$W/out" "$W/$name.file" || fail "$name: --out - differs from --out FILE"
	grep -q ' -> -: signed by \| into -$' "$W/err" || fail "$name: no report on standard error: $(cat "$W/err")"
	cp "$W/out" "$W/$name.stdout"
	# --quiet: only the bytes, no report.
	expect 0 "$@" --out - --quiet
	cmp -s "$W/out" "$W/$name.file" || fail "$name: --quiet --out - differs"
	[ ! -s "$W/err" ] || fail "$name: --quiet printed: $(cat "$W/err")"
}

# shellcheck disable=SC2086
same resign itl-sign --resign p12/before.tlv $p12 --timestamp 1393440886
expect 0 itl-show --json "$W/resign.stdout"
has '"signature":"valid"'
# Standard input to standard output, as a pipe.
itl-sign --resign - $p12 --timestamp 1393440886 --out - < p12/before.tlv 2>/dev/null |
	cmp -s - "$W/resign.file" || fail "--resign - --out - in a pipe differs"
# RFC 3339 and EPOCH --timestamp are the same time.
# shellcheck disable=SC2086
expect 0 itl-sign --resign p12/before.tlv $p12 --timestamp 2014-02-26T18:54:46Z --out -
cmp -s "$W/out" "$W/resign.file" || fail "--timestamp RFC 3339 differs from the same EPOCH"
build="--signer-key $W/ccm.key --signer-cert $W/ccm.pem --record sast:$W/ccm.pem
	--record tftp:$W/ccm.pem --record sast:$W/rec.pem --timestamp 1700000000"
# shellcheck disable=SC2086
same build itl-sign --build $build
expect 0 itl-show --json "$W/build.stdout"
has '"signature":"valid"'
printf '<device/>\n' > "$W/SEP0011.cnf.xml"
same sgn itl-sign --sign-file "$W/SEP0011.cnf.xml" --key "$W/ccm.key" --cert "$W/ccm.pem" \
	--timestamp 1700000000
expect 0 sgn-check --json --itl "$W/build.stdout" "$W/sgn.stdout"
has '"status":"ok"'

# --json wants standard output too: refused, naming both.
# shellcheck disable=SC2086
expect 2 itl-sign --resign p12/before.tlv $p12 --json --out -
grep -qF 'itl-sign: --out - writes the trust list to standard output: --json cannot go there too' "$W/err" ||
	fail "--json --out -: $(cat "$W/err")"
[ ! -s "$W/out" ] || fail "--json --out - wrote to standard output"
# A full standard output: exit 2 and said, never a silent success.
# shellcheck disable=SC2086
rc=0; itl-sign --resign p12/before.tlv $p12 --out - > /dev/full 2> "$W/err" || rc=$?
[ $rc = 2 ] || fail "--out - > /dev/full: exit $rc"
grep -qF 'itl-sign: standard output: No space left on device: the output written there is incomplete' "$W/err" ||
	fail "/dev/full: $(cat "$W/err")"
# A terminal as standard output is refused (when script(1) gives one).
if command -v script > /dev/null 2>&1; then
	# shellcheck disable=SC2086
	script -qec "itl-sign --resign p12/before.tlv $p12 --out -" /dev/null > "$W/tty" 2>&1 || true
	grep -qF 'standard output is a terminal; redirect it' "$W/tty" || fail "terminal: $(cat "$W/tty")"
fi
# A refused input (signed by a record given by hash only) writes nothing.
# shellcheck disable=SC2086
expect 2 itl-sign --resign p12/forged-recovery.tlv $p12 --out -
[ ! -s "$W/out" ] || fail "a refused input wrote bytes"

# drs-rekey: the manifest.
printf 'New#Cluster-Pass2\n' > "$W/new.pw"
rk="--password-file drs/gen/cluster.pw --new-password-file $W/new.pw"
# shellcheck disable=SC2086
expect 0 drs-rekey $rk --out "$W/rk.xml" drs/gen/s2
# shellcheck disable=SC2086
expect 0 drs-rekey $rk --out - drs/gen/s2
cmp -s "$W/out" "$W/rk.xml" || fail "drs-rekey --out - differs from --out FILE"
grep -q 're-keyed (scheme 2) into -$' "$W/err" || fail "drs-rekey: report: $(cat "$W/err")"
# shellcheck disable=SC2086
expect 2 drs-rekey $rk --out - --json drs/gen/s2
grep -qF 'drs-rekey: --out - writes the manifest to standard output: --json cannot go there too' "$W/err" ||
	fail "drs-rekey --json --out -: $(cat "$W/err")"
# shellcheck disable=SC2086
rc=0; drs-rekey $rk --out - drs/gen/s2 > /dev/full 2> "$W/err" || rc=$?
[ $rc = 2 ] && grep -qF 'drs-rekey: standard output: No space left on device' "$W/err" ||
	fail "drs-rekey > /dev/full: exit $rc: $(cat "$W/err")"
# A wrong old password names the set, not "-", and writes nothing.
rc=0; drs-rekey --password-file drs/gen/wrong.pw --new-password-file "$W/new.pw" \
	--out - drs/gen/s2 > "$W/out" 2> "$W/err" || rc=$?
[ $rc = 1 ] && [ ! -s "$W/out" ] || fail "drs-rekey wrong password: exit $rc"
grep -q '^drs-rekey: drs/gen/s2.*refusing to re-key' "$W/err" || fail "wrong password: $(cat "$W/err")"

# In-process without a caller taking the bytes (as a recipe step runs a
# job): "-" is refused, and no file named "-" appears.
(cd "$W" && ! job-run --tool itl-sign itl.build \
	"{\"records\":[\"sast:$W/ccm.pem\"],\"signer_key\":\"$W/ccm.key\",\"signer_cert\":\"$W/ccm.pem\",\"out\":\"-\"}" \
	> /dev/null 2> "$W/err") || fail "job-run itl.build out - accepted"
grep -qF 'itl.build: argument "out": "-" (standard output) needs a caller' "$W/err" || fail "job-run: $(cat "$W/err")"
[ ! -e "$W/-" ] || fail "a file named - was written"
echo ok
