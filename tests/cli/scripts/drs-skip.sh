#!/bin/sh
# drs-verify --deep hashes but does not decrypt the member data libarchive
# passes over (libcore/drs/drs_stream.c, drs_stream_skip).  On a set made
# with the openssl command line, with members of odd sizes around the
# stream's 64 KiB chunks and past the 4 MiB where the SHA-1 thread starts:
# the members are all counted, a tar cut inside a member gives libarchive's
# byte counts of a full read, a ciphertext cut short still fails its
# padding at its end, and one core (no SHA-1 thread) prints the same.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
. drs/mkset.sh
box=$WORK/drs-skip-box
rm -rf "$box"; mkdir -p "$box/src" "$box/ok" "$box/cut" "$box/short"
head -c 300001 /dev/urandom > "$box/src/a.bin"
head -c 1048583 /dev/urandom > "$box/src/b.bin"
head -c 5242883 /dev/urandom > "$box/src/c.bin"
echo end > "$box/src/z.txt"
tar --format=ustar -cf "$box/plain.tar" -C "$box/src" a.bin b.bin c.bin z.txt
printf 'Sk#Cluster1\n' > "$box/pw"
drs_mkset "$box/ok" 2023-01-01-00-00-00 SKIP 12.0.1.10000-10 4 'Sk#Cluster1' \
	Sk1pR4nd0mPw0rd12345 CCMDB "$box/plain.tar"
run() { # OUT SET [taskset...]: drs-verify --deep --json, any exit status
	_o=$1; _s=$2; shift 2
	"$@" drs-verify --json --deep --no-progress --password-file "$box/pw" "$_s" > "$_o" || true
}
run "$box/out" "$box/ok"
grep -q '"status":"ok"' "$box/out" || { cat "$box/out"; fail "set does not verify"; }
grep -q '"decrypted":true,"payload":"tar","members":4,"member_bytes":6591471,' "$box/out" ||
	fail "members not all listed"
# The tar cut at 3,000,000 bytes, inside c.bin, whose data starts at
# 1,350,656 and takes 5,243,392 bytes with its padding.
head -c 3000000 "$box/plain.tar" > "$box/cut.tar"
drs_mkset "$box/cut" 2023-01-01-00-00-00 SKIP 12.0.1.10000-10 4 'Sk#Cluster1' \
	Sk1pR4nd0mPw0rd12345 CCMDB "$box/cut.tar"
run "$box/out-cut" "$box/cut"
grep -q '"checksum":"match","decrypted":true,"payload":"tar","members":3,' "$box/out-cut" ||
	{ cat "$box/out-cut"; fail "cut tar: members"; }
grep -q 'Truncated input file (needed 5243392 bytes, only 1649344 available)' "$box/out-cut" ||
	fail "cut tar: libarchive's counts"
# The ciphertext 40 bytes short: not whole blocks, the padding check fails
# at the new end.
cp "$box/ok"/*.xml "$box/short/"
c=$(ls "$box/ok"/*_CCMDB.tar)
n=$(($(wc -c < "$c") - 40))
head -c $n "$c" > "$box/short/$(basename "$c")"
run "$box/out-short" "$box/short"
grep -q "\"decrypted\":false,.*bad padding in the last AES block at offset $n " "$box/out-short" ||
	{ cat "$box/out-short"; fail "short ciphertext: padding"; }
if command -v taskset > /dev/null 2>&1 && taskset -c 0 true 2> /dev/null; then
	for s in ok cut short; do
		run "$box/one" "$box/$s" taskset -c 0
		o=out-$s; [ $s = ok ] && o=out
		cmp -s "$box/one" "$box/$o" || fail "$s: one core differs"
	done
fi
rm -rf "$box"
echo ok
