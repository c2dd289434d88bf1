#!/bin/sh
# Regenerates the committed PKCS#12 and trust-list fixtures of this
# directory with the openssl CLI and itl-sign.  Keys are random, so every
# run gives new files: rerun the golden tests with UPDATE=1 afterwards and
# review the diff.  Usage: sh make-fixtures.sh BIN_DIR   (from anywhere)
#
# What is here (passwords in pw.txt: line 1 is wrong, line 2 is right):
#   rec.{key,pem}        ITLRECOVERY_test10pub.jmr2.lab, RSA 1024, 2014-02-26..2019-02-25,
#                        subject 66 bytes in CUCM style, serial 16 bytes (as the real one)
#   ccm.{key,pem}        CallManager test10pub.joemar2.lab (57-byte name), RSA 1024
#   capf.pem tvs.pem tvs2.pem   the other certificates of the real ITL's shape
#   foreign.{key,pem}    another ITLRECOVERY certificate of the same name (a rebuilt cluster)
#   itlrecovery-legacy.p12  RC2-40 certificates, 3DES key, SHA-1 MAC (old appliances; -legacy)
#   itlrecovery-3des.p12    3DES both, SHA-1 MAC
#   itlrecovery-modern.p12  AES-256-CBC / PBKDF2, SHA-256 MAC (OpenSSL 3 default)
#   itlrecovery-nomac.p12   no MAC
#   foreign.p12          the foreign ITLRECOVERY key (legacy format)
#   callmanager.p12      a CallManager key, not an ITLRecovery one
#   before.tlv           an ITL shaped like cucm10-show-itl-before-reset.txt, signed by ccm
#   forged-recovery.tlv  the same records, but signed by foreign.key through a SAST record
#                        that claims rec.pem by CERTHASH only (make-forged.py)
#   hostile.p12          an ITLRecovery key whose CN holds ESC, U+202E, U+009B and BEL
set -eu
bin=$(cd "$1" && pwd)
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
subj="/C=US/ST=nc/L=rtp/O=cisco/OU=tac"
cat > "$tmp/ca.cnf" <<EOC
[ca]
default_ca = fixed
[fixed]
database = $tmp/index.txt
new_certs_dir = $tmp
serial = $tmp/serial
default_md = sha1
policy = any
unique_subject = no
preserve = yes
[any]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
EOC
# cert NAME CN BITS SERIAL START END: a self-signed certificate with fixed
# dates and serial, which `openssl req -x509` cannot give.
cert() {
	: > "$tmp/index.txt"
	echo "$4" > "$tmp/serial"
	openssl req -utf8 -new -newkey "rsa:$3" -nodes -keyout "$1.key" \
		-subj "$subj/CN=$2" -out "$tmp/$1.csr" 2>/dev/null
	openssl ca -utf8 -batch -notext -selfsign -config "$tmp/ca.cnf" \
		-keyfile "$1.key" -in "$tmp/$1.csr" -startdate "$5" -enddate "$6" \
		-out "$1.pem" 2>/dev/null
}
cert rec ITLRECOVERY_test10pub.jmr2.lab 1024 6E3F65C297B3E01FE74281AB52CC55DC 20140226182500Z 20190225182500Z
cert ccm test10pub.joemar2.lab 1024 614052E91EE97C779B7B5E810AB146A5 20140110120000Z 20190109120000Z
cert capf CAPF-75638ad9 1024 42BF37779B16AF1CD23088C217249DAA 20140110120000Z 20190109120000Z
cert tvs test10pub.joemar2.lab 1024 765984D8B730606336E5C7B6A7DDB9D6 20140110120000Z 20190109120000Z
cert tvs2 test10sub.joemar2.lab 2048 67D1A19EF8AB91E6C0A610352630EE02 20140110120000Z 20190109120000Z
cert foreign ITLRECOVERY_test10pub.jmr2.lab 2048 1A2B3C4D5E6F708192A3B4C5D6E7F809 20200301000000Z 20400225000000Z
cert hostile "ITLRECOVERY_pub$(printf '\033[31m\342\200\256')moc.evil$(printf '\302\233\007')x" 1024 0BAD0BAD0BAD0BAD0BAD0BAD0BAD0BAD 20200301000000Z 20400225000000Z
rm -f capf.key tvs.key tvs2.key
printf 'wrong-one\ncisco123\n' > pw.txt
pass="pass:cisco123"
openssl pkcs12 -export -legacy -inkey rec.key -in rec.pem -passout "$pass" -out itlrecovery-legacy.p12
openssl pkcs12 -export -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1 \
	-inkey rec.key -in rec.pem -passout "$pass" -out itlrecovery-3des.p12
openssl pkcs12 -export -inkey rec.key -in rec.pem -passout "$pass" -out itlrecovery-modern.p12
openssl pkcs12 -export -nomac -inkey rec.key -in rec.pem -passout "$pass" -out itlrecovery-nomac.p12
openssl pkcs12 -export -legacy -inkey foreign.key -in foreign.pem -passout "$pass" -out foreign.p12
openssl pkcs12 -export -inkey ccm.key -in ccm.pem -passout "$pass" -out callmanager.p12
openssl pkcs12 -export -inkey hostile.key -in hostile.pem -passout "$pass" -out hostile.p12
rm -f hostile.key hostile.pem
rm -f before.tlv
"$bin/itl-sign" --build --signer-key ccm.key --signer-cert ccm.pem \
	--record sast:ccm.pem --record tftp:ccm.pem --hash-only capf:capf.pem \
	--hash-only tvs:tvs.pem --record sast:rec.pem --hash-only tvs:tvs2.pem \
	--timestamp 1393439067 --out before.tlv
python3 make-forged.py "$bin"
