#!/bin/sh
# drs-extract: hostile members are refused and nothing is written outside
# the output folder; artifacts come out intact with mode 0600; MANIFEST.json
# hashes match the files; a re-run leaves what is there; wrong password
# extracts nothing.  Runs in tests/data with WORK set by the driver.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
pw=drs/gen/cluster.pw
box=$WORK/drs-extract-box
rm -rf "$box"; mkdir -p "$box/sub"
rm -f /tmp/itlkit-absolute.txt

# 1. The hostile set, absolute paths refused (--no-rebase): 2 files out,
# 7 refused, exit 1, nothing outside.
rc=0; drs-extract --no-progress --no-rebase --password-file $pw --out-dir "$box/sub/out" drs/gen/evil > "$box/log" || rc=$?
[ $rc = 1 ] || fail "evil: exit $rc, expected 1"
[ -e /tmp/itlkit-absolute.txt ] && fail "absolute member written to /tmp"
[ "$(ls -A "$box")" = "log
sub" ] || fail "something written beside the output folder: $(ls -A "$box")"
[ "$(ls -A "$box/sub")" = out ] || fail "something written beside out: $(ls -A "$box/sub")"
( cd "$box/sub/out" && find . | sort ) > "$box/tree"
cat > "$box/want" <<'EOT'
.
./MANIFEST.json
./PUB1_UCM_PLATFORM
./PUB1_UCM_PLATFORM/link-in
./PUB1_UCM_PLATFORM/link-out
./PUB1_UCM_PLATFORM/link-out/through.txt
./PUB1_UCM_PLATFORM/ok
./PUB1_UCM_PLATFORM/ok/fine.txt
EOT
diff -u "$box/want" "$box/tree" || fail "evil: unexpected tree"
[ "$(readlink "$box/sub/out/PUB1_UCM_PLATFORM/link-in")" = ok/fine.txt ] || fail "inside link"
[ -L "$box/sub/out/PUB1_UCM_PLATFORM/link-out" ] && fail "escaping link created"
python3 - "$box/sub/out" <<'EOP' || fail "evil: MANIFEST.json"
import hashlib, json, sys, os
d = sys.argv[1]
m = json.load(open(os.path.join(d, "MANIFEST.json")))
assert len(m["extracted"]) == 6 and len(m["refused"]) == 7, m
# Every object written is listed: the directories made too.
assert sorted(e["path"] for e in m["extracted"] if e["type"] == "dir") == [
    "PUB1_UCM_PLATFORM", "PUB1_UCM_PLATFORM/link-out", "PUB1_UCM_PLATFORM/ok"], m
reasons = sorted(r["reason"] for r in m["refused"])
assert reasons.count("'..' in path") == 2 and "absolute path" in reasons
assert "device or special file" in reasons and "hard link target outside DIR" in reasons
# Every object written is listed: the inside symbolic link too.
links = [e for e in m["extracted"] if e["type"] == "symlink"]
assert [(e["path"], e["target"]) for e in links] == [("PUB1_UCM_PLATFORM/link-in", "ok/fine.txt")], links
for e in m["extracted"]:
    if e["type"] != "file":
        continue
    h = hashlib.sha256(open(os.path.join(d, e["path"]), "rb").read()).hexdigest()
    assert h == e["sha256"], e
EOP

# 1b. By default an absolute member goes under the folder; the rest of the
# hostile set is refused as before (--out is the older spelling of --out-dir).
rc=0; drs-extract --no-progress --password-file $pw --out "$box/rebased" drs/gen/evil > "$box/log" || rc=$?
[ $rc = 1 ] || fail "evil rebased: exit $rc, expected 1"
[ -e /tmp/itlkit-absolute.txt ] && fail "absolute member written to /tmp"
[ -f "$box/rebased/PUB1_UCM_PLATFORM/tmp/itlkit-absolute.txt" ] || fail "absolute member not rebased"
grep -q '"reason": "absolute path"' "$box/rebased/MANIFEST.json" && fail "absolute member refused by default"
rm -rf "$box/rebased"

# 2. The same extraction again into the same folder: every object there
# already, left; the same refusals (exit 1); MANIFEST.json unchanged, no
# entry twice (drs-extract-rerun.sh for the rest).
cp "$box/sub/out/MANIFEST.json" "$box/first.json"
rc=0; drs-extract --no-progress --no-rebase --password-file $pw --out "$box/sub/out" drs/gen/evil > "$box/log" 2>&1 || rc=$?
[ $rc = 1 ] || fail "rerun: exit $rc, expected 1: $(cat "$box/log")"
cmp -s "$box/first.json" "$box/sub/out/MANIFEST.json" || fail "rerun: MANIFEST.json changed"
grep -q 'DRS_EXTRACT_UNCHANGED: 3 objects' "$box/log" || fail "rerun: $(cat "$box/log")"
rm "$box/first.json"

# 3. Artifacts of a good set, absolute paths rebased under DIR.
out=$box/art
drs-extract --no-progress --password-file $pw --artifacts --rebase-absolute --out "$out" drs/gen/s1 > /dev/null \
	|| fail "artifacts: exit $?"
( cd "$out" && find . -type f | sort ) > "$box/tree"
cat > "$box/want" <<'EOT'
./MANIFEST.json
./PUB1_UCM_CLM/usr/local/platform/.security/ITLRecovery.p12
./PUB1_UCM_CLM/usr/local/platform/.security/tomcat/certs/tomcat.pem
./PUB1_UCM_PLATFORM/common/platformConfig.xml
./PUB1_UCM_TFTP/usr/local/cm/tftp/CTLFile.tlv
./PUB1_UCM_TFTP/usr/local/cm/tftp/ITLFile.tlv
./SUB1_UCM_TFTP/usr/local/cm/tftp/CTLFile.tlv
./SUB1_UCM_TFTP/usr/local/cm/tftp/ITLFile.tlv
EOT
diff -u "$box/want" "$box/tree" || fail "artifacts: unexpected files"
[ "$(cat "$out/PUB1_UCM_CLM/usr/local/platform/.security/ITLRecovery.p12")" = "FAKE PKCS12 (fixture)" ] \
	|| fail "p12 content"
[ "$(stat -c %a "$out/PUB1_UCM_CLM/usr/local/platform/.security/ITLRecovery.p12")" = 600 ] || fail "mode"

# 4. With --no-rebase, absolute members are refused (exit 1).
rc=0; drs-extract --no-progress --no-rebase --password-file $pw --component tftp --member '*ITLFile.tlv' --out "$box/abs" drs/gen/s1 > /dev/null || rc=$?
[ $rc = 1 ] || fail "absolute refused: exit $rc"
grep -q '"reason": "absolute path"' "$box/abs/MANIFEST.json" || fail "absolute reason"
[ "$(grep -c '"member"' "$box/abs/MANIFEST.json")" = 2 ] || fail "member filter"

# 5. A link planted in the output folder is not followed.
mkdir -p "$box/plant" "$box/elsewhere"
ln -s "$box/elsewhere" "$box/plant/PUB1_UCM_PLATFORM"
rc=0; drs-extract --no-progress --password-file $pw --component PLATFORM --out "$box/plant" drs/gen/s1 > /dev/null || rc=$?
[ $rc = 1 ] || fail "planted link: exit $rc"
[ -z "$(ls -A "$box/elsewhere")" ] || fail "wrote through a planted link"

# 6. A component whose checksum does not match: not extracted, status
# corrupt and exit 1 as drs-verify says; --allow-mismatch marks its files.
rc=0; drs-extract --no-progress --json --rebase-absolute --password-file $pw --out "$box/mod" drs/gen/modified > "$box/log" || rc=$?
[ $rc = 1 ] || fail "mismatch: exit $rc, expected 1"
grep -q '"status":"corrupt"' "$box/log" || fail "mismatch: status $(cat "$box/log")"
grep -q '"code":"DRS_COMPONENT_NOT_EXTRACTED"' "$box/log" || fail "mismatch: finding"
[ -e "$box/mod/PUB1_UCM_CCMDB" ] && fail "mismatching component extracted"
[ -f "$box/mod/PUB1_UCM_TFTP/usr/local/cm/tftp/ITLFile.tlv" ] || fail "good component not extracted"
rc=0; drs-extract --no-progress --allow-mismatch --rebase-absolute --password-file $pw --out "$box/mod2" drs/gen/modified > "$box/log" || rc=$?
[ $rc = 1 ] || fail "allow-mismatch: exit $rc, expected 1"
grep -q '^drs/gen/modified/2020-07-02-03-04-05_PUB1: corrupt: ' "$box/log" || fail "allow-mismatch: $(cat "$box/log")"
python3 - "$box/mod2" <<'EOP' || fail "allow-mismatch: MANIFEST.json"
import json, sys, os
m = json.load(open(os.path.join(sys.argv[1], "MANIFEST.json")))
db = [e for e in m["extracted"] if e["component"] == "PUB1_UCM_CCMDB"]
assert db and all(e["checksum"] == "mismatch" for e in db), m
assert all("checksum" not in e for e in m["extracted"] if e["component"] != "PUB1_UCM_CCMDB"), m
EOP

# 7. --force adds to MANIFEST.json and loses nothing it recorded.
drs-extract --no-progress --rebase-absolute --password-file $pw --component TFTP --out "$box/merge" drs/gen/s1 > /dev/null \
	|| fail "merge 1: exit $?"
drs-extract --no-progress --rebase-absolute --force --password-file $pw --component CLM --out "$box/merge" drs/gen/s1 > /dev/null \
	|| fail "merge 2: exit $?"
python3 - "$box/merge" <<'EOP' || fail "merge: MANIFEST.json"
import json, sys, os
m = json.load(open(os.path.join(sys.argv[1], "MANIFEST.json")))
comps = sorted(set(e["component"] for e in m["extracted"]))
assert comps == ["PUB1_UCM_CLM", "PUB1_UCM_TFTP", "SUB1_UCM_TFTP"], comps
assert len([e for e in m["extracted"] if e["type"] == "file"]) == 8, m
EOP

# 8. --max-bytes stops a component; nothing partial stays, under any name.
rc=0; drs-extract --no-progress --max-bytes 10 --password-file $pw --component PLATFORM --out "$box/max" drs/gen/s1 > "$box/log" || rc=$?
[ $rc = 1 ] || fail "max-bytes: exit $rc"
grep -q 'DRS_EXTRACT_LIMIT' "$box/log" || fail "max-bytes: finding"
[ -z "$(find "$box/max" -type f ! -name MANIFEST.json)" ] || fail "max-bytes: left $(find "$box/max" -type f)"

# 9. Wrong password: exit 1, no folder.
rc=0; drs-extract --no-progress --password-file drs/gen/wrong.pw --out "$box/wrong" drs/gen/s1 2> /dev/null || rc=$?
[ $rc = 1 ] || fail "wrong password: exit $rc"
[ -e "$box/wrong" ] && fail "wrong password created the folder"
rm -rf "$box"
echo ok
