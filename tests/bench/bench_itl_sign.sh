#!/bin/sh
# itl-sign --resign of 1,000 ITLs in ONE run (--out-dir: the p12 opened
# once; every input parsed and verified, every output signed, parsed,
# verified and written atomically with fsync) against 1,000 invocations of
# `openssl dgst -sha1 -sign` over the same bytes (signature only, no
# parsing, no verification, no rename): what a shell loop re-signing the
# files with openssl would cost at the least.
# Usage: sh tests/bench/bench_itl_sign.sh BIN_DIR   (FILES overrides the count)
set -eu
bin=$(cd "$1" && pwd)
files=${FILES:-1000}
. "$(dirname "$0")/lib_p12.sh"
make_keys

"$bin/itl-sign" --build --signer-key "$tmp/ccm.key" --signer-cert "$tmp/ccm.pem" \
	--record sast:"$tmp/ccm.pem" --record tftp:"$tmp/ccm.pem" \
	--record sast:"$tmp/rec.pem" --timestamp 1700000000 --out "$tmp/ITLFile.tlv" > /dev/null
mkdir -p "$tmp/in" "$tmp/out"
i=0
while [ $i -lt "$files" ]; do
	cp "$tmp/ITLFile.tlv" "$tmp/in/node$i.tlv"
	i=$((i + 1))
done
/usr/bin/time -f "%e %U %S" -o "$tmp/t.sign" "$bin/itl-sign" --resign "$tmp/in/node0.tlv" \
	--p12 "$tmp/rec.p12" --password-file "$tmp/pw" --timestamp 1700000100 \
	--out-dir "$tmp/out" "$tmp"/in/node[1-9]*.tlv > /dev/null
/usr/bin/time -f "%e %U %S" -o "$tmp/t.dgst" sh -c '
	i=0
	while [ $i -lt "$1" ]; do
		openssl dgst -sha1 -sign "$2/rec.key" -out "$2/sig" "$2/in/node$i.tlv" || exit 1
		i=$((i + 1))
	done' dgst "$files" "$tmp"
[ "$(ls "$tmp/out" | wc -l)" = "$files" ] || { echo "itl-sign wrote $(ls "$tmp/out" | wc -l) files"; exit 1; }
"$bin/itl-show" "$tmp/out/node$((files - 1)).tlv" > /dev/null || { echo "the last output does not verify"; exit 1; }
cpu() { awk '{ printf "wall %.3f cpu %.3f", $1, $2 + $3 }' "$1"; }
set -- $(cpu "$tmp/t.sign") $(cpu "$tmp/t.dgst")
echo "itl-sign --resign of $files ITLs (one run): $1 ${2}s $3 ${4}s"
echo "openssl dgst -sha1 -sign x$files invocations: $5 ${6}s $7 ${8}s; ratio itl-sign/openssl wall $(ratio "$2" "$6") cpu $(ratio "$4" "$8")"
