#!/bin/sh
# DRS sets inside archives: the test sets zipped and tarred (gzip'd) give
# drs-ls and drs-verify (--deep, with the password) the same JSON, text
# and exit status as the folders, paths aside (the archive is "set", the
# set inside it "member"); the manifest stored after its components or
# before them reads the same; a component damaged inside the zip is
# corrupt as in the folder; an archive inside the archive is read.
# Hostile archives: a set's file twice, a '..' path, thousands of files
# named like a set's, a cut archive, no set at all: bounded, said, never
# a crash.  (drs-extract and drs-rekey: drs-archive-extract.sh.)
set -eu
fail() { echo "FAIL: $*"; exit 1; }
box=$WORK/drs-archive
rm -rf "$box"; mkdir -p "$box"
PW=drs/gen/cluster.pw

# JSON lines with the paths made alike: "set" is the folder path or
# ARCHIVE + member, "manifest" relative to the tree given.
norm() { # FILE PREFIX
	python3 -c '
import json, sys
pre = sys.argv[2]
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "member" in o:
        o["set"] = o.pop("member")
    elif isinstance(o.get("set"), str) and o["set"].startswith(pre):
        o["set"] = o["set"][len(pre):]
    m = o.get("manifest")
    if isinstance(m, str) and m.startswith(pre):
        o["manifest"] = m[len(pre):]
    print(json.dumps(o, sort_keys=True))
' "$1" "$2"
}

# same NAME ARCHIVE FOLDER STRIP CMD...: JSON and text alike, and the same
# exit status, the folder's paths without STRIP, the archive's without it.
same() {
	_n=$1; _arc=$2; _pre=$3; _strip=$4; shift 4
	set +e
	"$@" --json "$_pre" > "$box/$_n.f.json" 2> "$box/$_n.f.err"; _rf=$?
	"$@" --json "$_arc" > "$box/$_n.a.json" 2> "$box/$_n.a.err"; _ra=$?
	"$@" "$_pre" > "$box/$_n.f.txt" 2>&1
	"$@" "$_arc" > "$box/$_n.a.txt" 2>&1
	set -e
	[ "$_rf" = "$_ra" ] || fail "$_n: exit $_ra from the archive, $_rf from the folder"
	norm "$box/$_n.f.json" "$_strip" > "$box/$_n.f.norm"
	norm "$box/$_n.a.json" "" > "$box/$_n.a.norm"
	cmp -s "$box/$_n.f.norm" "$box/$_n.a.norm" || { diff "$box/$_n.f.norm" "$box/$_n.a.norm" | head -20; fail "$_n: JSON differs"; }
	sed "s|$_arc:|$_strip|" "$box/$_n.a.txt" > "$box/$_n.a.txt2"
	cmp -s "$box/$_n.f.txt" "$box/$_n.a.txt2" || { diff "$box/$_n.f.txt" "$box/$_n.a.txt2" | head -20; fail "$_n: text differs"; }
	[ -s "$box/$_n.f.norm" ] || fail "$_n: no output"
}

# Every generated set (good, missing, modified, truncated, plain tar
# components, leaks, trial schemes...) as one tree.
(cd drs && bsdtar --format zip -cf "$box/gen.zip" gen) || fail "zip"
(cd drs && tar czf "$box/gen.tgz" gen) || fail "tgz"
same ls-zip "$box/gen.zip" drs/gen drs/ drs-ls
same ls-tgz "$box/gen.tgz" drs/gen drs/ drs-ls
same verify-zip "$box/gen.zip" drs/gen drs/ drs-verify --deep --password-file $PW
same verify-tgz "$box/gen.tgz" drs/gen drs/ drs-verify --deep --password-file $PW
same wrong-zip "$box/gen.zip" drs/gen drs/ drs-verify --password-file drs/gen/wrong.pw
grep -q '"status": "corrupt"' "$box/verify-zip.a.norm" || fail "no corrupt set in the tree"
# The job in-process gives the tool's JSON and exit status.
set +e
job-run --tool drs-verify --secrets $PW drs.verify "{\"inputs\": [\"$box/gen.zip\"], \"deep\": true}" > "$box/job.json" 2> /dev/null; r=$?
set -e
[ $r = 1 ] || fail "job-run: exit $r"
cmp -s "$box/job.json" "$box/verify-zip.a.json" || fail "job-run and drs-verify differ on the zip"
grep -q '"member":"' "$box/verify-zip.a.json" || fail "no member in the archive's JSON"
grep -q "\"set\":\"$box/gen.zip\",\"member\":\"gen/s1/2020-01-02-03-04-05_PUB1\"" "$box/verify-zip.a.json" || fail "set and member"

# The manifest after its components (as a zip of a folder often has it),
# and before them: the same.
d=drs/gen/s1
id=2020-01-02-03-04-05_PUB1
(cd $d && bsdtar --format zip -cf "$box/last.zip" ${id}_UCM_CLM.tar ${id}_UCM_PLATFORM.tar ${id}_UCM_TFTP.tar 2020-01-02-03-04-05_SUB1_UCM_TFTP.tar ${id}_drfComponent.xml)
(cd $d && bsdtar --format zip -cf "$box/first.zip" ${id}_drfComponent.xml 2020-01-02-03-04-05_SUB1_UCM_TFTP.tar ${id}_UCM_CLM.tar ${id}_UCM_TFTP.tar ${id}_UCM_PLATFORM.tar)
bsdtar -tf "$box/last.zip" | tail -1 | grep -q drfComponent || fail "manifest not last"
bsdtar -tf "$box/first.zip" | head -1 | grep -q drfComponent || fail "manifest not first"
same last "$box/last.zip" $d $d/ drs-verify --deep --password-file $PW
same first "$box/first.zip" $d $d/ drs-verify --deep --password-file $PW
grep -q '"status": "ok"' "$box/last.a.norm" || fail "s1 not ok from the zip"

# A component damaged inside the zip: corrupt, as in the folder.
mkdir -p "$box/dmg"
cp drs/gen/s2/* "$box/dmg/"
printf 'X' | dd of="$box/dmg/2020-02-02-03-04-05_PUB_UCM_CLM.tar" bs=1 seek=100 conv=notrunc 2>/dev/null
(cd "$box" && bsdtar --format zip -cf dmg.zip dmg)
same damaged "$box/dmg.zip" "$box/dmg" "$box/" drs-verify --deep --password-file $PW
grep -q '"code": "DRS_CHECKSUM_MISMATCH"' "$box/damaged.a.norm" || fail "damaged: no mismatch"
grep -q '"status": "corrupt"' "$box/damaged.a.norm" || fail "damaged: not corrupt"

# An archive inside the archive (one level, as the input loader reads).
(cd "$box" && tar czf outer.tgz first.zip)
set +e
drs-verify --json --password-file $PW "$box/outer.tgz" > "$box/outer.json"; r=$?
set -e
[ $r = 0 ] || fail "nested: exit $r"
grep -q "\"member\":\"first.zip:$id\"" "$box/outer.json" || fail "nested member name"

# Absolute member paths at the archive's top: read as they are named.
(cd drs/gen/s2 && bsdtar -cPf "$box/abs.tar" -s ',^,/,' *) || fail "abs tar"
bsdtar -tPf "$box/abs.tar" | grep -q '^/2020-02-02-03-04-05_PUB_drfComponent.xml$' || fail "abs: not absolute"
drs-verify --json --password-file $PW "$box/abs.tar" > "$box/abs.json" || fail "abs: not ok"
grep -q '"member":"/2020-02-02-03-04-05_PUB","sha256":".*"manifest":"/2020-02-02-03-04-05_PUB_drfComponent.xml".*"status":"ok"' "$box/abs.json" || fail "abs: names"

# The same file twice: the first is read, the set is corrupt.
mkdir -p "$box/dup"
cp drs/gen/s2/* "$box/dup/"
(cd "$box" && tar cf dup.tar dup && tar rf dup.tar dup/2020-02-02-03-04-05_PUB_UCM_TFTP.tar)
set +e
drs-verify --json --password-file $PW "$box/dup.tar" > "$box/dup.json"; r=$?
set -e
[ $r = 1 ] || fail "duplicate: exit $r"
grep -q '"code":"DRS_ARCHIVE_DUPLICATE","message":"the archive holds 2 members with this path: the first one is read' "$box/dup.json" || fail "duplicate finding"
grep -q '"status":"corrupt"' "$box/dup.json" || fail "duplicate: not corrupt"

# A '..' in a member's path: not part of any set, said, exit 1.
mkdir -p "$box/dd/x"
cp drs/gen/s2/* "$box/dd/"
(cd "$box/dd/x" && bsdtar -cf ../../dotdot.tar -P ../2020-02-02-03-04-05_PUB_drfComponent.xml ../2020-02-02-03-04-05_PUB_UCM_CLM.tar) || fail "dotdot tar"
set +e
drs-ls --json "$box/dotdot.tar" > "$box/dotdot.json" 2> "$box/dotdot.err"; r=$?
set -e
[ $r = 2 ] || fail "dotdot: exit $r"
grep -q 'DRS_ARCHIVE_PATH_REFUSED' "$box/dotdot.json" || fail "dotdot: no finding"
grep -q "dotdot.tar: no DRS backup set found inside the archive" "$box/dotdot.err" || fail "dotdot: message"

# Thousands of files named like a set's: refused past the bound, at once.
mkdir -p "$box/many"
i=0
while [ $i -lt 4100 ]; do : > "$box/many/2020-01-01-00-00-00_P_UCM_C$i.tar"; i=$((i + 1)); done
(cd "$box" && tar czf many.tgz many)
set +e
drs-ls "$box/many.tgz" > "$box/many.out" 2> "$box/many.err"; r=$?
set -e
[ $r = 2 ] || fail "many: exit $r"
grep -q "many.tgz: holds more than 4096 files named like DRS set files: not read further" "$box/many.err" || fail "many: message"

# A cut archive: what stopped the read is said, exit 2.
sz=$(wc -c < "$box/gen.tgz")
head -c $((sz / 2)) "$box/gen.tgz" > "$box/cut.tgz"
set +e
drs-verify --password-file $PW "$box/cut.tgz" > "$box/cut.out" 2> "$box/cut.err"; r=$?
set -e
[ $r = 2 ] || fail "cut: exit $r"
grep -q "^drs-verify: $box/cut.tgz: " "$box/cut.err" || fail "cut: message"

# An archive without a set.
(cd drs/gen && tar czf "$box/none.tgz" cluster.pw)
set +e
drs-ls "$box/none.tgz" > /dev/null 2> "$box/none.err"; r=$?
set -e
[ $r = 2 ] || fail "none: exit $r"
grep -q "none.tgz: no DRS backup set found inside the archive" "$box/none.err" || fail "none: message"

echo ok
