#!/bin/sh
# Archives as inputs of itl-diff, itl-trust and itl-phones (trust lists
# and phone logs): a tgz, a zip and a gzip'd log of known files give the
# same results as the files themselves, member by member (the archive and
# member names aside); job-run agrees with each tool byte for byte; a
# bomb is refused on each new path; and every tool gives one JSON object
# with status "unreadable" for an input it cannot read.
set -u
fail=0
. archive/mk.sh
d=$(ark_dir archive-inputs) || exit 1
ark_bundle "$d" && ark_bomb "$d" || exit 1
cd "$d" || exit 1
lists="nodes/pub/ITLFile.tlv nodes/sub1/ITLFile.tlv nodes/sub2/ITLFile.tlv"
tar -czf lists.tgz $lists
bsdtar --format zip -cf lists.zip $lists
cp "$ARK_DATA/events/syslog-mixed.txt" syslog.txt
cp "$ARK_DATA/events/cucm14-phones.csv" phones.csv
tar -czf logs.tgz alarms.xml syslog.txt phones.csv
bsdtar --format zip -cf logs.zip alarms.xml syslog.txt phones.csv
gzip -c syslog.txt > syslog.txt.gz
bsdtar --format zip -cf nested.zip logs.tgz
at=2016-01-01T00:00:00Z

bad() { echo "FAIL: $*"; fail=1; }

# same WHAT A B: two outputs equal once the archive's names are taken out
# ("file":"X","member":"M" -> "file":"M"; X:M -> M).
same() {
	[ -s "$2" ] && [ -s "$3" ] || { bad "$1: no output"; return; }
	sed -e 's/"file":"[^"]*","member":"\([^"]*\)"/"file":"\1"/g' \
	    -e 's/[a-z.]*\.\(tgz\|zip\|gz\)://g' "$2" > a.norm
	sed -e 's/"file":"[^"]*","member":"\([^"]*\)"/"file":"\1"/g' \
	    -e 's/[a-z.]*\.\(tgz\|zip\|gz\)://g' "$3" > b.norm
	cmp -s a.norm b.norm || { bad "$1: results differ"; diff a.norm b.norm | head -4; }
}

# Trust lists: itl-diff over members is itl-diff over the files.
itl-diff --json --at $at $lists > files.out 2>/dev/null
for a in lists.tgz lists.zip; do
	itl-diff --json --at $at $a > arch.out 2>/dev/null
	same "itl-diff $a" arch.out files.out
	grep -q '"file":"'$a'","member":"nodes/sub1/ITLFile.tlv"' arch.out ||
	    bad "itl-diff $a: member not named"
	job-run --tool itl-diff itl.diff "{\"inputs\":[\"$a\"],\"at\":\"$at\"}" \
	    > job.out 2>/dev/null
	cmp -s job.out arch.out || bad "itl.diff $a: job-run differs"
done
# Two lists of an archive are two nodes, not two versions of one.
tar -czf two.tgz nodes/pub/ITLFile.tlv nodes/sub1/ITLFile.tlv
itl-diff --json --at $at two.tgz | grep -q '"mode":"nodes"' ||
    bad "itl-diff: two members taken as versions"

# itl-trust: each installed list of an archive is judged as the file is.
for f in $lists; do echo "--installed $f"; done > args
itl-trust --json --candidate nodes/pub/ITLFile.tlv $(cat args) > files.out
for a in lists.tgz lists.zip; do
	itl-trust --json --candidate nodes/pub/ITLFile.tlv --installed $a \
	    > arch.out
	same "itl-trust --installed $a" arch.out files.out
done
itl-trust --json --candidate nodes/pub/ITLFile.tlv \
    --installed nodes/sub1/ITLFile.tlv > files.out
itl-trust --json --candidate lists.zip --installed nodes/sub1/ITLFile.tlv \
    > arch.out 2> err
same "itl-trust --candidate lists.zip" arch.out files.out 2>/dev/null
grep -q "holds 3 trust lists; using the first" err ||
    bad "itl-trust: the candidate taken is not said"

# itl-phones: trust lists and logs from archives, a gzip'd log streamed.
itl-phones --json --itl $(echo $lists | sed 's/ / --itl /g') alarms.xml \
    syslog.txt phones.csv > files.out 2>/dev/null
for a in logs.tgz logs.zip nested.zip; do
	itl-phones --json --itl lists.tgz $a > arch.out 2>/dev/null
	same "itl-phones $a" arch.out files.out
	job-run --tool itl-phones itl.phones \
	    "{\"itl\":[\"lists.tgz\"],\"inputs\":[\"$a\"]}" > job.out 2>/dev/null
	cmp -s job.out arch.out || bad "itl.phones $a: job-run differs"
done
grep -q '"file":"nested.zip","member":"logs.tgz:syslog.txt"' arch.out ||
    bad "itl-phones: nested member not named"
itl-phones --json --itl lists.tgz syslog.txt > files.out 2>/dev/null
itl-phones --json --itl lists.tgz syslog.txt.gz > arch.out 2>/dev/null
same "itl-phones syslog.txt.gz" arch.out files.out
cat syslog.txt.gz | itl-phones --json --itl lists.tgz - > arch.out 2>/dev/null
grep -q '"file":"-","member":"data"' arch.out ||
    bad "itl-phones: gzip'd standard input not read"

# itl-sign: the one trust list inside a zip is re-signed as the file is.
cp "$ARK_DATA/p12/before.tlv" "$ARK_DATA/p12/ccm.key" "$ARK_DATA/p12/ccm.pem" .
bsdtar --format zip -cf before.zip before.tlv
for in in before.tlv before.zip; do
	itl-sign --resign $in --key ccm.key --cert ccm.pem \
	    --timestamp 1700000000 --json --out $in.signed > $in.json ||
	    bad "itl-sign $in: exit $?"
done
cmp -s before.tlv.signed before.zip.signed ||
    bad "itl-sign: the member is not signed as the file is"
sed -i 's/"output":"[^"]*"//' before.zip.json before.tlv.json
same "itl-sign before.zip" before.zip.json before.tlv.json
grep -q '"file":"before.zip","member":"before.tlv"' before.zip.json ||
    bad "itl-sign: member not named"
itl-sign --resign lists.zip --key ccm.key --cert ccm.pem --out x.tlv \
    > /dev/null 2> err
[ $? = 2 ] && grep -q "holds 3 trust lists" err ||
    bad "itl-sign: an archive of several lists taken"

# job-run prints what each tool prints over archives: JSON and text,
# messages and exit status.
# agree NAME TOOL JOB ARGS_JSON TOOL_ARGS...
agree() {
	name=$1 tool=$2 job=$3 args=$4
	shift 4
	for mode in json text; do
		if [ $mode = json ]; then
			job-run --tool $tool $job "$args" > job.out 2> job.err
			jrc=$?
			$tool --json "$@" > tool.out 2> tool.err
			trc=$?
		else
			job-run --tool $tool --text $job "$args" > job.out \
			    2> job.err
			jrc=$?
			$tool "$@" > tool.out 2> tool.err
			trc=$?
		fi
		[ $jrc = $trc ] && cmp -s job.out tool.out ||
		    bad "$name ($mode): output differs (exit $jrc vs $trc)"
		cmp -s job.err tool.err || bad "$name ($mode): messages differ"
	done
}
agree "itl.diff" itl-diff itl.diff \
    "{\"inputs\":[\"lists.zip\",\"pub=bundle.tgz\"],\"at\":\"$at\"}" \
    --at $at lists.zip pub=bundle.tgz
agree "itl.trust" itl-trust itl.trust \
    '{"installed":["lists.tgz","x=lists.zip"],"candidate":"bundle.zip"}' \
    --installed lists.tgz --installed x=lists.zip --candidate bundle.zip
agree "itl.phones" itl-phones itl.phones \
    '{"itl":["lists.zip"],"history":["bomb.tgz"],"inputs":["logs.zip"]}' \
    --itl lists.zip --history bomb.tgz logs.zip
agree "itl.resign" itl-sign itl.resign \
    '{"inputs":["before.zip"],"key":"ccm.key","cert":"ccm.pem","timestamp":1700000000,"out":"j.tlv","force":true}' \
    --resign before.zip --key ccm.key --cert ccm.pem --timestamp 1700000000 \
    --out j.tlv --force

# Bombs: refused on each new path, exit 1.
for cmd in "itl-diff --json bomb.tgz nodes/sub1/ITLFile.tlv" \
    "itl-trust --json --candidate nodes/pub/ITLFile.tlv --installed bomb.tgz" \
    "itl-phones --json --itl bomb.tgz alarms.xml" \
    "itl-phones --json --itl lists.tgz bomb.tgz" \
    "itl-sign --json --resign bomb.tgz --key ccm.key --cert ccm.pem --out b.tlv"; do
	$cmd > out 2> err
	rc=$?
	grep -q "refused as a decompression bomb" err ||
	    bad "$cmd: no refusal ($(head -1 err))"
	[ $rc = 1 ] || [ $rc = 2 ] || bad "$cmd: exit $rc"
	grep -q '"status":"unreadable"' out || bad "$cmd: no unreadable object"
done

# Unreadable inputs: one object each, in every tool.
printf 'p\n' > pw
for cmd in "itl-show --json missing.tlv" \
    "itl-diff --json missing.tlv $lists" \
    "itl-trust --json --candidate missing.tlv --installed none" \
    "itl-trust --json --candidate nodes/pub/ITLFile.tlv --installed missing.tlv" \
    "itl-phones --json --itl lists.tgz missing.log" \
    "itl-phones --json --itl missing.tlv alarms.xml" \
    "p12-check --json --password-file pw missing.p12" \
    "itl-sign --json --resign missing.tlv --key ccm.key --cert ccm.pem --out m.tlv" \
    "drs-verify --json --no-progress --password-file pw missing" \
    "drs-ls --json --no-progress missing"; do
	$cmd > out 2> /dev/null
	n=$(grep -c '"status":"unreadable"' out)
	[ "$n" = 1 ] || bad "$cmd: $n unreadable objects"
	grep -q '"findings":\[{"severity":"error","code":"INPUT_UNREADABLE"' out ||
	    bad "$cmd: no INPUT_UNREADABLE finding"
done

# A DRS tool reads a set inside an archive (drs-archive.sh); one without
# a set says so.
drs-ls --no-progress lists.zip > out 2> err
grep -q "lists.zip: no DRS backup set found inside the archive" err ||
    bad "drs-ls: an archive without a set is not said to be one"
exit $fail
