#!/bin/sh
# drs-extract and drs-rekey from a DRS set inside an archive: from a zip
# (manifest first or last) and a gzip'd tar, the same files, the same
# MANIFEST.json (the set's name aside), JSON line, text and exit status
# as from the set's folder; a component damaged inside the zip refused as
# from the folder (and extracted, marked, with --allow-mismatch); a
# re-run into the same folder leaves the files as they are; an archive of
# many sets is refused; drs-rekey gives the folder's manifest bytes.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
box=$WORK/drs-archive-extract
rm -rf "$box"; mkdir -p "$box"
PW=drs/gen/cluster.pw
printf 'NewSecret99\n' > "$box/new.pw"

# JSON with the set's name and the output folder made alike.
norm() { # FILE SETPREFIX OUT
	python3 -c '
import json, sys
pre, out = sys.argv[2], sys.argv[3]
def fix(v):
    if isinstance(v, str):
        return v.replace(out, "OUT").replace(pre, "")
    if isinstance(v, list):
        return [fix(x) for x in v]
    if isinstance(v, dict):
        return {k: fix(x) for k, x in v.items()}
    return v
txt = open(sys.argv[1]).read()
for line in txt.splitlines():
    print(json.dumps(fix(json.loads(line)), sort_keys=True))
' "$1" "$2" "$3"
}

# same NAME ARCHIVE FOLDER STRIP ARGS...: drs-extract from the archive and
# from the folder, into two fresh folders: trees, MANIFEST.json, JSON
# line, text and exit status alike.
same() {
	_n=$1; _arc=$2; _dir=$3; _strip=$4; shift 4
	rm -rf "$box/$_n.a" "$box/$_n.f" "$box/$_n.at" "$box/$_n.ft"
	set +e
	drs-extract --json --password-file $PW "$@" --out-dir "$box/$_n.f" "$_dir" > "$box/$_n.f.json" 2> "$box/$_n.f.err"; _rf=$?
	drs-extract --json --password-file $PW "$@" --out-dir "$box/$_n.a" "$_arc" > "$box/$_n.a.json" 2> "$box/$_n.a.err"; _ra=$?
	drs-extract --password-file $PW "$@" --out-dir "$box/$_n.ft" "$_dir" > "$box/$_n.f.txt" 2>&1
	drs-extract --password-file $PW "$@" --out-dir "$box/$_n.at" "$_arc" > "$box/$_n.a.txt" 2>&1
	set -e
	[ "$_rf" = "$_ra" ] || fail "$_n: exit $_ra from the archive, $_rf from the folder"
	diff -r -x MANIFEST.json "$box/$_n.f" "$box/$_n.a" || fail "$_n: trees differ"
	[ -n "$(ls "$box/$_n.a")" ] || fail "$_n: nothing extracted"
	printf '%s\n' "$(tr -d '\n' < "$box/$_n.f/MANIFEST.json")" > "$box/$_n.f.m"
	printf '%s\n' "$(tr -d '\n' < "$box/$_n.a/MANIFEST.json")" > "$box/$_n.a.m"
	norm "$box/$_n.f.m" "$_strip" "$box/$_n.f" > "$box/$_n.f.mn"
	norm "$box/$_n.a.m" "$_arc:" "$box/$_n.a" > "$box/$_n.a.mn"
	cmp -s "$box/$_n.f.mn" "$box/$_n.a.mn" || { diff "$box/$_n.f.mn" "$box/$_n.a.mn" | head; fail "$_n: MANIFEST.json differs"; }
	norm "$box/$_n.f.json" "$_strip" "$box/$_n.f" > "$box/$_n.f.jn"
	norm "$box/$_n.a.json" "$_arc:" "$box/$_n.a" > "$box/$_n.a.jn"
	cmp -s "$box/$_n.f.jn" "$box/$_n.a.jn" || { diff "$box/$_n.f.jn" "$box/$_n.a.jn" | head; fail "$_n: JSON differs"; }
	sed -e "s|$box/$_n.ft|OUT|g" -e "s|$_strip||g" "$box/$_n.f.txt" > "$box/$_n.f.tn"
	sed -e "s|$box/$_n.at|OUT|g" -e "s|$_arc:||g" "$box/$_n.a.txt" > "$box/$_n.a.tn"
	cmp -s "$box/$_n.f.tn" "$box/$_n.a.tn" || { diff "$box/$_n.f.tn" "$box/$_n.a.tn" | head; fail "$_n: text differs"; }
	return $_ra
}

d=drs/gen/s1
id=2020-01-02-03-04-05_PUB1
files="${id}_UCM_CLM.tar ${id}_UCM_PLATFORM.tar ${id}_UCM_TFTP.tar 2020-01-02-03-04-05_SUB1_UCM_TFTP.tar"
(cd $d && bsdtar --format zip -cf "$box/last.zip" $files ${id}_drfComponent.xml)
(cd $d && bsdtar --format zip -cf "$box/first.zip" ${id}_drfComponent.xml $files)
(cd drs/gen && tar czf "$box/s1.tgz" s1)
same last "$box/last.zip" $d $d/ || fail "last: exit $?"
same first "$box/first.zip" $d $d/ || fail "first: exit $?"
same tgz "$box/s1.tgz" $d drs/gen/ || fail "tgz: exit $?"
grep -q '"status": "ok"' "$box/tgz.a.jn" || fail "tgz: not ok"
grep -q "\"set\":\"$box/s1.tgz:s1/$id\"" "$box/tgz.a.json" || fail "tgz: set name"
[ -f "$box/first.a/PUB1_UCM_TFTP/usr/local/cm/tftp/ITLFile.tlv" ] || fail "no ITL from the zip"

# A component or member subset reads the same.
same sub "$box/first.zip" $d $d/ --component TFTP --member '*ITL*' || fail "sub: exit $?"
[ ! -e "$box/sub.a/PUB1_UCM_CLM" ] || fail "sub: CLM extracted"

# Re-run into the same folder: nothing changes, said, exit 0.
cp -R "$box/first.a" "$box/before"
drs-extract --json --password-file $PW --out-dir "$box/first.a" "$box/first.zip" > "$box/rerun.json" || fail "rerun: exit $?"
grep -q '"code":"DRS_EXTRACT_UNCHANGED"' "$box/rerun.json" || fail "rerun: no unchanged finding"
diff -r "$box/before" "$box/first.a" || fail "rerun: folder changed"

# A component damaged inside the zip: refused as from the folder, exit 1.
mkdir -p "$box/dmg"
cp drs/gen/s2/* "$box/dmg/"
printf 'X' | dd of="$box/dmg/2020-02-02-03-04-05_PUB_UCM_CLM.tar" bs=1 seek=100 conv=notrunc 2>/dev/null
(cd "$box" && bsdtar --format zip -cf dmg.zip dmg)
if same damaged "$box/dmg.zip" "$box/dmg" "$box/"; then fail "damaged: exit 0"; else r=$?; fi
[ $r = 1 ] || fail "damaged: exit $r"
grep -q '"code": "DRS_COMPONENT_NOT_EXTRACTED"' "$box/damaged.a.jn" || fail "damaged: not refused"
[ ! -e "$box/damaged.a/PUB_UCM_CLM" ] || fail "damaged: CLM extracted"
[ -e "$box/damaged.a/PUB_UCM_TFTP" ] || fail "damaged: TFTP not extracted"
if same mismatch "$box/dmg.zip" "$box/dmg" "$box/" --allow-mismatch; then r=0; else r=$?; fi
grep -q '"code": "DRS_EXTRACTED_UNVERIFIED"' "$box/mismatch.a.jn" || fail "mismatch: not marked"

# The job in-process gives the tool's JSON and exit status.
set +e
job-run --tool drs-extract --secrets $PW drs.extract "{\"input\": \"$box/first.zip\", \"out_dir\": \"$box/job\"}" > "$box/job.json" 2> /dev/null; r=$?
set -e
[ $r = 0 ] || fail "job-run: exit $r"
sed "s|$box/job|$box/first.a|g" "$box/job.json" | cmp -s - "$box/first.a.json" || fail "job-run and drs-extract differ"

# An archive of many sets: one must be named, exit 2, nothing written.
(cd drs && bsdtar --format zip -cf "$box/gen.zip" gen)
set +e
drs-extract --password-file $PW --out-dir "$box/many" "$box/gen.zip" > /dev/null 2> "$box/many.err"; r=$?
set -e
[ $r = 2 ] || fail "many: exit $r"
grep -q "gen.zip: holds [0-9]* sets; name one manifest" "$box/many.err" || { cat "$box/many.err"; fail "many: message"; }
[ ! -e "$box/many" ] || fail "many: folder made"

# drs-rekey from the zip: the folder's manifest bytes, the same output.
for src in $d "$box/first.zip" "$box/s1.tgz"; do
	n=$(basename "$src")
	drs-rekey --password-file $PW --new-password-file "$box/new.pw" --out "$box/rk.$n.xml" "$src" > /dev/null || fail "rekey $n: exit $?"
done
cmp "$box/rk.s1.xml" "$box/rk.first.zip.xml" || fail "rekey: zip differs"
cmp "$box/rk.s1.xml" "$box/rk.s1.tgz.xml" || fail "rekey: tgz differs"
cmp -s "$box/rk.s1.xml" $d/${id}_drfComponent.xml && fail "rekey: nothing changed"
echo ok
