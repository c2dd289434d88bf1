#!/bin/sh
# The demo case of `make demo` (samples/mkdemo.sh), generated afresh and
# checked against the truth it claims, with the tools themselves: the DRS
# set verifies and holds the three recovery artifacts, the p12 opens and is
# the ITLs' ITLRECOVERY record, stale phones reject the ITL signed by
# CallManager but take it re-signed by ITLRecovery, itl-phones sorts the
# phones as intended, and the pasted answers parse as intended.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
# has FILE STRING...: every STRING is in FILE
has() {
	_f=$1
	shift
	for _s in "$@"; do
		grep -qF -- "$_s" "$_f" || { head -c 3000 "$_f"; echo; fail "$_f lacks $_s"; }
	done
}
# line_has FILE KEY STRING...: the one line of FILE holding KEY has every STRING
line_has() {
	_f=$1 _k=$2
	shift 2
	grep -F -- "$_k" "$_f" > "$box/line" || fail "no line with $_k"
	[ "$(wc -l < "$box/line")" = 1 ] || fail "several lines with $_k"
	has "$box/line" "$@"
}
box=$WORK/demo-case
rm -rf "$box"
mkdir -p "$box"
bindir=$(dirname "$(command -v itl-sign)")
# A relative OUTDIR, as make demo gives it.
(cd "$box" && sh "$DATA/../../samples/mkdemo.sh" case "$bindir") > "$box/gen" 2>&1 ||
    { cat "$box/gen"; fail "mkdemo.sh failed"; }
# It refuses to write over a case.
rc=0; sh "$DATA/../../samples/mkdemo.sh" "$box/case" "$bindir" > "$box/gen" 2>&1 || rc=$?
[ $rc = 2 ] || fail "mkdemo.sh over an existing case: exit $rc"
ls -a "$box" | grep -q mkdemo && fail "a temporary folder was left behind"
cd "$box/case"
. ./truth.env
[ "$PHONES_ALL" = 20 ] || fail "phones: $PHONES_ALL"
for f in cluster.pw p12.pw; do
	case $(ls -l "$f") in
	-rw-------*) ;;
	*) fail "$f is not mode 0600" ;;
	esac
done
pw=$(cat cluster.pw)
grep -rlF -- "$pw" . | grep -v -e '^./cluster.pw$' -e '^./p12.pw$' &&
    fail "the cluster password is written in the case"
grep -q reconstructed README.md || fail "README does not mark the reconstructed answers"
has README.md "$RESET_ITL_SHA256" "$REC_CERT_SHA1" "$PUB_ITL_SHA256"

# The DRS set: verifies with the cluster password, every component
# decrypts, and the ITL, CTL and ITLRecovery.p12 are found where README.md
# says, with the very bytes of the files beside it.
drs-verify --json --deep --no-progress --password-file cluster.pw backup > "$box/drs" ||
    { cat "$box/drs"; fail "drs-verify: the set does not verify"; }
head -1 "$box/drs" > "$box/set"
has "$box/set" '"status":"ok"' '"password":"verified"' '"scheme":4' \
    "\"version\":\"$VERSION\"" "\"publisher\":\"$PUB\"" \
    '"code":"DRS_RECOVERY_KEY_MATCHES_ITL"'
grep -q DRS_SCHEME_BY_TRIAL "$box/set" && fail "scheme found by trial"
[ "$(grep -o '"decrypted":true' "$box/set" | wc -l)" = 7 ] || fail "not 7 components decrypted"
p12sha1=$(sha1sum ITLRecovery.p12 | cut -c1-40)
has "$box/set" \
    "{\"path\":\"/usr/local/cm/tftp/ITLFile.tlv\",\"kind\":\"itl\",\"size\":$(wc -c < "tftp/$PUB/ITLFile.tlv" | tr -d ' '),\"sha1\":\"$PUB_ITL_SHA1\",\"verdict\":\"valid\",\"recovery_cert_sha1\":\"$REC_CERT_SHA1\"" \
    "{\"path\":\"/usr/local/cm/tftp/ITLFile.tlv\",\"kind\":\"itl\",\"size\":$(wc -c < "tftp/$SUB/ITLFile.tlv" | tr -d ' '),\"sha1\":\"$SUB_ITL_SHA1\",\"verdict\":\"valid\",\"recovery_cert_sha1\":\"$REC_CERT_SHA1\"" \
    "{\"path\":\"/usr/local/cm/tftp/CTLFile.tlv\",\"kind\":\"ctl\",\"size\":$(wc -c < "tftp/$PUB/CTLFile.tlv" | tr -d ' '),\"sha1\":\"$CTL_SHA1\",\"verdict\":\"valid\"" \
    "{\"path\":\"/usr/local/cm/tftp/ITLRecovery.p12\",\"kind\":\"itl-recovery-p12\",\"size\":$(wc -c < ITLRecovery.p12 | tr -d ' '),\"sha1\":\"$p12sha1\",\"verdict\":\"matched\",\"recovery_cert_sha1\":\"$REC_CERT_SHA1\"" \
    '"kind":"platform-config"'
printf 'Not#The-Password\n' > "$box/wrong.pw"
rc=0; drs-verify --json --no-progress --password-file "$box/wrong.pw" backup > "$box/drs" || rc=$?
[ $rc = 1 ] || fail "a wrong cluster password: exit $rc"
has "$box/drs" '"status":"wrong-password"'

# The recovery key: opens with its password; it is record 5 of both ITLs.
p12-check --json --at "$CASE_AT" --password-file p12.pw --itl "tftp/$PUB/ITLFile.tlv" \
    --itl "tftp/$SUB/ITLFile.tlv" ITLRecovery.p12 > "$box/p12" ||
    { cat "$box/p12"; fail "p12-check"; }
has "$box/p12" '"password":"matched"' '"algorithm":"sha256","iterations":2048,"verified":true' \
    '"algorithm":"PBES2/PBKDF2/hmacWithSHA256/aes-256-cbc"' \
    "\"sha1\":\"$REC_CERT_SHA1\"" '"key_matches_certificate":true' \
    "{\"itl\":\"tftp/$PUB/ITLFile.tlv\",\"record\":5,\"compared\":true,\"matches\":true}" \
    "{\"itl\":\"tftp/$SUB/ITLFile.tlv\",\"record\":5,\"compared\":true,\"matches\":true}"

# The reset is reproducible: the same ITL, key and timestamp give the same bytes.
itl-sign --resign "tftp/$PUB/ITLFile.tlv" --p12 ITLRecovery.p12 --password-file p12.pw \
    --timestamp "$RESET_TIMESTAMP" --out "$box/reset.tlv" > /dev/null || fail "itl-sign --resign"
[ "$(sha256sum "$box/reset.tlv" | cut -c1-64)" = "$RESET_ITL_SHA256" ] || fail "the reset is not reproducible"
cmp -s "$box/reset.tlv" expected/ITLFile-reset.tlv || fail "expected/ITLFile-reset.tlv differs"

# Phones holding the 2019 ITL reject the one CallManager signs now, and
# take it re-signed by ITLRecovery; phones holding the current one take it too.
for n in $PUB $SUB; do
	rc=0; itl-trust --json --installed "history/$n/ITLFile.tlv" --candidate "tftp/$n/ITLFile.tlv" \
	    > "$box/trust" || rc=$?
	[ $rc = 1 ] || fail "stale $n ITL vs current: exit $rc"
	has "$box/trust" '"verdict":"reject"' '"remedy":"resign-itl-recovery"'
done
itl-trust --json --installed "history/$PUB/ITLFile.tlv" --installed "history/$SUB/ITLFile.tlv" \
    --installed "tftp/$PUB/ITLFile.tlv" --installed "tftp/$SUB/ITLFile.tlv" \
    --candidate expected/ITLFile-reset.tlv > "$box/trust" || { cat "$box/trust"; fail "reset ITL not accepted"; }
[ "$(grep -c '"verdict":"accept","path":"itl-recovery"' "$box/trust")" = 4 ] ||
    { cat "$box/trust"; fail "reset ITL not accepted by the ITLRecovery path"; }

# The phones: sorted as README.md says, from their latest report.
rc=0; itl-phones --json --itl "$PUB=tftp/$PUB/ITLFile.tlv" --itl "$SUB=tftp/$SUB/ITLFile.tlv" \
    --history "history/$PUB/ITLFile.tlv" --history "history/$SUB/ITLFile.tlv" \
    alarms/CiscoSyslog.txt > "$box/phones" || rc=$?
[ $rc = 1 ] || fail "itl-phones: exit $rc"
has "$box/phones" '"counts":{"current":11,"stale-recoverable":8,"stale-depends":0,"stale-unrecoverable":0,"unknown":0,"not-installed":1},"phones":20' \
    '"skipped_lines":0'
for d in $PHONES_CURRENT; do
	line_has "$box/phones" "\"device\":\"$d\"" '"status":"current"'
done
for d in $PHONES_STALE; do
	line_has "$box/phones" "\"device\":\"$d\"" '"status":"stale-recoverable"' \
	    '"path":"itl-recovery"' '"remedy":"resign-itl-recovery"' '"has_itl_recovery":true'
done
for d in $PHONES_NOT_INSTALLED; do
	line_has "$box/phones" "\"device\":\"$d\"" '"status":"not-installed"' '"path":"leap-of-faith"'
done
line_has "$box/phones" '"device":"SEPF8A5C5D1E007"' '"status":"current"' '"reports":2'

# The pasted answers.  show itl after the reset: parses, signed by the
# ITLRecovery certificate (record 5), the predicted file and records.
records="\"cert_sha1\":\"$PUB_CCM_SHA1\" \"cert_sha1\":\"$PUB_CCM_SHA1\" \"cert_sha1\":\"$CAPF_SHA1\" \"cert_sha1\":\"$PUB_TVS_SHA1\" \"cert_sha1\":\"$REC_CERT_SHA1\" \"cert_sha1\":\"$SUB_TVS_SHA1\""
for f in answers/show-itl-after-reset.txt expected/ITLFile-reset.tlv "tftp/$PUB/ITLFile.tlv"; do
	itl-show --json --at "$CASE_AT" "$f" > "$box/show" || { cat "$box/show"; fail "itl-show $f"; }
	[ "$(grep -o '"cert_sha1":"[0-9a-f]*"' "$box/show" | tr '\n' ' ' | sed 's/ $//')" = "$records" ] ||
	    fail "$f: records are not the predicted ones"
done
itl-show --json --at "$CASE_AT" answers/show-itl-after-reset.txt > "$box/show"
has "$box/show" '"format":"text"' '"status":"ok"' "\"sha1\":\"$RESET_ITL_SHA1\"" \
    "\"length\":$RESET_ITL_SIZE" "\"signer\":{\"name\":\"$REC_SUBJECT\"" '"record":5}'
grep -o '{"index":5,[^}]*}' "$box/show" > "$box/rec5"
has "$box/rec5" "\"cert_sha1\":\"$REC_CERT_SHA1\"" '"is_signer":true' '"is_itl_recovery":true'
itl-show --json --at "$CASE_AT" answers/show-itl-still-callmanager.txt > "$box/show" ||
    fail "itl-show still-callmanager"
has "$box/show" "\"sha1\":\"$PUB_ITL_SHA1\"" "\"signer\":{\"name\":\"CN=$PUB.$DOMAIN;" '"record":1}'
rc=0; itl-trust --installed "history/$PUB/ITLFile.tlv" --candidate answers/show-itl-still-callmanager.txt \
    > "$box/trust" || rc=$?
[ $rc = 1 ] || fail "a show itl still signed by CallManager: exit $rc"
itl-trust --installed "history/$PUB/ITLFile.tlv" --candidate answers/show-itl-after-reset.txt \
    > "$box/trust" || fail "the pasted reset is not accepted"
# The reconstructed texts: the restore finished for the publisher's four
# components; replication state 2 on both nodes.
has answers/drs-status-restore.txt 'Status: SUCCESS' "Tar Filename: $BACKUP_ID" \
    'Percentage Complete: 100'
[ "$(grep -c "^UCM $PUB [A-Z]* 100 SUCCESS " answers/drs-status-restore.txt)" = 4 ] ||
    fail "drs-status: not four components at 100% SUCCESS"
grep -q -e FAIL -e ERROR answers/drs-status-restore.txt && fail "drs-status reports a failure"
line_has answers/dbreplication-runtimestate.txt "$PUB_IP" "$PUB " '(2) Setup Completed'
line_has answers/dbreplication-runtimestate.txt "$SUB_IP" "$SUB " '(2) Setup Completed'
cd /
rm -rf "$box"
echo ok
