#!/bin/sh
# itl-sign round trips: build (SHA-1, SHA-256, SHA-512) and re-sign, each
# output verified by itl-show and, independently, by `openssl dgst
# -verify` over bytes carved out with dd; the seed arithmetic of the real
# CUCM 10 reset (header 324 -> 344, file +20, records unchanged); the
# refusals.  Runs in tests/data with WORK a scratch dir.
set -eu
. "$(dirname "$0")/../lib/expect.sh"
W=$WORK/sign
mkdir -p "$W"
gen ccm pub.example.com 2048
gen tvs pub.example.com 2048
gen capf CAPF-1234abcd 2048
gen rec ITLRECOVERY_pub.example.com 2048

u16() {	# FILE OFFSET: a big-endian 16-bit value
	od -An -tu1 -j "$2" -N2 "$1" | awk '{ print $1 * 256 + $2 }'
}

# carve FILE CERT DIGEST: verifies FILE's signature with openssl alone.
# CUCM layout: VERSION(5) HEADERLENGTH(5) SIGNERID(3+n) SIGNATUREINFO(3+15)
# then SIGNATURE; the signed bytes are the file without that TLV.
carve() {
	sid=$(u16 "$1" 11)
	off=$((10 + 3 + sid + 18))
	[ "$(od -An -tu1 -j "$off" -N1 "$1" | tr -d ' ')" = 12 ] || fail "no SIGNATURE TLV at $off in $1"
	slen=$(u16 "$1" $((off + 1)))
	head -c "$off" "$1" > "$W/signed.bin"
	tail -c +$((off + 3 + slen + 1)) "$1" >> "$W/signed.bin"
	dd if="$1" of="$W/sig.bin" bs=1 skip=$((off + 3)) count="$slen" 2>/dev/null
	openssl x509 -in "$2" -pubkey -noout > "$W/pub.pem"
	openssl dgst "-$3" -verify "$W/pub.pem" -signature "$W/sig.bin" "$W/signed.bin" > "$W/dgst.out" ||
		fail "openssl dgst -$3 does not verify $1"
	grep -q "Verified OK" "$W/dgst.out" || fail "openssl: $(cat "$W/dgst.out")"
	[ $(( $(wc -c < "$W/signed.bin") + 3 + slen )) = "$(wc -c < "$1")" ] || fail "carving lost bytes"
}

build_args="--signer-key $W/ccm.key --signer-cert $W/ccm.pem --record sast:$W/ccm.pem
	--record tftp:$W/ccm.pem --hash-only capf:$W/capf.pem --hash-only tvs:$W/tvs.pem
	--record sast:$W/rec.pem --timestamp 1700000000"
for d in sha1 sha256 sha512; do
	# shellcheck disable=SC2086
	expect 0 itl-sign --build $build_args --digest "$d" --json --out "$W/$d.tlv"
	has '"status":"ok"'
	has '"records":5'
	expect 0 itl-show --json "$W/$d.tlv"
	has '"signature":"valid"'
	carve "$W/$d.tlv" "$W/ccm.pem" "$d"
done
# Reproducible: the same inputs and --timestamp give the same bytes.
# shellcheck disable=SC2086
expect 0 itl-sign --build $build_args --out "$W/again.tlv"
cmp -s "$W/sha1.tlv" "$W/again.tlv" || fail "--build with --timestamp is not reproducible"

# Re-sign with the ITLRecovery key in a p12 (the offline utils itl reset).
openssl pkcs12 -export -legacy -inkey "$W/rec.key" -in "$W/rec.pem" \
	-passout pass:secret -out "$W/rec.p12"
printf 'secret\n' > "$W/pw"
expect 0 itl-sign --resign "$W/sha1.tlv" --p12 "$W/rec.p12" --password-file "$W/pw" \
	--timestamp 1700000100 --json --out "$W/reset.tlv"
has '"signer":{"name":"CN=ITLRECOVERY_pub.example.com;OU=tac;O=cisco;L=rtp;ST=nc;C=US"'
has '"record":5}'
lacks secret
expect 0 itl-show --json "$W/reset.tlv"
has '"signature":"valid"'
carve "$W/reset.tlv" "$W/rec.pem" sha1
# Re-sign with a PEM key; keep SHA-512 from the input.
expect 0 itl-sign --resign "$W/sha512.tlv" --key "$W/rec.key" --cert "$W/rec.pem" --out "$W/reset512.tlv" --json
has '"digest":"SHA512"'
carve "$W/reset512.tlv" "$W/rec.pem" sha512

# The seed arithmetic on the committed ITL of the real one's shape.
expect 0 itl-sign --resign p12/before.tlv --p12 p12/itlrecovery-legacy.p12 \
	--password-file p12/pw.txt --timestamp 1393440886 --json --out "$W/after.tlv"
has '"header_length":344,"records":6'
[ "$(u16 p12/before.tlv 8)" = 324 ] || fail "before: header $(u16 p12/before.tlv 8)"
[ "$(u16 p12/before.tlv 11)" = 139 ] || fail "before: SIGNERID"
[ "$(u16 "$W/after.tlv" 8)" = 344 ] || fail "after: header"
[ "$(u16 "$W/after.tlv" 11)" = 157 ] || fail "after: SIGNERID $(u16 "$W/after.tlv" 11)"
[ $(( $(wc -c < p12/before.tlv) + 20 )) = "$(wc -c < "$W/after.tlv")" ] || fail "not 20 bytes longer"
tail -c +325 p12/before.tlv > "$W/rec.before"
tail -c +345 "$W/after.tlv" > "$W/rec.after"
cmp -s "$W/rec.before" "$W/rec.after" || fail "records changed"
carve "$W/after.tlv" p12/rec.pem sha1
expect 0 itl-show "$W/after.tlv"
has 'This etoken was used to sign the ITL file.'

# Refusals: a signer that is not a SAST record, an existing output, a tampered input.
expect 1 itl-sign --resign p12/before.tlv --p12 p12/foreign.p12 --password-file p12/pw.txt --out "$W/foreign.tlv"
has SIGN_SIGNER_NOT_IN_ITL
[ ! -e "$W/foreign.tlv" ] || fail "refused output was written"
expect 0 itl-sign --resign p12/before.tlv --p12 p12/foreign.p12 --password-file p12/pw.txt --force --out "$W/foreign.tlv"
carve "$W/foreign.tlv" p12/foreign.pem sha1
expect 1 itl-show "$W/foreign.tlv"
has SIGNER_MISSING
cp "$W/after.tlv" "$W/after.keep"
expect 2 itl-sign --resign p12/before.tlv --key p12/ccm.key --cert p12/ccm.pem --out "$W/after.tlv"
cmp -s "$W/after.tlv" "$W/after.keep" || fail "output overwritten without --force"
expect 0 itl-sign --resign p12/before.tlv --key p12/ccm.key --cert p12/ccm.pem --force --out "$W/after.tlv"
{ head -c 2000 p12/before.tlv; printf X; tail -c +2002 p12/before.tlv; } > "$W/tampered.tlv"
expect 1 itl-sign --resign "$W/tampered.tlv" --key p12/ccm.key --cert p12/ccm.pem --out "$W/t.tlv"
has SIGN_INPUT_SIGNATURE_INVALID
expect 1 itl-sign --build --signer-key "$W/ccm.key" --signer-cert "$W/ccm.pem" --record sast:"$W/rec.pem" --out "$W/nosigner.tlv"
has SIGN_SIGNER_NOT_IN_ITL
[ ! -e "$W/nosigner.tlv" ] || fail "unverifiable build was written"

# A batch with --out-dir: one signer load, many files, the worst status wins.
mkdir -p "$W/batch-in" "$W/batch-out"
for i in 1 2 3; do cp "$W/sha1.tlv" "$W/batch-in/node$i.tlv"; done
expect 1 itl-sign --resign "$W/batch-in/node1.tlv" --p12 "$W/rec.p12" --password-file "$W/pw" \
	--out-dir "$W/batch-out" "$W/batch-in/node2.tlv" "$W/tampered.tlv" "$W/batch-in/node3.tlv"
for i in 1 2 3; do
	expect 0 itl-show "$W/batch-out/node$i.tlv"
done
[ ! -e "$W/batch-out/tampered.tlv" ] || fail "tampered input was re-signed"
echo ok
