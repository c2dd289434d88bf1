#!/bin/sh
# Names planted in evidence (certificate subjects, signer names, DRS
# manifest fields, file names) never reach the terminal raw: no C0 or C1
# control, no bidi override or isolate, in text or JSON, on stdout or
# stderr; JSON still carries the exact value.  Runs in tests/data with
# WORK a scratch dir.
set -eu
. "$(dirname "$0")/../lib/expect.sh"
W=$WORK/hostile
rm -rf "$W"
mkdir -p "$W"

# inert: stdout and stderr of the last command hold no byte sequence a
# terminal acts on (tab and line feed aside) and no bidi/format character.
inert() {
	for f in "$W/out" "$W/err"; do
		perl -ne 'if (/[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xa8-\xae]|\xe2\x81[\xa0-\xaf]|\xef\xbb\xbf/) { print STDERR "raw control in: $_"; exit 1 }' "$f" ||
			{ od -c "$f" | head -40; fail "raw control or bidi bytes in $f"; }
	done
}

ESC=$(printf '\033')
CSI=$(printf '\302\233')
RLO=$(printf '\342\200\256')
BEL=$(printf '\007')
HOST="pub${ESC}[31m${RLO}moc.evil${CSI}${BEL}x"

# A certificate whose subject holds ESC, U+202E, U+009B and BEL, in a
# PKCS#12 file, as the signer of an ITL and as one of its records.
openssl req -utf8 -x509 -newkey rsa:2048 -nodes -keyout "$W/h.key" \
	-out "$W/h.pem" -days 3650 \
	-subj "/C=US/O=tac/CN=ITLRECOVERY_$HOST" 2> /dev/null
openssl pkcs12 -export -inkey "$W/h.key" -in "$W/h.pem" \
	-passout pass:secret -out "$W/h.p12"
printf 'secret\n' > "$W/pw"

expect 0 p12-check --password-file "$W/pw" "$W/h.p12"
inert
has 'CN=ITLRECOVERY_pub\x1b[31m\u202emoc.evil\u009b\x07x;O=tac;C=US'
has 'itl recovery host: pub\x1b[31m\u202emoc.evil\u009b\x07x'
expect 0 p12-check --json --password-file "$W/pw" "$W/h.p12"
inert
has '"itl_recovery_host":"pub\u001B[31m\u202Emoc.evil\u009B\u0007x"'
# The JSON value is the exact name.
perl -MJSON::PP -e 'local $/; my $j = decode_json(<STDIN>);
	exit($j->{itl_recovery_host} eq "pub\e[31m\x{202e}moc.evil\x{9b}\ax" ? 0 : 1)' \
	< "$W/out" || fail "JSON does not hold the exact recovery host"

# itl-sign: the signer name comes from the certificate.
expect 0 itl-sign --build --signer-key "$W/h.key" --signer-cert "$W/h.pem" \
	--record sast:"$W/h.pem" --timestamp 1700000000 --out "$W/h.tlv"
inert
has 'signed by CN=ITLRECOVERY_pub\x1b[31m\u202emoc.evil\u009b\x07x;O=tac;C=US'

# A file name with controls, and the names inside it, in every ITL tool.
cp "$W/h.tlv" "$W/ITL${ESC}]0;title${BEL}${RLO}.tlv"
for t in itl-show "itl-show --json" "itl-diff" "itl-diff --json" \
    "itl-trust --installed cluster/pub.tlv" \
    "itl-trust --json --installed cluster/pub.tlv"; do
	set +e
	$t "$W/ITL${ESC}]0;title${BEL}${RLO}.tlv" > "$W/out" 2> "$W/err"
	set -e
	inert
done
expect 0 itl-show "$W/ITL${ESC}]0;title${BEL}${RLO}.tlv"
inert
has '== '"$W"'/ITL\x1b]0;title\x07\u202e.tlv'
expect 2 itl-show "$W/missing${ESC}[2J"
inert
grep -qF 'missing\x1b[2J' "$W/err" || fail "error message lacks the printable name"

# DRS: a manifest whose ServerName and ComponentName hold U+009B and
# U+202E (XML 1.0 allows them; it refuses ESC, see below), and a set
# folder whose name holds ESC.
D="$W/drs/set${ESC}[31m"
mkdir -p "$D"
cp drs/synthetic/*.tar "$D/"
sed -e "s|<ServerName>SYNTHPUB<|<ServerName>SYNTH${CSI}31m${RLO}PUB<|" \
    -e "s|<ComponentName>TFTP<|<ComponentName>TF${CSI}TP${RLO}<|" \
	drs/synthetic/2020-01-02-03-04-05_SYNTHPUB_drfComponent.xml \
	> "$D/2020-01-02-03-04-05_SYNTHPUB_drfComponent.xml"
cp "$D"/*.tar "$D/2020-01-02-03-04-05_SYNTHPUB_UCM_${ESC}[5m.tar"
for t in "drs-ls --no-progress" "drs-ls --json --no-progress" \
    "drs-verify --no-progress --password-file drs/synthetic.pw" \
    "drs-verify --json --no-progress --password-file drs/synthetic.pw"; do
	set +e
	$t "$W/drs" > "$W/out" 2> "$W/err"
	set -e
	inert
done
expect 1 drs-verify --no-progress --password-file drs/synthetic.pw "$W/drs"
inert
has 'SYNTH\u009b31m\u202ePUB'
has 'TF\u009bTP\u202e'
has 'set\x1b[31m'

# ESC itself is not XML: the manifest is refused, and the message is inert.
sed -i "s|<FeatureName>UCM<|<FeatureName>U${ESC}[31mCM<|" \
	"$D/2020-01-02-03-04-05_SYNTHPUB_drfComponent.xml"
set +e
drs-verify --no-progress --password-file drs/synthetic.pw "$W/drs" > "$W/out" 2> "$W/err"
set -e
inert
[ -n "${KEEP:-}" ] || rm -rf "$W"
echo ok
