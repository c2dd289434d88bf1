#!/bin/sh
# Benchmarks of p12-check and itl-sign against the standard tool doing the
# least comparable work on the same input in the same run.
#   1. p12-check (one ITLRecovery.p12, legacy RC2-40/3DES, SHA-1 MAC) vs
#      `openssl pkcs12 -info -noout -legacy`, N invocations each (N=200).
#   2. itl-sign --resign of 1,000 ITLs in ONE run (--out-dir; every output
#      parsed and verified, written atomically with fsync) vs 1,000
#      invocations of `openssl dgst -sha1 -sign` over the same bytes.
# Usage: sh tests/bench/bench_p12.sh BIN_DIR   (N and FILES override the counts)
set -eu
bin=$(cd "$1" && pwd)
n=${N:-200}
files=${FILES:-1000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

S="/C=US/ST=nc/L=rtp/O=cisco/OU=tac"
for c in ccm:test10pub.example.com rec:ITLRECOVERY_test10pub.example.com; do
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/${c%%:*}.key" \
		-out "$tmp/${c%%:*}.pem" -days 1825 -subj "$S/CN=${c#*:}" 2>/dev/null
done
printf 'cisco123\n' > "$tmp/pw"
openssl pkcs12 -export -legacy -inkey "$tmp/rec.key" -in "$tmp/rec.pem" \
	-passout pass:cisco123 -out "$tmp/rec.p12"

# 1. p12-check vs openssl pkcs12 -info
t0=$(now)
i=0
while [ $i -lt "$n" ]; do
	"$bin/p12-check" --password-file "$tmp/pw" "$tmp/rec.p12" > /dev/null || [ $? = 0 ]
	i=$((i + 1))
done
t1=$(now)
i=0
while [ $i -lt "$n" ]; do
	openssl pkcs12 -info -noout -legacy -in "$tmp/rec.p12" -passin "file:$tmp/pw" 2> /dev/null
	i=$((i + 1))
done
t2=$(now)
a=$(secs "$t0" "$t1")
b=$(secs "$t1" "$t2")
echo "p12-check x$n: ${a}s; openssl pkcs12 -info -noout x$n: ${b}s; ratio $(ratio "$a" "$b")"

# 2. itl-sign --resign of many ITLs in one run vs openssl dgst -sign per file
"$bin/itl-sign" --build --signer-key "$tmp/ccm.key" --signer-cert "$tmp/ccm.pem" \
	--record sast:"$tmp/ccm.pem" --record tftp:"$tmp/ccm.pem" \
	--record sast:"$tmp/rec.pem" --timestamp 1700000000 --out "$tmp/ITLFile.tlv" > /dev/null
mkdir -p "$tmp/in" "$tmp/out"
i=0
while [ $i -lt "$files" ]; do
	cp "$tmp/ITLFile.tlv" "$tmp/in/node$i.tlv"
	i=$((i + 1))
done
t0=$(now)
"$bin/itl-sign" --resign "$tmp/in/node0.tlv" --p12 "$tmp/rec.p12" \
	--password-file "$tmp/pw" --timestamp 1700000100 --out-dir "$tmp/out" \
	"$tmp"/in/node[1-9]*.tlv > /dev/null
t1=$(now)
i=0
while [ $i -lt "$files" ]; do
	openssl dgst -sha1 -sign "$tmp/rec.key" -out "$tmp/sig" "$tmp/in/node$i.tlv"
	i=$((i + 1))
done
t2=$(now)
[ "$(ls "$tmp/out" | wc -l)" = "$files" ] || { echo "itl-sign wrote $(ls "$tmp/out" | wc -l) files"; exit 1; }
a=$(secs "$t0" "$t1")
b=$(secs "$t1" "$t2")
echo "itl-sign --resign of $files ITLs (one run): ${a}s; openssl dgst -sha1 -sign x$files invocations: ${b}s; ratio $(ratio "$a" "$b")"
