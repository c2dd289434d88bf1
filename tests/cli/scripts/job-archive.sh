#!/bin/sh
# itl.show and p12.check over archives, run in-process (job-run), print
# byte for byte what itl-show and p12-check print on the same bundles:
# members of a tgz, a zip and a nested zip, a gzip'd single file, a cut
# archive, a bomb and an archive with nothing of the kind, as inputs and
# as p12-check's trust lists (--itl); JSON, text, messages and exit
# statuses.
set -u
fail=0
. archive/mk.sh
d=$(ark_dir job-archive) || exit 1
ark_bundle "$d" && ark_bomb "$d" || exit 1
cd "$d" || exit 1
gzip -c nodes/pub/ITLFile.tlv > pub.tlv.gz
bsdtar --format zip -cf nested.zip bundle.tgz pub.tlv.gz show-itl.txt
head -c 4000 bundle.tgz > cut.tgz
tar -cf keys.tar keys/ITLRecovery.p12
bsdtar -xOf bundle.zip keys/passwords.txt > pw
at=2016-01-01T00:00:00Z

# cmp2 WHAT: the job's and the tool's outputs, messages and statuses agree.
cmp2() {
	if [ "$jrc" != "$trc" ] || ! cmp -s job.out tool.out; then
		echo "$1: output differs (exit $jrc vs $trc)"
		diff job.out tool.out | head -5
		fail=1
	fi
	cmp -s job.err tool.err || { echo "$1: messages differ"; fail=1; }
}
for f in bundle.tgz bundle.zip nested.zip pub.tlv.gz cut.tgz bomb.tgz \
    keys.tar; do
	job-run --tool itl-show itl.show "{\"input\":\"$f\",\"at\":\"$at\"}" \
	    > job.out 2> job.err
	jrc=$?
	itl-show --json --at "$at" "$f" > tool.out 2> tool.err
	trc=$?
	cmp2 "itl.show $f"
	job-run --tool itl-show --text itl.show \
	    "{\"input\":\"$f\",\"at\":\"$at\"}" > job.out 2> job.err
	jrc=$?
	itl-show --at "$at" "$f" > tool.out 2> tool.err
	trc=$?
	cmp2 "itl.show --text $f"
	job-run --tool p12-check --secrets pw p12.check \
	    "{\"inputs\":[\"$f\"],\"at\":\"$at\"}" > job.out 2> job.err
	jrc=$?
	p12-check --json --at "$at" --password-file pw "$f" > tool.out \
	    2> tool.err
	trc=$?
	cmp2 "p12.check $f"
	job-run --tool p12-check --text --secrets pw \
	    p12.check "{\"inputs\":[\"$f\"],\"at\":\"$at\"}" > job.out \
	    2> job.err
	jrc=$?
	p12-check --at "$at" --password-file pw "$f" > tool.out 2> tool.err
	trc=$?
	cmp2 "p12.check --text $f"
done
# Trust lists to compare against, from archives too (--itl).
for f in bundle.tgz nested.zip pub.tlv.gz keys.tar cut.tgz; do
	job-run --tool p12-check --secrets pw p12.check \
	    "{\"inputs\":[\"bundle.zip\"],\"itl\":[\"$f\"],\"at\":\"$at\"}" \
	    > job.out 2> job.err
	jrc=$?
	p12-check --json --at "$at" --password-file pw --itl "$f" bundle.zip \
	    > tool.out 2> tool.err
	trc=$?
	cmp2 "p12.check --itl $f"
done
job-run --tool p12-check --secrets pw p12.check \
    "{\"inputs\":[\"bundle.zip\"],\"itl\":[\"nested.zip\"],\"at\":\"$at\"}" \
    2>/dev/null | grep -q '"itl_matches":\[{"itl":"nested.zip:bundle.tgz:nodes/pub/ITLFile.tlv","record":5,' ||
    { echo "p12.check: --itl members not compared"; fail=1; }
# The members are named where they are shown.
job-run --tool itl-show itl.show "{\"input\":\"nested.zip\",\"at\":\"$at\"}" |
    grep -q '"file":"nested.zip","member":"bundle.tgz:nodes/sub2/ITLFile.tlv"' ||
    { echo "itl.show: nested member not named"; fail=1; }
job-run --tool p12-check --text --secrets pw p12.check \
    "{\"inputs\":[\"bundle.tgz\"],\"at\":\"$at\"}" 2>/dev/null |
    grep -q '^bundle.tgz:keys/ITLRecovery.p12: ' ||
    { echo "p12.check: member not named in text"; fail=1; }
exit $fail
