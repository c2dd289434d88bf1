#!/bin/sh
# itl.trust run in-process (job-run) prints byte for byte what itl-trust
# prints (JSON and text), with the same messages and exit status: every
# verdict and path, a population with NAME= and none, cut pastes, a
# candidate on standard input, a file of several dumps, malformed,
# misdirected, oversized and unreadable inputs; and the job refuses bad
# arguments.
set -u
fail=0
. "$(dirname "$0")/../lib/same-as-tool.sh"
head -c 5000000 /dev/zero | tr '\0' 'x' > "$WORK/big"
: > "$WORK/empty"
printf 'hello\nnot a dump\n' > "$WORK/junk"

for mode in json text; do
	j=; [ $mode = json ] && j=--json
	# accept by each path: signer, itl-recovery, tvs, leap of faith.
	same 0 $mode itl.trust '{"installed":["cluster/pub.tlv","sub=cluster/sub.tlv"],"candidate":"cluster/pub-v2-both-reset.tlv"}' \
	    itl-trust $j --installed cluster/pub.tlv --installed sub=cluster/sub.tlv --candidate cluster/pub-v2-both-reset.tlv
	same 0 $mode itl.trust '{"installed":"cluster/pub.tlv","candidate":"cluster/pub-reset.tlv"}' \
	    itl-trust $j --installed cluster/pub.tlv --candidate cluster/pub-reset.tlv
	same 0 $mode itl.trust '{"installed":["cluster/pub.tlv"],"candidate":"cluster/pub-v2-ccm.tlv"}' \
	    itl-trust $j --installed cluster/pub.tlv --candidate cluster/pub-v2-ccm.tlv
	same 0 $mode itl.trust '{"installed":["none","x=none"],"candidate":"cluster/pub.tlv"}' \
	    itl-trust $j --installed none --installed x=none --candidate cluster/pub.tlv
	same 0 $mode itl.trust '{"installed":["dumps/cucm10-show-itl-before-reset.txt"],"candidate":"dumps/cucm10-show-itl-after-reset.txt"}' \
	    itl-trust $j --installed dumps/cucm10-show-itl-before-reset.txt --candidate dumps/cucm10-show-itl-after-reset.txt
	# depends, reject, a forged signer, a population.
	same 1 $mode itl.trust '{"installed":["sub=cluster/sub.tlv","pub=cluster/pub.tlv"],"candidate":"cluster/pub-v2-both.tlv"}' \
	    itl-trust $j --installed sub=cluster/sub.tlv --installed pub=cluster/pub.tlv --candidate cluster/pub-v2-both.tlv
	same 1 $mode itl.trust '{"installed":["p12/before.tlv","none"],"candidate":"p12/forged-recovery.tlv"}' \
	    itl-trust $j --installed p12/before.tlv --installed none --candidate p12/forged-recovery.tlv
	same 1 $mode itl.trust '{"installed":["pub=cluster/pub.tlv","none","pre10=cluster/pub-pre10.tlv","foreign=cluster/foreign-pub.tlv"],"candidate":"cluster/pub-v2-both.tlv"}' \
	    itl-trust $j --installed pub=cluster/pub.tlv --installed none --installed pre10=cluster/pub-pre10.tlv --installed foreign=cluster/foreign-pub.tlv --candidate cluster/pub-v2-both.tlv
	# Cut pastes: unknown.
	same 1 $mode itl.trust '{"installed":["dumps/cucm10-show-itl-before-reset.txt"],"candidate":"dumps/cucm10-show-itl-after-reset-cut60.txt"}' \
	    itl-trust $j --installed dumps/cucm10-show-itl-before-reset.txt --candidate dumps/cucm10-show-itl-after-reset-cut60.txt
	same 1 $mode itl.trust '{"installed":["dumps/cucm10-show-itl-after-reset-cut60.txt"],"candidate":"dumps/cucm10-show-itl-before-reset.txt"}' \
	    itl-trust $j --installed dumps/cucm10-show-itl-after-reset-cut60.txt --candidate dumps/cucm10-show-itl-before-reset.txt
	# Standard input; a file of two dumps (the first is used).
	IN=cluster/pub.tlv same 1 $mode itl.trust '{"installed":["-","dumps/before-and-after-crlf.txt"],"candidate":"cluster/pub-v2-both.tlv"}' \
	    itl-trust $j --installed - --installed dumps/before-and-after-crlf.txt --candidate cluster/pub-v2-both.tlv
	IN=$WORK/junk same 1 $mode itl.trust '{"installed":["cluster/pub.tlv"],"candidate":"-"}' \
	    itl-trust $j --installed cluster/pub.tlv --candidate -
	# Malformed, misdirected, empty, oversized: exit 1, the rest judged.
	same 1 $mode itl.trust '{"installed":["pub=cucm-CTLFile-corrupted.tlv","events/syslog-mixed.txt","cluster/pub.tlv","'"$WORK"'/empty","'"$WORK"'/big"],"candidate":"cluster/pub.tlv"}' \
	    itl-trust $j --installed pub=cucm-CTLFile-corrupted.tlv --installed events/syslog-mixed.txt --installed cluster/pub.tlv --installed "$WORK/empty" --installed "$WORK/big" --candidate cluster/pub.tlv
	same 1 $mode itl.trust '{"installed":["cluster/pub.tlv"],"candidate":"cucm-CTLFile-corrupted.tlv"}' \
	    itl-trust $j --installed cluster/pub.tlv --candidate cucm-CTLFile-corrupted.tlv
	same 1 $mode itl.trust '{"installed":["cluster/pub.tlv"],"candidate":"'"$WORK"'/big"}' \
	    itl-trust $j --installed cluster/pub.tlv --candidate "$WORK/big"
	# Unreadable: exit 2, the readable ones still judged.
	same 2 $mode itl.trust '{"installed":["cluster/pub.tlv","cluster/missing.tlv","none","cluster"],"candidate":"cluster/pub-v2-both.tlv"}' \
	    itl-trust $j --installed cluster/pub.tlv --installed cluster/missing.tlv --installed none --installed cluster --candidate cluster/pub-v2-both.tlv
	same 2 $mode itl.trust '{"installed":["cluster/pub.tlv"],"candidate":"cluster/missing.tlv"}' \
	    itl-trust $j --installed cluster/pub.tlv --candidate cluster/missing.tlv
done

refused itl.trust '{"installed":["none"],"candidat":"x"}' \
    'itl.trust: unknown argument "candidat" (did you mean "candidate"?)'
refused itl.trust '{"installed":["none"],"candidate":["x"]}' \
    'itl.trust: argument "candidate": expected a string'
refused itl.trust '{"installed":{"a":"b"},"candidate":"x"}' \
    'itl.trust: argument "installed": expected a string or a list of strings'
refused itl.trust '{"installed":["none"]}' 'itl.trust: argument "candidate" is required'
refused itl.trust '{"candidate":"x"}' 'itl.trust: argument "installed" is required'
many=$(awk 'BEGIN { for (i = 0; i < 257; i++) printf "%s\"none\"", i ? "," : "" }')
refused itl.trust "{\"installed\":[$many],\"candidate\":\"cluster/pub.tlv\"}" \
    'at most 256 installed lists'
exit $fail
