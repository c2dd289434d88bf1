#!/bin/sh
# itl.diff run in-process (job-run) prints byte for byte what itl-diff
# prints (JSON and text), with the same messages and exit status: across
# nodes, two versions (asked for, by one NODE, by one file of two dumps),
# cut pastes, a truncated binary on standard input, unreadable, oversized,
# malformed and misdirected inputs; and the job refuses bad arguments.
set -u
fail=0
. "$(dirname "$0")/../lib/same-as-tool.sh"
at=2024-06-01T00:00:00Z
head -c 5000000 /dev/zero | tr '\0' 'x' > "$WORK/big"
: > "$WORK/empty"

for mode in json text; do
	j=; [ $mode = json ] && j=--json
	same 0 $mode itl.diff "{\"inputs\":[\"pub=cluster/pub.tlv\",\"sub=cluster/sub.tlv\"],\"publisher\":\"homepub\",\"at\":\"$at\"}" \
	    itl-diff $j --at $at --publisher homepub pub=cluster/pub.tlv sub=cluster/sub.tlv
	same 1 $mode itl.diff "{\"inputs\":[\"pub=cluster/pub.tlv\",\"away=cluster/foreign-pub.tlv\",\"sub=cluster/sub-no-pub-tvs.tlv\"],\"at\":\"$at\"}" \
	    itl-diff $j --at $at pub=cluster/pub.tlv away=cluster/foreign-pub.tlv sub=cluster/sub-no-pub-tvs.tlv
	same 1 $mode itl.diff "{\"inputs\":[\"pub=dumps/cucm10-show-itl-after-reset.txt\",\"pub-served=cluster/pub.tlv\"],\"publisher\":\"newpub.joemar2.lab\",\"at\":\"$at\"}" \
	    itl-diff $j --at $at --publisher newpub.joemar2.lab pub=dumps/cucm10-show-itl-after-reset.txt pub-served=cluster/pub.tlv
	# Two versions: asked for, under one NODE, one file of two dumps.
	same 1 $mode itl.diff "{\"inputs\":[\"dumps/cucm10-show-itl-before-reset.txt\",\"dumps/cucm10-show-itl-after-reset-cut60.txt\"],\"versions\":true,\"at\":\"$at\"}" \
	    itl-diff $j --versions --at $at dumps/cucm10-show-itl-before-reset.txt dumps/cucm10-show-itl-after-reset-cut60.txt
	same 0 $mode itl.diff "{\"inputs\":[\"cluster/pub.tlv\",\"cluster/pub-v2-ccm.tlv\"],\"versions\":true,\"at\":\"$at\"}" \
	    itl-diff $j --versions --at $at cluster/pub.tlv cluster/pub-v2-ccm.tlv
	same 1 $mode itl.diff "{\"inputs\":[\"pub=cluster/pub.tlv\",\"pub=cluster/pub-v2-both.tlv\"],\"at\":\"$at\"}" \
	    itl-diff $j --at $at pub=cluster/pub.tlv pub=cluster/pub-v2-both.tlv
	same 0 $mode itl.diff "{\"inputs\":[\"dumps/before-and-after-crlf.txt\"],\"publisher\":\"test10pub.joemar2.lab\",\"at\":\"$at\"}" \
	    itl-diff $j --at $at --publisher test10pub.joemar2.lab dumps/before-and-after-crlf.txt
	# Several dumps in one file among other inputs: NODE#k.
	same 1 $mode itl.diff "{\"inputs\":[\"dumps/cisco-118893_show_ctl_outputs_collapsed.txt\",\"x=dumps/before-and-after-crlf.txt\",\"cluster/pub.tlv\"],\"at\":\"$at\"}" \
	    itl-diff $j --at $at dumps/cisco-118893_show_ctl_outputs_collapsed.txt x=dumps/before-and-after-crlf.txt cluster/pub.tlv
	# A truncated binary on standard input: malformed, still compared.
	head -c 700 cucm-tokenless-CTLFile.tlv > "$WORK/cut"
	IN=$WORK/cut same 1 $mode itl.diff "{\"inputs\":[\"pub=cluster/pub.tlv\",\"cut=-\"],\"at\":\"$at\"}" \
	    itl-diff $j --at $at pub=cluster/pub.tlv cut=-
	same 1 $mode itl.diff "{\"inputs\":[\"cucm-CTLFile-corrupted.tlv\",\"cluster/pub.tlv\"],\"at\":\"$at\"}" \
	    itl-diff $j --at $at cucm-CTLFile-corrupted.tlv cluster/pub.tlv
	same 1 $mode itl.diff "{\"inputs\":[\"$WORK/empty\",\"cluster/pub.tlv\"],\"at\":\"$at\"}" \
	    itl-diff $j --at $at "$WORK/empty" cluster/pub.tlv
	# Not a trust list (phone reports, a PKCS#12): malformed, named.
	same 1 $mode itl.diff "{\"inputs\":[\"events/syslog-mixed.txt\",\"p12/callmanager.p12\",\"cluster/pub.tlv\"],\"at\":\"$at\"}" \
	    itl-diff $j --at $at events/syslog-mixed.txt p12/callmanager.p12 cluster/pub.tlv
	# Oversized: judged (exit 1) when two lists remain to compare.
	same 1 $mode itl.diff "{\"inputs\":[\"$WORK/big\",\"cluster/pub.tlv\",\"cluster/sub.tlv\"],\"at\":\"$at\"}" \
	    itl-diff $j --at $at "$WORK/big" cluster/pub.tlv cluster/sub.tlv
	# What could not be compared at all: exit 2, nothing printed.
	same 2 $mode itl.diff "{\"inputs\":[\"$WORK/big\",\"cluster/pub.tlv\"],\"at\":\"$at\"}" \
	    itl-diff $j --at $at "$WORK/big" cluster/pub.tlv
	same 2 $mode itl.diff "{\"inputs\":[\"cluster/missing.tlv\",\"cluster/pub.tlv\",\"cluster\"],\"at\":\"$at\"}" \
	    itl-diff $j --at $at cluster/missing.tlv cluster/pub.tlv cluster
	same 2 $mode itl.diff "{\"inputs\":[\"cluster/pub.tlv\",\"cluster/sub.tlv\",\"cluster/pub-v2-ccm.tlv\"],\"versions\":true,\"at\":\"$at\"}" \
	    itl-diff $j --versions --at $at cluster/pub.tlv cluster/sub.tlv cluster/pub-v2-ccm.tlv
	same 2 $mode itl.diff "{\"inputs\":\"cluster/pub.tlv\",\"at\":\"$at\"}" \
	    itl-diff $j --at $at cluster/pub.tlv
done
grep -q 'nothing to compare' "$WORK/tool.err" || { echo "not the refusal expected"; fail=1; }

# Without a tool's options to point at, the job names none.
job-run itl.diff '{"inputs":["cluster/pub.tlv"],"versions":true}' 2> "$WORK/e"
[ $? = 2 ] && grep -q '^job-run: a comparison of versions takes exactly two trust lists (old, new), got 1$' "$WORK/e" ||
	{ echo "versions refusal names an option"; cat "$WORK/e"; fail=1; }
refused itl.diff '{"inputs":["a","b"],"publsher":"x"}' \
    'itl.diff: unknown argument "publsher" (did you mean "publisher"?)'
refused itl.diff '{"inputs":["a","b"],"versions":"yes"}' \
    'itl.diff: argument "versions": expected true or false'
refused itl.diff '{"inputs":["a",2]}' \
    'itl.diff: argument "inputs": expected a string or a list of strings'
refused itl.diff '{"inputs":["a","b"],"at":"yesterday"}' \
    'itl.diff: argument "at": expected an RFC 3339 time'
refused itl.diff '{"publisher":"x"}' 'itl.diff: argument "inputs" is required'
refused itl.diff '{"inputs":[]}' 'itl.diff: argument "inputs" needs at least one value'
exit $fail
