#!/bin/sh
# p12-check against the standard tool doing the least comparable work on
# the same input in the same run: one ITLRecovery.p12 (legacy RC2-40/3DES
# bags, SHA-1 MAC, RSA 2048) opened N times (N=200) by p12-check and by
# `openssl pkcs12 -info -noout -legacy`, one process per run each.
# Usage: sh tests/bench/bench_p12.sh BIN_DIR   (N overrides the count)
set -eu
bin=$(cd "$1" && pwd)
n=${N:-200}
. "$(dirname "$0")/lib_p12.sh"
make_keys

# 1. p12-check vs openssl pkcs12 -info
t0=$(now)
i=0
while [ $i -lt "$n" ]; do
	"$bin/p12-check" --password-file "$tmp/pw" "$tmp/rec.p12" > /dev/null
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

