#!/bin/sh
# drs-extract run again into the same folder: objects already there with
# the member's content are left (content compared, not names), MANIFEST.json
# keeps one entry per set, component and path; a file changed since is
# refused and named (replaced with --force); an interrupted run (no
# MANIFEST.json, a temporary file left) is completed by a re-run; another
# set is added only with --force and never replaces the first set's files.
# Runs in tests/data.
set -eu
. "$(dirname "$0")/../lib/expect.sh"
W=$WORK/drs-extract-rerun
rm -rf "$W"; mkdir -p "$W"
pw="--no-progress --password-file drs/gen/cluster.pw"
x=$W/x

# no_dups FILE: MANIFEST.json has no entry twice (set, component, path or member).
no_dups() {
	python3 - "$1" <<'EOP' || fail "$1: duplicate entries"
import json, sys
m = json.load(open(sys.argv[1]))
ext = [(e.get("set"), e["component"], e["path"]) for e in m["extracted"]]
ref = [(e.get("set"), e["component"], e["member"]) for e in m["refused"]]
assert len(ext) == len(set(ext)), ext
assert len(ref) == len(set(ref)), ref
EOP
}

expect 0 drs-extract $pw --out-dir "$x" drs/gen/s2
has ': ok: 17 objects extracted, 0 members refused'
cp "$x/MANIFEST.json" "$W/first.json"
# 1. The same again, without --force: works, nothing written, the same manifest.
expect 0 drs-extract $pw --out-dir "$x" drs/gen/s2
has ': ok: 0 objects extracted, 0 members refused'
has 'info DRS_EXTRACT_UNCHANGED: 5 objects were in the folder already'
cmp -s "$W/first.json" "$x/MANIFEST.json" || fail "rerun changed MANIFEST.json"
no_dups "$x/MANIFEST.json"
# The same set spelt another way (an absolute path) is the same set.
expect 0 drs-extract $pw --out-dir "$x" "$PWD/drs/gen/s2"
no_dups "$x/MANIFEST.json"
[ "$(grep -c '"path"' "$x/MANIFEST.json")" = 17 ] || fail "absolute spelling added entries"

# 2. A file changed since: refused and named, kept as it is (exit 1).
f=PUB_UCM_CLM/usr/local/platform/.security/tomcat/certs/tomcat.pem
echo changed >> "$x/$f"
cp "$x/$f" "$W/changed"
expect 1 drs-extract $pw --out-dir "$x" drs/gen/s2
has "warning DRS_EXTRACT_DIFFERS [$f]: the file in the folder differs from the member: not replaced"
has ': partial: 0 objects extracted, 1 members refused'
cmp -s "$x/$f" "$W/changed" || fail "a changed file was replaced without --force"
grep -q '"reason": "exists in DIR with other content: not replaced"' "$x/MANIFEST.json" || fail "refusal not listed"
no_dups "$x/MANIFEST.json"
# With --force it is replaced, said so, and its refusal leaves MANIFEST.json.
expect 0 drs-extract $pw --force --out-dir "$x" drs/gen/s2
has "warning DRS_EXTRACT_REPLACED [$f]: the file in the folder differed from the member: replaced"
cmp -s "$W/first.json" "$x/MANIFEST.json" || fail "after --force MANIFEST.json differs from the first run's"
cmp -s "$x/$f" "$W/changed" && fail "--force did not replace the changed file"

# 3. An interrupted run: MANIFEST.json not yet written, a partial file
# left under its temporary name.  A re-run completes it.
rm "$x/MANIFEST.json"
head -c 10 "$x/$f" > "$(dirname "$x/$f")/.ik-tmp-partial"
expect 0 drs-extract $pw --out-dir "$x" drs/gen/s2
has 'info DRS_EXTRACT_UNCHANGED: 17 objects'
cmp -s "$W/first.json" "$x/MANIFEST.json" || fail "after an interrupted run MANIFEST.json differs"

# 4. Another set into the same folder: refused without --force, naming the
# set there; nothing written.
expect 2 drs-extract $pw --out-dir "$x" drs/gen/s3
grep -qF 'drs-extract: '"$x"': MANIFEST.json holds the extraction of another set (drs/gen/s2/2020-02-02-03-04-05_PUB): not added to (--force to add to it)' "$W/err" ||
	fail "another set: $(cat "$W/err")"
cmp -s "$W/first.json" "$x/MANIFEST.json" || fail "another set refused but MANIFEST.json changed"
# With --force its members of the same names and content are left and
# listed under both sets; one whose content differs is never replaced:
# the first set's file stays, the member is refused, naming that set.
sed 's|drs/gen/s2/2020-02-02-03-04-05_PUB|other/2019-01-01-00-00-00_PUB|' "$W/first.json" > "$x/MANIFEST.json"
echo other >> "$x/$f"
cp "$x/$f" "$W/other"
expect 1 drs-extract $pw --force --out-dir "$x" drs/gen/s2
has "warning DRS_EXTRACT_DIFFERS [$f]: extracted earlier from the set other/2019-01-01-00-00-00_PUB with other content: not replaced"
cmp -s "$x/$f" "$W/other" || fail "another set's file was replaced"
grep -q '"reason": "exists in DIR from another set with other content: not replaced"' "$x/MANIFEST.json" ||
	fail "another set: refusal not listed"
[ "$(grep -c '"set": "other/2019-01-01-00-00-00_PUB"' "$x/MANIFEST.json")" = 17 ] || fail "the first set's entries were not kept"
no_dups "$x/MANIFEST.json"
echo ok
