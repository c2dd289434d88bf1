#!/bin/sh
# p12-check on PKCS#12 files made here and now with `openssl pkcs12
# -export`: every encryption scheme an appliance may have written, wrong
# passwords, expiry, foreign keys, missing parts, extraction, and a
# missing legacy provider.  Runs in tests/data with WORK a scratch dir.
set -eu
. "$(dirname "$0")/../lib/expect.sh"
W=$WORK/p12gen
mkdir -p "$W"
gen rec ITLRECOVERY_pub.example.com 2048
gen other ITLRECOVERY_pub.example.com 2048
gen ccm pub.example.com 2048
printf 'first-guess\nsecret\n' > "$W/pw"
exp() {	# NAME OPTIONS... : exports rec with the given pkcs12 options
	n=$1; shift
	openssl pkcs12 -export "$@" -inkey "$W/rec.key" -in "$W/rec.pem" \
		-passout pass:secret -out "$W/$n.p12"
}
exp legacy -legacy
exp des3 -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1
exp rc2 -legacy -certpbe PBE-SHA1-RC2-40 -keypbe PBE-SHA1-RC2-40 -macalg sha1
exp modern
exp nomac -nomac
openssl pkcs12 -export -legacy -inkey "$W/other.key" -in "$W/other.pem" \
	-passout pass:secret -out "$W/other.p12"
openssl pkcs12 -export -nokeys -in "$W/rec.pem" -passout pass:secret -out "$W/nokey.p12"
openssl pkcs12 -export -nocerts -inkey "$W/rec.key" -passout pass:secret -out "$W/nocert.p12"

# An ITL whose ITLRECOVERY record is rec.
itl-sign --build --signer-key "$W/ccm.key" --signer-cert "$W/ccm.pem" \
	--record sast:"$W/ccm.pem" --record sast:"$W/rec.pem" \
	--timestamp 1700000000 --out "$W/itl.tlv" > /dev/null

for f in legacy des3 rc2 modern nomac; do
	expect 0 p12-check --json --password-file "$W/pw" --itl "$W/itl.tlv" "$W/$f.p12"
	has '"password":"matched","candidate":2'
	has '"key_matches_certificate":true,"itl_recovery_host":"pub.example.com"'
	has '"matches":true'
	lacks secret
	lacks first-guess
done
expect 0 p12-check --json --password-file "$W/pw" "$W/legacy.p12"
has '"mac":{"algorithm":"sha1","iterations":2048,"verified":true}'
has '{"type":"cert","algorithm":"pbeWithSHA1And40BitRC2-CBC"'
has '{"type":"key","algorithm":"pbeWithSHA1And3-KeyTripleDES-CBC"'
has P12_LEGACY_ENCRYPTION
expect 0 p12-check --json --password-file "$W/pw" "$W/rc2.p12"
has '{"type":"key","algorithm":"pbeWithSHA1And40BitRC2-CBC"'
expect 0 p12-check --json --password-file "$W/pw" "$W/modern.p12"
has '"mac":{"algorithm":"sha256"'
has 'PBES2/PBKDF2/hmacWithSHA256/aes-256-cbc'
lacks P12_LEGACY_ENCRYPTION
expect 0 p12-check --json --password-file "$W/pw" "$W/nomac.p12"
has '"mac":null'
has P12_NO_MAC

# Wrong password: told apart from damage, for every scheme.
for f in legacy rc2 modern nomac; do
	expect 1 env PW=nope p12-check --json --password-env PW "$W/$f.p12"
	has '"password":"wrong","candidate":null'
	has '"status":"wrong-password"'
	has P12_WRONG_PASSWORD
done
head -c 800 "$W/modern.p12" > "$W/cut.p12"
expect 1 p12-check --json --password-file "$W/pw" "$W/cut.p12"
has '"status":"malformed"'
has P12_MALFORMED

# Expiry and the warning window, as of --at.
expect 0 p12-check --json --at 2099-01-01T00:00:00Z --password-file "$W/pw" "$W/modern.p12"
has P12_CERT_EXPIRED
expect 0 p12-check --json --warn-days 3650 --password-file "$W/pw" "$W/modern.p12"
has P12_CERT_EXPIRING

# A foreign ITLRecovery key, and parts missing.
expect 1 p12-check --json --password-file "$W/pw" --itl "$W/itl.tlv" "$W/other.p12"
has '"record":2,"compared":true,"matches":false'
has P12_NOT_IN_ITL
expect 1 p12-check --json --password-file "$W/pw" "$W/nokey.p12"
has P12_NO_KEY
expect 1 p12-check --json --password-file "$W/pw" "$W/nocert.p12"
has P12_NO_CERT

# Extraction: 0600 key that matches the certificate, never overwritten without --force.
expect 0 p12-check --password-file "$W/pw" --extract-key "$W/k.pem" --extract-cert "$W/c.pem" "$W/legacy.p12"
[ "$(stat -c %a "$W/k.pem")" = 600 ] || fail "key mode $(stat -c %a "$W/k.pem")"
openssl pkey -in "$W/k.pem" -pubout > "$W/k.pub"
openssl x509 -in "$W/c.pem" -pubkey -noout > "$W/c.pub"
cmp -s "$W/k.pub" "$W/c.pub" || fail "extracted key does not match the certificate"
cmp -s "$W/c.pem" "$W/rec.pem" || fail "extracted certificate differs from the one exported"
cp "$W/k.pem" "$W/k.before"
expect 2 p12-check --password-file "$W/pw" --extract-key "$W/k.pem" "$W/modern.p12"
cmp -s "$W/k.pem" "$W/k.before" || fail "key overwritten without --force"
expect 0 p12-check --password-file "$W/pw" --extract-key "$W/k.pem" --force "$W/modern.p12"
[ "$(stat -c %a "$W/k.pem")" = 600 ] || fail "forced key mode"

# Without the legacy provider: RC2-40 cannot be opened (exit 2, said why), 3DES still can.
expect 2 env OPENSSL_MODULES=/nonexistent p12-check --json --password-file "$W/pw" "$W/rc2.p12"
has P12_LEGACY_PROVIDER_MISSING
expect 0 env OPENSSL_MODULES=/nonexistent p12-check --json --password-file "$W/pw" "$W/des3.p12"
has '"password":"matched"'
echo ok
