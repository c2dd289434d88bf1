#!/bin/sh
# Signed files: itl-sign --sign-file then sgn-check against ITLs built by
# itlkit (accept with a TFTP or CCM+TFTP record of the signer; refused for
# the wrong role, another signer, a changed payload; unknown without an
# ITL or with a show itl dump); the layout checked with od and the
# signature with `openssl dgst -verify` alone over bytes carved with dd;
# --extract; an encrypted header; the job sgn.check run in-process gives
# what the tool prints.  Runs in tests/data with WORK a scratch dir.
set -eu
. "$(dirname "$0")/../lib/expect.sh"
W=$WORK/sgn
mkdir -p "$W"
gen tftp tftp.example.com 2048
gen other other.example.com 2048

u16() {	# FILE OFFSET: a big-endian 16-bit value
	od -An -tu1 -j "$2" -N2 "$1" | awk '{ print $1 * 256 + $2 }'
}

printf '<?xml version="1.0"?>\n<device><fullConfig>true</fullConfig></device>\n' \
	> "$W/SEP001122334455.cnf.xml"
expect 0 itl-sign --sign-file "$W/SEP001122334455.cnf.xml" --key "$W/tftp.key" \
	--cert "$W/tftp.pem" --timestamp 1700000000 --json --out "$W/SEP001122334455.cnf.xml.sgn"
has '"status":"ok"'
has '"output":"'
f=$W/SEP001122334455.cnf.xml.sgn
# Reproducible.
expect 0 itl-sign --sign-file "$W/SEP001122334455.cnf.xml" --key "$W/tftp.key" \
	--cert "$W/tftp.pem" --timestamp 1700000000 --out "$W/again.sgn"
cmp -s "$f" "$W/again.sgn" || fail "--sign-file with --timestamp is not reproducible"

# The layout: VERSION 1.0, HEADERLENGTH, SIGNERID, SIGNATUREINFO (15),
# SIGNATURE, FILENAME, TIMESTAMP, pads; the payload from HEADERLENGTH on.
[ "$(od -An -tx1 -N8 "$f" | tr -d ' \n')" = 0100020100020002 ] || fail "VERSION/HEADERLENGTH tags"
hl=$(u16 "$f" 8)
[ $((hl % 4)) = 0 ] || fail "header length $hl not a multiple of 4"
sid=$(u16 "$f" 11)
off=$((10 + 3 + sid + 18))
[ "$(od -An -tu1 -j "$off" -N1 "$f" | tr -d ' ')" = 12 ] || fail "no SIGNATURE TLV at $off"
slen=$(u16 "$f" $((off + 1)))
[ "$slen" = 256 ] || fail "signature $slen bytes"
tail -c +$((hl + 1)) "$f" | cmp -s - "$W/SEP001122334455.cnf.xml" || fail "payload is not the input"
# The signature, with openssl alone: the file without the SIGNATURE TLV.
head -c "$off" "$f" > "$W/signed.bin"
tail -c +$((off + 3 + slen + 1)) "$f" >> "$W/signed.bin"
dd if="$f" of="$W/sig.bin" bs=1 skip=$((off + 3)) count="$slen" 2>/dev/null
openssl x509 -in "$W/tftp.pem" -pubkey -noout > "$W/pub.pem"
openssl dgst -sha1 -verify "$W/pub.pem" -signature "$W/sig.bin" "$W/signed.bin" \
	> "$W/dgst.out" || fail "openssl does not verify the signed file"

# ITLs phones might hold.
build() {	# OUT RECORD...
	o=$1
	shift
	args=
	for r in "$@"; do args="$args --record $r"; done
	# shellcheck disable=SC2086
	expect 0 itl-sign --build --signer-key "$W/other.key" --signer-cert "$W/other.pem" \
		--record "sast:$W/other.pem" $args --timestamp 1700000000 --out "$W/$o"
}
build tftp.tlv "tftp:$W/tftp.pem"
build ccmtftp.tlv "ccm+tftp:$W/tftp.pem"
build sast.tlv "sast:$W/tftp.pem" "ccm:$W/tftp.pem"
build none.tlv "tftp:$W/other.pem"

expect 0 sgn-check --itl "$W/tftp.tlv" "$f"
has 'verdict: accept (phones holding this trust list accept this file)'
has ': accept: record 2 (tftp) signed the file'
expect 0 sgn-check --json --itl "$W/tftp.tlv" --itl "$W/ccmtftp.tlv" "$f"
has '"verdict":"accept","itls":[{'
has '"role":"ccm+tftp","signature":"valid","code":"SGN_ACCEPTED"'
has '"filename":"SEP001122334455.cnf.xml"'
has '"encrypted":false'
expect 1 sgn-check --json --itl "$W/tftp.tlv" --itl "$W/sast.tlv" "$f"
has '"verdict":"reject"'
has '"code":"SGN_SIGNER_WRONG_ROLE"'
expect 1 sgn-check --itl "$W/none.tlv" "$f"
has 'SGN_SIGNER_NOT_IN_ITL'
# No ITL: unknown, exit 0 with a warning.
expect 0 sgn-check --json "$f"
has '"verdict":"unknown","itls":[]'
has '"code":"SGN_NO_ITL"'
# A show itl dump of the ITL: no certificate bytes, unknown.
itl-show "$W/tftp.tlv" > "$W/tftp-dump.txt" || fail "itl-show of the built ITL"
expect 1 sgn-check --json --itl "$W/tftp-dump.txt" "$f"
has '"verdict":"unknown"'
has '"code":"SGN_TRUST_UNKNOWN"'

# Inside archives and gzip'd, as the TFTP files arrive: each signed member
# is one input, named by the archive and its path inside.
mkdir -p "$W/bundle/tftp"
cp "$f" "$W/bundle/tftp/"
printf 'not a signed file\n' > "$W/bundle/tftp/README.txt"
(cd "$W/bundle" && tar czf ../bundle.tgz tftp)
expect 0 sgn-check --json --itl "$W/tftp.tlv" "$W/bundle.tgz"
has "\"file\":\"$W/bundle.tgz\",\"member\":\"tftp/SEP001122334455.cnf.xml.sgn\""
has '"verdict":"accept"'
lacks README
expect 0 sgn-check --itl "$W/tftp.tlv" "$W/bundle.tgz"
has "$W/bundle.tgz:tftp/SEP001122334455.cnf.xml.sgn"
has 'verdict: accept'
# --extract takes one input: with an archive of two, the first payload.
cp "$f" "$W/bundle/tftp/SEP0second.cnf.xml.sgn"
(cd "$W/bundle" && tar czf ../two.tgz tftp)
expect 0 sgn-check --extract "$W/two.xml" "$W/two.tgz"
grep -qF 'only the first signed file of an archive is extracted' "$W/err" || fail "no warning for a second extraction"
cmp -s "$W/two.xml" "$W/SEP001122334455.cnf.xml" || fail "extract from an archive"
gzip -c "$f" > "$W/single.sgn.gz"
expect 0 sgn-check --json --itl "$W/tftp.tlv" "$W/single.sgn.gz"
has '"member":"single.sgn"'
has '"verdict":"accept"'
lacks 'tag 31'

# One payload byte changed: refused.
cp "$f" "$W/tampered.sgn"
printf 'X' | dd of="$W/tampered.sgn" bs=1 seek=$((hl + 10)) conv=notrunc 2>/dev/null
expect 1 sgn-check --json --itl "$W/tftp.tlv" "$W/tampered.sgn"
has '"code":"SIGNATURE_INVALID"'
has '"code":"SGN_FILENAME_MISMATCH"'

# --extract writes the payload; never over an existing file or an input.
expect 0 sgn-check --json --extract "$W/out.xml" "$f"
has '"extracted":"'
cmp -s "$W/out.xml" "$W/SEP001122334455.cnf.xml" || fail "extracted payload differs"
expect 2 sgn-check --extract "$W/out.xml" "$f"
expect 2 sgn-check --extract "$f" "$f"
cmp -s "$f" "$W/again.sgn" || fail "the input was replaced"
expect 2 sgn-check --extract "$W/x" "$f" "$f"

# A cut header: malformed, exit 1; an unreadable input: exit 2.
head -c 100 "$f" > "$W/cut.sgn"
expect 1 sgn-check --json "$W/cut.sgn"
has '"status":"malformed"'
expect 1 sgn-check --json --itl "$W/tftp.tlv" "$W/cut.sgn"
has '"verdict":"reject","record":null,"role":null,"signature":null,"code":"TRUNCATED"'
expect 2 sgn-check --json "$W/no-such.sgn"
has '"status":"unreadable"'
expect 2 sgn-check --itl "$W/no-such.tlv" "$f"

# An encrypted header (the peer's enccnf layout, version 2.0): reported.
python3 - "$W/enc.sgn" <<'PY' || fail "python3"
import struct, sys
def t(tag, v): return struct.pack('>BH', tag, len(v)) + v
enc = t(17, t(18, b'\0') + t(19, b'0123456789abcdef') + t(20, b'\0\3')) + \
    t(21, t(22, b'\0') + t(23, b'\0\x80') + t(24, b'\1') + t(25, b'\xab' * 256))
sid = t(4, b'CN=a\0') + t(5, b'\x01') + t(6, b'CN=a\0')
h = t(1, b'\2\0') + t(2, b'\0\0') + t(3, sid) + \
    t(7, t(8, b'\1') + t(9, t(10, b'\0') + t(11, b'\2'))) + t(12, b'\x55' * 256) + \
    t(14, b'enc.sgn\0') + t(15, b'\0\0\0\1') + t(16, enc) + t(26, b'\1') + t(27, b'\x11' * 20)
while len(h) % 4: h += b'\x0d'
h = bytearray(h); h[8:10] = struct.pack('>H', len(h))
open(sys.argv[1], 'wb').write(bytes(h) + b'\x5a' * 48)
PY
expect 0 sgn-check --json "$W/enc.sgn"
has '"encrypted":true,"encryption":{"iv_bytes":16,"padding":3,"key_bits":128,"key_algorithm":1,"wrapped_key_bytes":256,"plain_digest":"SHA1"'
has '"length":48'
has '"code":"SGN_ENCRYPTED"'
lacks UNKNOWN_TAG

# A real .enc.sgn made with openssl alone, laid out as the peer's enccnf
# writes it and signed with the TFTP key: --key with the phone's key
# decrypts it (AES-128-CBC, pad count, SHA-1 of the plain file checked);
# another key does not.
gen phone SEP0011AABBCCDD 2048
plain=$W/SEP0011AABBCCDD.cnf.xml
printf '<?xml version="1.0"?>\n<device><sshUserId>admin</sshUserId></device>\n' > "$plain"
n=$(wc -c < "$plain")
padn=$((16 - n % 16))
{ cat "$plain"; i=0; while [ $i -lt $padn ]; do printf '\r'; i=$((i + 1)); done; } > "$W/padded"
aes=00112233445566778899aabbccddeeff
iv=0f0e0d0c0b0a09080706050403020100
openssl enc -aes-128-cbc -nopad -K "$aes" -iv "$iv" -in "$W/padded" -out "$W/enc.bin"
printf '%s' "$aes" | xxd -r -p > "$W/aes.bin" 2>/dev/null ||
	python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex('$aes'))" > "$W/aes.bin"
openssl x509 -in "$W/phone.pem" -pubkey -noout > "$W/phonepub.pem"
openssl pkeyutl -encrypt -pubin -inkey "$W/phonepub.pem" -pkeyopt rsa_padding_mode:pkcs1 \
	-in "$W/aes.bin" -out "$W/wrapped.bin"
openssl dgst -sha1 -binary "$plain" > "$W/plain.sha1"
openssl x509 -in "$W/tftp.pem" -noout -serial | sed 's/serial=//' > "$W/serial.hex"
python3 - "$W" "$padn" "$iv" <<'PY' || fail "python3"
import struct, sys
w, padn, iv = sys.argv[1], int(sys.argv[2]), bytes.fromhex(sys.argv[3])
rd = lambda n: open(w + '/' + n, 'rb').read()
def t(tag, v): return struct.pack('>BH', tag, len(v)) + v
name = b'CN=tftp.example.com;OU=tac;O=cisco;L=rtp;ST=nc;C=US\0'
serial = bytes.fromhex(open(w + '/serial.hex').read().strip())
sid = t(4, name) + t(5, serial) + t(6, name)
enc = t(17, t(18, b'\0') + t(19, iv) + t(20, struct.pack('>H', padn))) + \
    t(21, t(22, b'\0') + t(23, b'\0\x80') + t(24, b'\1') + t(25, rd('wrapped.bin')))
pre = t(1, b'\2\0') + t(2, b'\0\0') + t(3, sid) + \
    t(7, t(8, b'\1') + t(9, t(10, b'\0') + t(11, b'\2')))
post = t(14, b'SEP0011AABBCCDD.cnf.xml.enc.sgn\0') + t(15, b'\x65\x53\xf1\0') + \
    t(16, enc) + t(26, b'\1') + t(27, rd('plain.sha1'))
while (len(pre) + len(post) + 3 + 256) % 4: post += b'\x0d'
hl = len(pre) + len(post) + 3 + 256
pre = pre[:8] + struct.pack('>H', hl) + pre[10:]
open(w + '/tosign.bin', 'wb').write(pre + post + rd('enc.bin'))
open(w + '/pre.bin', 'wb').write(pre)
open(w + '/post.bin', 'wb').write(post + rd('enc.bin'))
PY
openssl dgst -sha1 -sign "$W/tftp.key" -out "$W/esig.bin" "$W/tosign.bin"
e=$W/SEP0011AABBCCDD.cnf.xml.enc.sgn
{ cat "$W/pre.bin"; printf '\014\001\000'; cat "$W/esig.bin" "$W/post.bin"; } > "$e"
expect 0 sgn-check --json --itl "$W/tftp.tlv" --key "$W/phone.key" --extract "$W/dec.xml" "$e"
has '"verdict":"accept"'
has '"encrypted":true'
has '"code":"SGN_DECRYPTED"'
has "\"decrypted\":{\"length\":$n,"
lacks admin
cmp -s "$W/dec.xml" "$plain" || fail "the decrypted payload is not the plain file"
expect 1 sgn-check --key "$W/tftp.key" "$e"
has 'SGN_DECRYPT_FAILED'
expect 1 sgn-check --key "$W/tftp.key" --extract "$W/nope.xml" "$e"
[ ! -e "$W/nope.xml" ] || fail "a failed decryption wrote a file"
expect 2 sgn-check --key "$W/no-such.key" "$e"

# The job in-process prints what the tool prints.
for args in "--itl $W/tftp.tlv $f" "$W/tampered.sgn" "$W/cut.sgn" "$W/enc.sgn" "$W/no-such.sgn"; do
	set -- $args
	set +e
	sgn-check --json "$@" > "$W/tool.json" 2> "$W/tool.err"
	trc=$?
	if [ "$1" = --itl ]; then j="{\"itl\":[\"$2\"],\"inputs\":[\"$3\"]}"; else j="{\"inputs\":[\"$1\"]}"; fi
	job-run --tool sgn-check sgn.check "$j" > "$W/job.json" 2> "$W/job.err"
	jrc=$?
	sgn-check "$@" > "$W/tool.txt" 2>/dev/null
	job-run --tool sgn-check --text sgn.check "$j" > "$W/job.txt" 2>/dev/null
	set -e
	[ "$trc" = "$jrc" ] || fail "sgn.check exit $jrc, sgn-check $trc on $*"
	cmp -s "$W/tool.json" "$W/job.json" || fail "sgn.check JSON differs on $*"
	cmp -s "$W/tool.err" "$W/job.err" || fail "sgn.check messages differ on $*"
	cmp -s "$W/tool.txt" "$W/job.txt" || fail "sgn.check text differs on $*"
done
# sgn.sign in-process writes the same bytes and report as itl-sign --sign-file.
expect 0 job-run --tool itl-sign sgn.sign "{\"input\":\"$W/SEP001122334455.cnf.xml\",\"out\":\"$W/job.sgn\",\"key\":\"$W/tftp.key\",\"cert\":\"$W/tftp.pem\",\"timestamp\":1700000000}"
sed "s|$W/job.sgn|OUT|" "$W/out" > "$W/job.json"
expect 0 itl-sign --json --sign-file "$W/SEP001122334455.cnf.xml" --key "$W/tftp.key" \
	--cert "$W/tftp.pem" --timestamp 1700000000 --out "$W/tool.sgn"
sed "s|$W/tool.sgn|OUT|" "$W/out" > "$W/tool.json"
cmp -s "$W/job.json" "$W/tool.json" || fail "sgn.sign reports differently from itl-sign --sign-file"
cmp -s "$W/job.sgn" "$f" || fail "sgn.sign wrote other bytes"
expect 2 job-run sgn.check '{"inputs":["a","b"],"extract":"x"}'
grep -q '"extract" takes one input' "$W/err" || fail "extract with two inputs"

# Refusals of itl-sign --sign-file.
expect 2 itl-sign --sign-file "$W/SEP001122334455.cnf.xml" --key "$W/other.key" \
	--cert "$W/tftp.pem" --out "$W/bad.sgn"
[ ! -e "$W/bad.sgn" ] || fail "a mismatched key wrote a file"
expect 2 itl-sign --sign-file "$W/SEP001122334455.cnf.xml" --key "$W/tftp.key" \
	--cert "$W/tftp.pem" --out "$W/x.sgn" --signer-version 1.1
expect 2 itl-sign --sign-file "$W/SEP001122334455.cnf.xml" --key "$W/tftp.key" \
	--cert "$W/tftp.pem" --out "$f"
exit 0
