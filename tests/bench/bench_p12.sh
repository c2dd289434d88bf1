#!/bin/sh
# p12-check against the standard tool on the same ITLRecovery.p12 (legacy
# RC2-40/3DES bags, SHA-1 MAC, RSA 2048) in the same run, one process per
# open, N opens each (N=200) in interleaved rounds so that machine noise
# hits both alike; wall and CPU (user+sys) seconds.
#   - `openssl pkcs12 -info -noout -legacy`: checks the MAC and decrypts
#     the certificates, but never decrypts the key (the comparison asked for);
#   - `openssl pkcs12 -nodes -legacy -out /dev/null`: decrypts the key too,
#     the same cryptographic work as p12-check (which must open the key to
#     tell whether it belongs to the certificate).
# Usage: sh tests/bench/bench_p12.sh BIN_DIR   (N overrides the count)
set -eu
bin=$(cd "$1" && pwd)
n=${N:-200}
rounds=5
. "$(dirname "$0")/lib_p12.sh"
make_keys

# batch OUTFILE CMD...: runs CMD n/rounds times; appends "wall cpu" to OUTFILE.
batch() {
	out=$1
	shift
	/usr/bin/time -f "%e %U %S" -a -o "$out" sh -c '
		k=$1; shift; i=0
		while [ $i -lt "$k" ]; do "$@" > /dev/null 2>&1 || exit 1; i=$((i + 1)); done
	' batch $((n / rounds)) "$@"
}
r=0
while [ $r -lt $rounds ]; do
	batch "$tmp/t.check" "$bin/p12-check" --password-file "$tmp/pw" "$tmp/rec.p12"
	batch "$tmp/t.info" openssl pkcs12 -info -noout -legacy -in "$tmp/rec.p12" -passin "file:$tmp/pw"
	batch "$tmp/t.nodes" openssl pkcs12 -nodes -legacy -in "$tmp/rec.p12" -passin "file:$tmp/pw" -out /dev/null
	r=$((r + 1))
done
sum() { awk '{ w += $1; c += $2 + $3 } END { printf "%.3f %.3f", w, c }' "$1"; }
set -- $(sum "$tmp/t.check") $(sum "$tmp/t.info") $(sum "$tmp/t.nodes")
echo "p12-check x$n: wall ${1}s cpu ${2}s"
echo "openssl pkcs12 -info -noout x$n: wall ${3}s cpu ${4}s; ratio p12-check/openssl wall $(ratio "$1" "$3") cpu $(ratio "$2" "$4")"
echo "openssl pkcs12 -nodes (key decrypted too) x$n: wall ${5}s cpu ${6}s; ratio wall $(ratio "$1" "$5") cpu $(ratio "$2" "$6")"
