#!/bin/sh
# drs-verify --deep judges the recovery artifacts it finds inside a
# component with the trust-list and PKCS#12 code: the backed-up ITL is
# verified, ITLRecovery.p12 is opened with the cluster password candidates,
# and the key is matched against the ITL's ITLRECOVERY record.  Sets made
# with the openssl command line (tests/data/drs/mkset.sh).
set -eu
fail() { echo "FAIL: $*"; exit 1; }
. drs/mkset.sh
box=$WORK/drs-artifacts-box
rm -rf "$box"; mkdir -p "$box/good/usr/local/cm/tftp" "$box/bad/usr/local/cm/tftp" "$box/s" "$box/f"
cp p12/before.tlv "$box/good/usr/local/cm/tftp/ITLFile.tlv"
cp p12/itlrecovery-legacy.p12 "$box/good/usr/local/cm/tftp/ITLRecovery.p12"
cp p12/before.tlv "$box/bad/usr/local/cm/tftp/ITLFile.tlv"
cp p12/foreign.p12 "$box/bad/usr/local/cm/tftp/ITLRecovery.p12"
tar -czf "$box/good.tgz" -C "$box/good" usr
tar -czf "$box/bad.tgz" -C "$box/bad" usr
# The p12 password here is the cluster security password itself.
drs_mkset "$box/s" 2023-01-01-00-00-00 PUB 10.5.2.10000-5 1 cisco123 Aa11Bb22Cc33Dd44Ee55 TFTP "$box/good.tgz"
drs_mkset "$box/f" 2023-02-01-00-00-00 PUB 10.5.2.10000-5 1 cisco123 Aa11Bb22Cc33Dd44Ee55 TFTP "$box/bad.tgz"
printf 'cisco123\n' > "$box/pw"

drs-verify --json --deep --no-progress --password-file "$box/pw" "$box/s" > "$box/out" \
	|| { cat "$box/out"; fail "good set does not verify"; }
size=$(wc -c < p12/before.tlv | tr -d ' ')
sha=$(sha1sum p12/before.tlv | cut -c1-40)
grep -q "\"kind\":\"itl\",\"size\":$size,\"sha1\":\"$sha\",\"verdict\":\"valid\",\"recovery_cert_sha1\":\"0ec90fa754f2d77da1014847423d7dcb0c26e124\"" "$box/out" \
	|| { cat "$box/out"; fail "ITL artifact not verified"; }
grep -q '"kind":"itl-recovery-p12",.*"verdict":"matched","recovery_cert_sha1":"0ec90fa754f2d77da1014847423d7dcb0c26e124"' "$box/out" \
	|| { cat "$box/out"; fail "p12 artifact not opened"; }
grep -q '"code":"DRS_RECOVERY_KEY_MATCHES_ITL"' "$box/out" || fail "no match finding"
grep -q '"status":"ok"' "$box/out" || fail "good set not ok"

# A foreign recovery key in the backup: warned, the set itself stays ok.
drs-verify --json --deep --no-progress --password-file "$box/pw" "$box/f" > "$box/out" \
	|| { cat "$box/out"; fail "foreign-key set exit status"; }
grep -q '"code":"DRS_RECOVERY_KEY_MISMATCH"' "$box/out" || { cat "$box/out"; fail "no mismatch finding"; }
grep -q 'DRS_RECOVERY_KEY_MATCHES_ITL' "$box/out" && fail "mismatch reported as match"

# A p12 the candidates do not open: said so, never the password.
printf 'nope\n' > "$box/pw2"
rc=0; drs-verify --json --deep --no-progress --password-file "$box/pw2" "$box/s" > "$box/out" || rc=$?
[ $rc = 1 ] || fail "wrong cluster password accepted"
grep -q 'cisco123' "$box/out" && fail "a password was printed"
rm -rf "$box"
echo ok
