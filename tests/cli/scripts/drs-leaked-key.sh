#!/bin/sh
# Leaked component keys, on a set made with the openssl command line alone
# (tests/data/drs/mkset.sh helpers): each component's trailing text holds
# its backup key ("-salt -k KEY", "-pass pass:'KEY'").  The planted key
# opens its component with openssl; drs-verify reports each leak as
# present with its offset; with a wrong password the components decrypt
# only with --use-leaked-key; drs-extract takes them, marked; drs-rekey
# --from-leaked-key gives a manifest that verifies with the new password,
# and refuses a set where one key is not recovered.  No output ever holds
# a key.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
. drs/mkset.sh
box=$WORK/drs-leaked-key
rm -rf "$box"; mkdir -p "$box/src" "$box/set" "$box/part" "$box/re"
K1=Qw12Er34Ty56Ui78Op90
K2=Zx09Cv87Bn65Mm43Lk21
K3=Pp11Oo22Ii33Uu44Yy55
id=2016-03-04-05-06-07
echo "leaked-key fixture" > "$box/src/ITLFile.tlv"
tar -cf "$box/plain.tar" -C "$box/src" ITLFile.tlv
H=$(drs_platform_hex 'Lk#Cluster1')
key=$(drs_scheme_key 1 "$H")
objs=
# comp DIR NAME RANDPW TRAILER: a component with trailing text; its
# checksum covers the file as stored.
comp() {
	_f=$1/${id}_LK1_UCM_$2.tar
	openssl enc -aes-128-cbc -md sha1 -salt -pass "pass:$3" -in "$box/plain.tar" -out "$_f" 2> /dev/null
	printf '%s' "$4" >> "$_f"
	_sum=$(sha1sum "$_f" | cut -c1-40)
	objs="$objs<ComponentObject><ComponentName>$2</ComponentName><EncryptKey>$(drs_value 1 "$key" "$3")</EncryptKey><EncryptedSHA1CheckSum>$(drs_value 1 "$key" "$_sum")</EncryptedSHA1CheckSum></ComponentObject>"
}
manifest() {
	printf '<list><FeatureObject><Version>10.5.2.10000-5</Version><FeatureName>UCM</FeatureName><vServerObject><ServerObj><ServerName>LK1</ServerName><vComponentObject>%s</vComponentObject></ServerObj></vServerObject></FeatureObject></list>\n' "$objs" > "$1/${id}_LK1_drfComponent.xml"
}
comp "$box/set" CLM $K1 "
/usr/bin/openssl enc -aes-128-cbc -md sha1 -salt -k $K1 -in clm.tar
backup of CLM complete
"
comp "$box/set" TFTP $K2 "
openssl enc -aes-128-cbc -md sha1 -pass pass:'$K2' -in tftp.tar
"
manifest "$box/set"
objs=
comp "$box/part" CLM $K1 "
/usr/bin/openssl enc -aes-128-cbc -md sha1 -salt -k $K1 -in clm.tar
"
comp "$box/part" TFTP $K2 "
backup of TFTP complete
"
comp "$box/part" CCMDB $K3 "
openssl enc -aes-128-cbc -md sha1 -salt -k $K1 -in db.tar
"
manifest "$box/part"
printf 'Lk#Cluster1\n' > "$box/right"
printf 'Lk#Wrong99\n' > "$box/wrong"
printf 'Lk#NewPass2\n' > "$box/new"
out=$box/all-output
: > "$out"
run() { # expected-exit command...: output kept for the key search
	_want=$1; shift
	_rc=0; "$@" > "$box/o" 2> "$box/e" || _rc=$?
	cat "$box/o" "$box/e" >> "$out"
	[ "$_rc" = "$_want" ] || { cat "$box/o" "$box/e"; fail "$* exited $_rc, want $_want"; }
}

# The planted key opens its component (openssl alone, trailing text cut).
clm=$box/set/${id}_LK1_UCM_CLM.tar
body=$(( $(wc -c < "$box/plain.tar") / 16 * 16 + 32 ))
head -c $body "$clm" | openssl enc -d -aes-128-cbc -md sha1 -pass "pass:$K1" 2> /dev/null |
	cmp -s - "$box/plain.tar" || fail "planted key does not open CLM"

# Right password: ok; each leak present, at its offset, the backup key.
run 0 drs-verify --json --no-progress --password-file "$box/right" "$box/set"
grep -q '"status":"ok"' "$box/o" || fail "right password not ok"
off=$(grep -a -bo -- "-k $K1" "$clm" | cut -d: -f1)
off=$((off + 3))
grep -q "\"component\":\"CLM\".*\"leaked_keys\":\[{\"key\":\"present\",\"form\":\"-k\",\"offset\":$off,\"length\":20,\"opened\":null}\]" "$box/o" ||
	fail "CLM leak not at $off"
grep -q "\"form\":\"-pass pass:\"" "$box/o" || fail "TFTP -pass leak"
[ "$(grep -o "present at byte [0-9]* of the file (20 characters, the component's backup password)" "$box/o" | wc -l)" = 2 ] ||
	fail "two leaks of backup passwords"

# Wrong password, without the flag: nothing decrypts.
run 1 drs-verify --json --no-progress --password-file "$box/wrong" "$box/set"
grep -q '"status":"wrong-password"' "$box/o" || fail "wrong password"
grep -q '"decrypted":true' "$box/o" && fail "decrypted without --use-leaked-key"
grep -q DRS_LEAKED_KEY_OPENED "$box/o" && fail "leak used without the flag"

# With the flag: both decrypt with their leaked key; the verdict stays.
run 1 drs-verify --json --no-progress --password-file "$box/wrong" --use-leaked-key "$box/set"
grep -q '"status":"wrong-password"' "$box/o" || fail "status changed by leaked keys"
[ "$(grep -o '"decrypted":true,"payload":"tar","members":1' "$box/o" | wc -l)" = 2 ] ||
	fail "both components decrypt with leaked keys"
[ "$(grep -o '"code":"DRS_LEAKED_KEY_OPENED"' "$box/o" | wc -l)" = 2 ] ||
	fail "two DRS_LEAKED_KEY_OPENED"
grep -q '"path":"ITLFile.tlv","kind":"itl"' "$box/o" || fail "artifact listed"
run 1 drs-verify --no-progress --use-leaked-key "$box/set" < /dev/null
grep -q "leaked key: present at byte $off (20 characters, openssl '-k'), opened the component" "$box/o" ||
	fail "text names the leak"

# Extraction: without the flag nothing; with it both, marked.
run 1 drs-extract --no-progress --password-file "$box/wrong" --out "$box/x0" "$box/set"
[ -e "$box/x0/MANIFEST.json" ] && fail "extracted without the flag"
run 1 drs-extract --json --no-progress --use-leaked-key --out "$box/x1" "$box/set" < /dev/null
grep -q '"extracted":4,"refused":0,' "$box/o" &&
	grep -q '"status":"unverified","findings"' "$box/o" || fail "extract with leaked keys"
cmp -s "$box/x1/LK1_UCM_CLM/ITLFile.tlv" "$box/src/ITLFile.tlv" || fail "CLM content"
cmp -s "$box/x1/LK1_UCM_TFTP/ITLFile.tlv" "$box/src/ITLFile.tlv" || fail "TFTP content"
[ "$(grep -c '"key": "leaked"' "$box/x1/MANIFEST.json")" = 4 ] || fail "MANIFEST.json marks"
cat "$box/x1/MANIFEST.json" >> "$out"

# Re-key from the leaked keys, old password unknown; the result verifies
# with the new password and not with the old one.
run 0 drs-rekey --json --from-leaked-key --new-password-file "$box/new" \
	--out "$box/re/${id}_LK1_drfComponent.xml" "$box/set" < /dev/null
grep -q '"scheme":1,"components":2,"from_leaked_keys":true,"status":"ok"' "$box/o" || fail "rekey report"
cp "$box/set/${id}_LK1_UCM_CLM.tar" "$box/set/${id}_LK1_UCM_TFTP.tar" "$box/re/"
run 0 drs-verify --json --deep --no-progress --password-file "$box/new" "$box/re"
grep -q '"scheme":1,"password":"verified"' "$box/o" || fail "re-keyed set does not verify"
grep -q '"status":"ok"' "$box/o" || fail "re-keyed set not ok"
run 1 drs-verify --no-progress --password-file "$box/right" "$box/re"
grep -q ': wrong-password' "$box/o" || fail "old password still opens the re-keyed set"

# A leaked key that is not the component's: tried, reported, no verdict
# on the file (not corrupt), nothing decrypted.
run 1 drs-verify --json --no-progress --use-leaked-key "$box/part" < /dev/null
grep -q '"status":"unverified"' "$box/o" || fail "a failed leak changed the status"
grep -q '"code":"DRS_LEAKED_KEY_FAILED","message":"no key leaked in the trailing text opens the component (1 tried): ' "$box/o" ||
	fail "DRS_LEAKED_KEY_FAILED"
grep -q '"component":"CCMDB".*"decrypted":null,"payload":null.*"opened":false' "$box/o" ||
	fail "CCMDB shows no decryption"
grep -q DRS_DECRYPT_FAILED "$box/o" && fail "a failed leak is a decryption failure"

# A key not recovered: refused, naming the component; nothing written.
run 1 drs-rekey --from-leaked-key --new-password-file "$box/new" \
	--out "$box/part-new.xml" "$box/part" < /dev/null
grep -q "component TFTP of LK1 (2 of 3): key not recovered: no key leaked in its trailing text; refusing to re-key" "$box/e" ||
	fail "refusal message"
[ -e "$box/part-new.xml" ] && fail "written despite the refusal"
# Without the flag and without the old password: refused as before.
run 1 drs-rekey --password-file "$box/wrong" --new-password-file "$box/new" \
	--out "$box/part-new.xml" "$box/set"

# No output, message or MANIFEST.json ever holds a key.
grep -q -e "$K1" -e "$K2" -e "$K3" "$out" && fail "a leaked key was printed"
[ -s "$out" ] || fail "no output collected"
rm -rf "$box"
echo ok
