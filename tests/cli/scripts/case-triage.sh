#!/bin/sh
# case-triage on a generated bundle with known truth (samples/mkdemo.sh:
# itlkit's own itl-sign and the openssl command line): a two-node cluster
# whose 2024 ITLs lock out phones holding the 2019 ones, a `show itl`
# paste, ITLRecovery.p12 with a candidates file (the password on line 2),
# a DRS set and phone alarms.  As a folder and zipped: every file
# classified right, every headline the known one, the same case.json
# (paths aside: the zip's DRS set is verified inside the zip), no secret
# in any output, hostile names inert in the page, and the exit statuses.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
box=$WORK/case-triage
rm -rf "$box"
mkdir -p "$box"
bindir=$(dirname "$(command -v itl-sign)")
sh "$DATA/../../samples/mkdemo.sh" "$box/demo" "$bindir" > "$box/mkdemo.log" 2>&1 ||
    { cat "$box/mkdemo.log"; fail "mkdemo.sh"; }
. "$box/demo/truth.env"
d=$box/demo
b=$box/bundle
mkdir -p "$b/nodes" "$b/old"
cp -R "$d/tftp/$PUB" "$d/tftp/$SUB" "$b/nodes/"
cp -R "$d/history/$PUB" "$d/history/$SUB" "$b/old/"
mv "$b/old/$PUB/ITLFile.tlv" "$b/old/$PUB/itl-2019.bin"
cp "$d/answers/show-itl-still-callmanager.txt" "$b/paste.txt"
cp "$d/ITLRecovery.p12" "$b/"
cp -R "$d/backup" "$d/alarms" "$b/"
cp "$d/certs/rec.pem" "$b/recovery-cert.pem"
printf 'Winter2024!\n%s\nSpring2025?\n' "$(cat "$d/p12.pw")" > "$b/candidates.txt"
echo "not a file of the case" > "$b/notes.txt"
(cd "$b" && bsdtar --format zip -cf "$box/bundle.zip" *) || fail "zip"
pw=$(cat "$d/cluster.pw")

run() { # OUT INPUT: case-triage on INPUT into OUT, exit status in OUT.rc
	set +e
	case-triage --at "$CASE_AT" --password-file "$b/candidates.txt" \
	    --cluster-password-file "$d/cluster.pw" --out-dir "$1" "$2" \
	    > "$1.out" 2> "$1.err"
	echo $? > "$1.rc"
	set -e
}
run "$box/f" "$b"
run "$box/z" "$box/bundle.zip"
[ "$(cat "$box/f.rc")" = 1 ] || { cat "$box/f.err"; fail "folder: exit $(cat "$box/f.rc"), not 1"; }
[ "$(cat "$box/z.rc")" = 1 ] || { cat "$box/z.err"; fail "zip: exit $(cat "$box/z.rc"), not 1"; }
for o in f z; do
	for f in case.md case.html case.json; do
		[ -s "$box/$o/$f" ] || fail "$o/$f not written"
	done
done

# The inventory: every file by content, never by name.
cat > "$box/kinds.want" <<EOT
ITLRecovery.p12 p12
alarms/CiscoSyslog.txt events
backup/${BACKUP_ID}_${PUB}_UCM_CCMDB.tar drs-set component
backup/${BACKUP_ID}_${PUB}_UCM_CLM.tar drs-set component
backup/${BACKUP_ID}_${PUB}_UCM_PLATFORM.tar drs-set component
backup/${BACKUP_ID}_${PUB}_UCM_TFTP.tar drs-set component
backup/${BACKUP_ID}_${PUB}_drfComponent.xml drs-set manifest
backup/${BACKUP_ID}_${SUB}_UCM_CLM.tar drs-set component
backup/${BACKUP_ID}_${SUB}_UCM_PLATFORM.tar drs-set component
backup/${BACKUP_ID}_${SUB}_UCM_TFTP.tar drs-set component
candidates.txt password-list
nodes/$PUB/CTLFile.tlv ctl
nodes/$PUB/ITLFile.tlv itl
nodes/$SUB/CTLFile.tlv ctl
nodes/$SUB/ITLFile.tlv itl
notes.txt unknown
old/$PUB/CTLFile.tlv ctl
old/$PUB/itl-2019.bin itl
old/$SUB/ITLFile.tlv itl
paste.txt show-itl
recovery-cert.pem certificate
EOT
kinds() { # case.json: "name kind [part]" per file of the bundle
	python3 -c '
import json, sys
for i in json.load(open(sys.argv[1]))["inventory"]:
    if i["kind"] == "password-list" and "/" in i["name"]:
        continue
    print(" ".join(x for x in (i["name"], i["kind"], i.get("part")) if x))
' "$1"
}
kinds "$box/f/case.json" > "$box/f.kinds"
cmp -s "$box/kinds.want" "$box/f.kinds" || { diff "$box/kinds.want" "$box/f.kinds"; fail "folder inventory"; }
# In the zip the candidates file is a member: content alone never makes
# a password list (the option names the file outside it).
sed 's/^candidates.txt password-list$/candidates.txt unknown/' "$box/kinds.want" > "$box/kinds.zip"
kinds "$box/z/case.json" > "$box/z.kinds"
cmp -s "$box/kinds.zip" "$box/z.kinds" || { diff "$box/kinds.zip" "$box/z.kinds"; fail "zip inventory"; }

# The headlines: the known truth, in order.
nstale=$(echo "$PHONES_STALE" | wc -w | tr -d ' ')
cat > "$box/head.want" <<EOT
ACTION Phones holding $PUB's 2019-06-03 ITL will refuse the 2024-05-21 one (signer and TVS both changed): re-sign with ITLRecovery (B/ITLRecovery.p12 matches, password candidate line 2) and reset the phones
ACTION Phones holding $SUB's 2019-06-03 ITL will refuse the 2024-05-21 one (signer and TVS both changed): re-sign with ITLRecovery (B/ITLRecovery.p12 matches, password candidate line 2) and reset the phones
ok     The nodes agree on the ITLRecovery certificate (ITLRECOVERY_$PUB.$DOMAIN)
ACTION $nstale of $PHONES_ALL phones hold an older ITL than their node serves now
ACTION A bulk ITL reset reaches $PHONES_ALL of $PHONES_ALL phones
ok     B/ITLRecovery.p12 opens with password candidate line 2; its certificate is valid until 2039-05-29
EOT
{ cat "$box/head.want"
  echo "ok     Backup $BACKUP_ID of $PUB is restorable with the given password; it carries ITLRecovery.p12"
} > "$box/head.f"
sed "s|$b/|B/|g" "$box/f.out" > "$box/f.got"
cmp -s "$box/head.f" "$box/f.got" || { diff "$box/head.f" "$box/f.got"; fail "folder headlines"; }
sed "s|$box/bundle.zip:|B/|g" "$box/z.out" > "$box/z.got"
cmp -s "$box/head.f" "$box/z.got" || { diff "$box/head.f" "$box/z.got"; fail "zip headlines"; }

# The same case.json from both forms, paths aside: the DRS job is given
# the folder's manifest or the zip, and names a set inside the zip by the
# zip ("set") and its path inside ("member", "manifest").
norm() { # case.json prefix -> canonical JSON without paths
	python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
del c["inputs"]
for a in c["analyses"]:
    if not a["job"].startswith("drs."):
        continue
    a["args"]["inputs"] = ["(the set)"]
    for o in a["result"]:
        if "member" in o:
            arc = o["set"]
            o["set"] = arc + ":" + o.pop("member")
            if isinstance(o.get("manifest"), str):
                o["manifest"] = arc + ":" + o["manifest"]
def strip(v):
    if isinstance(v, str):
        return v.replace(sys.argv[2], "")
    if isinstance(v, list):
        return [strip(x) for x in v]
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items()}
    return v
c = strip(c)
c["inventory"] = [dict((k, x) for k, x in i.items() if k != "note")
    for i in c["inventory"]
    if not (i["kind"] == "password-list" and i["name"].startswith("/"))]
for i in c["inventory"]:
    if i["name"] == "candidates.txt":
        i["kind"] = "unknown"
        i.pop("sha256", None)
print(json.dumps(c, indent=1, sort_keys=True))
' "$1" "$2"
}
norm "$box/f/case.json" "$b/" > "$box/f.norm"
norm "$box/z/case.json" "$box/bundle.zip:" > "$box/z.norm"
cmp -s "$box/f.norm" "$box/z.norm" || { diff "$box/f.norm" "$box/z.norm" | head -40; fail "case.json differs between folder and zip"; }
grep -q '"job": "itl.trust"' "$box/f.norm" || fail "no itl.trust in case.json"
grep -q '"job": "drs.verify"' "$box/f/case.json" || fail "no drs.verify in case.json"
grep -q '"job": "drs.verify"' "$box/z.norm" || fail "no drs.verify of the zip in case.json"

# No secret anywhere: not the passwords, not the wrong candidates.
for o in f z; do
	for s in "$pw" 'Winter2024!' 'Spring2025?'; do
		if grep -rqF -- "$s" "$box/$o" "$box/$o.out" "$box/$o.err"; then
			fail "$o: a password is in the output"
		fi
	done
done

# The page: self-contained (nothing fetched), three pictures.
h=$box/f/case.html
grep -qi '<script\|src=\|href=\|@import\|url(' "$h" && fail "case.html refers to something"
grep -q "default-src 'none'" "$h" || fail "case.html without its CSP"
[ "$(grep -c '<svg' "$h")" = 3 ] || fail "case.html: not 3 pictures"

# Hostile names: inert in HTML and Markdown, printable on a terminal.
hb=$box/hostile
mkdir -p "$hb/<img src=x onerror=alert(1)>"
cp "$d/tftp/$PUB/ITLFile.tlv" "$hb/<img src=x onerror=alert(1)>/a|b\`c.tlv"
printf 'x' > "$hb/esc$(printf '\033')[31m.txt"
set +e
case-triage --at "$CASE_AT" --out-dir "$box/h" "$hb" > "$box/h.out" 2>&1
rc=$?
set -e
[ "$rc" = 0 ] || { cat "$box/h.out"; fail "hostile bundle: exit $rc, not 0"; }
grep -q '<img' "$box/h/case.html" && fail "a file name became HTML"
grep -q '&lt;img src=x onerror=alert(1)&gt;' "$box/h/case.html" || fail "name not escaped in HTML"
grep -qF '\<img src=x onerror=alert\(1\)\>/a\|b\`c.tlv' "$box/h/case.md" || fail "name not escaped in Markdown"
grep -q "$(printf '\033')" "$box/h/case.md" "$box/h/case.html" "$box/h/case.json" "$box/h.out" &&
    fail "an escape character reached an output"

# Nothing needs action: the two current ITLs, which agree.
mkdir -p "$box/ok"
cp "$d/tftp/$PUB/ITLFile.tlv" "$box/ok/pub.tlv"
cp "$d/tftp/$SUB/ITLFile.tlv" "$box/ok/sub.tlv"
set +e
case-triage --at "$CASE_AT" --out-dir "$box/okout" "$box/ok" > "$box/ok.out" 2>&1
rc=$?
set -e
[ "$rc" = 0 ] || { cat "$box/ok.out"; fail "current lists: exit $rc, not 0"; }
grep -q "^ok     The nodes agree on the ITLRecovery certificate" "$box/ok.out" || fail "agreement not told"
grep -q "^?      Which phones hold which ITL?" "$box/ok.out" || fail "unanswered question not listed"

# A bundle that cannot be read: exit 2, the reason named.
set +e
case-triage --out-dir "$box/none" "$box/no-such-bundle" > "$box/none.out" 2>&1
rc=$?
set -e
[ "$rc" = 2 ] || fail "unreadable bundle: exit $rc, not 2"
grep -q "no-such-bundle: cannot open" "$box/none.out" || { cat "$box/none.out"; fail "unreadable bundle: no reason"; }

# A full disk (no byte may be written): exit 2, each file named, nothing
# left under its name nor as a temporary file.
# (Its messages go through a pipe: the limit applies to any file written.)
{ if sh -c 'ulimit -f 0; exec case-triage --at "$1" --out-dir "$2" "$3"' \
    sh "$CASE_AT" "$box/full" "$box/ok" 2>&1 > /dev/null; then echo "exit 0"
  else echo "exit $?"; fi; } | cat > "$box/full.err"
grep -q "^exit 2$" "$box/full.err" || { cat "$box/full.err"; fail "full disk: not exit 2"; }
for f in case.md case.html case.json; do
	grep -q "full/$f: cannot write: File too large" "$box/full.err" ||
	    { cat "$box/full.err"; fail "full disk: $f not named"; }
done
[ -z "$(ls -A "$box/full" 2>/dev/null)" ] || fail "full disk: files left: $(ls -A "$box/full")"

# The job gives the tool's JSON.
case-triage --json --at "$CASE_AT" --out-dir "$box/t" "$box/ok" > "$box/tool.json" 2>&1 || true
job-run --tool case-triage case.triage \
    "{\"inputs\":[\"$box/ok\"],\"at\":\"$CASE_AT\",\"out_dir\":\"$box/t\"}" > "$box/job.json" 2>&1 || true
cmp -s "$box/tool.json" "$box/job.json" || fail "job-run case.triage differs from case-triage --json"
echo ok
