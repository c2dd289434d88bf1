#!/bin/sh
# The generator's containers are OpenSSL enc containers: `openssl enc -d`
# decrypts them (SHA-1 key derivation; MD5 for 8.0-8.5) to the tar the
# tools list, and `openssl enc` with the same salt rebuilds them byte for
# byte.  Passwords and salts are those of tests/unit/drs_fixtures.h.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
box=$WORK/drs-openssl-box
rm -rf "$box"; mkdir -p "$box"
check() { # file password salt-hex md expected-member
	openssl enc -d -aes-128-cbc -md "$4" -pass "pass:$2" -in "$1" -out "$box/plain" 2> /dev/null \
		|| fail "$1: openssl cannot decrypt"
	bsdtar -tf "$box/plain" | grep -qx -- "$5" || fail "$1: no member $5"
	{ printf 'Salted__'; printf '%s' "$3" | xxd -r -p; \
	  openssl enc -aes-128-cbc -md "$4" -pass "pass:$2" -S "$3" -in "$box/plain" 2> /dev/null; } > "$box/again"
	cmp -s "$box/again" "$1" || fail "$1: openssl enc does not rebuild it byte for byte"
}
check drs/gen/s1/2020-01-02-03-04-05_PUB1_UCM_PLATFORM.tar Ab3dE5gH7jK9mN1pQ3sT 1121324354657687 sha1 \
	common/platformConfig.xml
check drs/gen/s1/2020-01-02-03-04-05_PUB1_UCM_TFTP.tar Zy9xW8vU7tS6rQ5pO4nM 1221324354657687 sha1 \
	/usr/local/cm/tftp/ITLFile.tlv
check drs/gen/pre10/2014-05-02-03-04-05_PUB_UCM_TFTP.tar Gh7jK8lZ9xC0vB1nM2qW 1521324354657687 md5 \
	/usr/local/cm/tftp/CTLFile.tlv
check drs/gen/evil/2020-10-02-03-04-05_PUB1_UCM_PLATFORM.tar Ev1lT4rM3mB3rsP4thsX 1a21324354657687 sha1 \
	../escape.txt
# The synthetic set of the format notes (made with openssl, not by us).
openssl enc -d -aes-128-cbc -md sha1 -pass pass:SyntheticRandomPw123 \
	-in drs/synthetic/2020-01-02-03-04-05_SYNTHPUB_UCM_TFTP.tar 2> /dev/null | bsdtar -tzf - | grep -qx SYNTHETIC_NOT_REAL.txt \
	|| fail "synthetic"
rm -rf "$box"
echo ok
