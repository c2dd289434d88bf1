#!/bin/sh
# drs-rekey: for sets of schemes 1 to 4 the re-keyed manifest verifies
# with the new password and not with the old; only the value lines change;
# a wrong old password writes nothing; no overwrite without --force.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
box=$WORK/drs-rekey-box
rm -rf "$box"; mkdir -p "$box"
old=drs/gen/cluster.pw
printf 'New#Cluster-Pass2\n' > "$box/new.pw"
for s in s1 s2 s3 s4; do
	cp -r drs/gen/$s "$box/$s"
	m=$(ls "$box/$s"/*_drfComponent.xml)
	drs-rekey --password-file $old --new-password-file "$box/new.pw" \
		--out "$box/$s.xml" "$m" > /dev/null || fail "$s: rekey exit $?"
	[ "$(stat -c %a "$box/$s.xml")" = 600 ] || fail "$s: mode"
	# Only the value lines differ, each of them.
	n=$(grep -c -e '<EncryptKey>' -e '<EncryptedSHA1CheckSum>' "$m")
	d=$(diff "$m" "$box/$s.xml" | grep -c '^>' || true)
	[ "$n" = "$d" ] || fail "$s: $d lines changed, expected $n"
	diff "$m" "$box/$s.xml" | grep '^>' | grep -v -e '<EncryptKey>[0-9a-f]*</EncryptKey>' \
		-e '<EncryptedSHA1CheckSum>[0-9a-f]*</EncryptedSHA1CheckSum>' && fail "$s: other change"
	cp "$box/$s.xml" "$m"
	drs-verify --deep --password-file "$box/new.pw" "$box/$s" > /dev/null || fail "$s: new password does not verify"
	rc=0; drs-verify --password-file $old "$box/$s" > "$box/out" || rc=$?
	[ $rc = 1 ] && grep -q 'wrong-password' "$box/out" || fail "$s: old password still verifies"
done
# Wrong old password: exit 1, nothing written.
rc=0; drs-rekey --password-file drs/gen/wrong.pw --new-password-file "$box/new.pw" \
	--out "$box/none.xml" drs/gen/s2 2> "$box/err" || rc=$?
[ $rc = 1 ] || fail "wrong old password: exit $rc"
grep -q 'refusing to re-key' "$box/err" || fail "wrong old password: message"
[ -e "$box/none.xml" ] && fail "wrong old password wrote a manifest"
# Existing output without --force: exit 2, file untouched; with --force: replaced.
echo keep > "$box/exists.xml"
rc=0; drs-rekey --password-file $old --new-password-file "$box/new.pw" \
	--out "$box/exists.xml" drs/gen/s2 2> /dev/null || rc=$?
[ $rc = 2 ] && [ "$(cat "$box/exists.xml")" = keep ] || fail "overwrite without --force: exit $rc"
drs-rekey --force --password-file $old --new-password-file "$box/new.pw" \
	--out "$box/exists.xml" drs/gen/s2 > /dev/null || fail "--force"
grep -q EncryptKey "$box/exists.xml" || fail "--force did not write"
rm -rf "$box"
echo ok
