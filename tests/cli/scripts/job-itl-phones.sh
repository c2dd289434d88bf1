#!/bin/sh
# itl.phones run in-process (job-run) prints byte for byte what itl-phones
# prints (JSON, text and CSV), with the same messages and exit status:
# every report format, current and history lists with NODE= and files of
# several dumps, standard input (plain and gzip), a population larger than
# one flush of the tool, skipped lines past those kept, trust lists,
# PKCS#12 and empty files given as reports, unreadable reports and lists,
# malformed lists; and the job refuses bad arguments.
set -u
fail=0
. "$(dirname "$0")/../lib/same-as-tool.sh"
: > "$WORK/empty"
{
	i=0
	while [ $i -lt 60 ]; do
		echo "x : %UC_CALLMANAGER-6-DeviceTLInfo: bad line $i"
		i=$((i + 1))
	done
	cat events/syslog-mixed.txt
} > "$WORK/skips.log"
# 3,000 phones: more than one flush of the tool's output in every mode.
awk 'BEGIN { for (p = 0; p < 3000; p++) printf "x : %%UC_CALLMANAGER-6-DeviceTLInfo: %%[DeviceName=SEP%012X][IPv4Address=10.0.%d.%d][ITL_Signature=%s][ITL_TFTP_Server=homepub.lab]: y\n", p, int(p / 256), p % 256, (p % 3 == 0) ? "582da8de77c3d6363811f12965d4f8422279fc3a" : "1ba1c907e99e4d3c539dc81424af6c9f7dce4d6d" }' \
    > "$WORK/many.log"
gzip -c events/syslog-mixed.txt > "$WORK/ev.gz"

for mode in json text csv; do
	o=; [ $mode != text ] && o=--$mode
	same 1 $mode itl.phones '{"itl":["pub=cluster/pub.tlv","sub=cluster/sub.tlv"],"history":["cluster/pub-pre10.tlv","v2=cluster/pub-v2-ccm.tlv"],"inputs":["events/syslog-mixed.txt","events/cucm14-phones.csv","events/sip-refer-capture.txt"]}' \
	    itl-phones $o --itl pub=cluster/pub.tlv --itl sub=cluster/sub.tlv --history cluster/pub-pre10.tlv --history v2=cluster/pub-v2-ccm.tlv events/syslog-mixed.txt events/cucm14-phones.csv events/sip-refer-capture.txt
	same 1 $mode itl.phones '{"itl":"dumps/cucm10-show-itl-after-reset.txt","inputs":["events/cisco-214535_devicetlinfo_alarm_home.xml","events/cisco-214535_devicetlinfo_alarm_visiting.xml","events/cisco-200410_eventviewer_app_log_line.txt","events/cisco-214535_devicetlinfo_refer_headers.txt"]}' \
	    itl-phones $o --itl dumps/cucm10-show-itl-after-reset.txt events/cisco-214535_devicetlinfo_alarm_home.xml events/cisco-214535_devicetlinfo_alarm_visiting.xml events/cisco-200410_eventviewer_app_log_line.txt events/cisco-214535_devicetlinfo_refer_headers.txt
	same 1 $mode itl.phones '{"itl":["x=dumps/before-and-after-crlf.txt"],"history":["h=dumps/cisco-118893_show_ctl_outputs_collapsed.txt"],"inputs":["events/syslog-mixed.txt"]}' \
	    itl-phones $o --itl x=dumps/before-and-after-crlf.txt --history h=dumps/cisco-118893_show_ctl_outputs_collapsed.txt events/syslog-mixed.txt
	same 1 $mode itl.phones '{"itl":["pub=cluster/pub.tlv"],"history":["cluster/pub-pre10.tlv"],"inputs":["'"$WORK"'/many.log","'"$WORK"'/skips.log"]}' \
	    itl-phones $o --itl pub=cluster/pub.tlv --history cluster/pub-pre10.tlv "$WORK/many.log" "$WORK/skips.log"
	# Standard input: one current phone (exit 0); gzip (no reports).
	grep -h DeviceName=SEP000000000001 events/syslog-mixed.txt | head -1 > "$WORK/one.log"
	IN=$WORK/one.log same 0 $mode itl.phones '{"itl":["pub=cluster/pub.tlv"],"inputs":["-"]}' \
	    itl-phones $o --itl pub=cluster/pub.tlv -
	IN=$WORK/ev.gz same 1 $mode itl.phones '{"itl":["cluster/pub.tlv"],"inputs":"-"}' \
	    itl-phones $o --itl cluster/pub.tlv -
	# Inputs without reports: a trust list, a PKCS#12, an empty file.
	same 1 $mode itl.phones '{"itl":["cluster/pub.tlv"],"inputs":["dumps/cucm10-show-itl-before-reset.txt"]}' \
	    itl-phones $o --itl cluster/pub.tlv dumps/cucm10-show-itl-before-reset.txt
	same 1 $mode itl.phones '{"itl":["cluster/pub.tlv"],"inputs":["cluster/sub.tlv","p12/callmanager.p12","'"$WORK"'/empty","events/syslog-mixed.txt"]}' \
	    itl-phones $o --itl cluster/pub.tlv cluster/sub.tlv p12/callmanager.p12 "$WORK/empty" events/syslog-mixed.txt
	# A malformed history list is left out (exit 1).
	same 1 $mode itl.phones '{"itl":["cluster/pub.tlv"],"history":["cucm-CTLFile-corrupted.tlv"],"inputs":["events/syslog-mixed.txt"]}' \
	    itl-phones $o --itl cluster/pub.tlv --history cucm-CTLFile-corrupted.tlv events/syslog-mixed.txt
	# Unreadable: reports stop at the first; a bad list reads none.
	same 2 $mode itl.phones '{"itl":["cluster/pub.tlv"],"inputs":["events/syslog-mixed.txt","events/missing.log","events/cucm14-phones.csv"]}' \
	    itl-phones $o --itl cluster/pub.tlv events/syslog-mixed.txt events/missing.log events/cucm14-phones.csv
	same 2 $mode itl.phones '{"itl":["cluster/pub.tlv"],"inputs":["/dev/zero"]}' \
	    itl-phones $o --itl cluster/pub.tlv /dev/zero
	same 2 $mode itl.phones '{"itl":["cluster/missing.tlv","events/syslog-mixed.txt"],"history":["cluster"],"inputs":["events/syslog-mixed.txt"]}' \
	    itl-phones $o --itl cluster/missing.tlv --itl events/syslog-mixed.txt --history cluster events/syslog-mixed.txt
done

# Without a tool's options to point at, the job names none.
job-run --csv itl.phones '{"itl":["cluster/pub.tlv"],"inputs":["cluster/sub.tlv","events/syslog-mixed.txt"]}' \
    > /dev/null 2> "$WORK/e"
grep -q '^job-run: 2 lines skipped (the JSON and text reports give their line numbers)$' "$WORK/e" &&
    grep -q 'this is a trust list (ITL/CTL or a show itl dump)$' "$WORK/e" ||
	{ echo "itl.phones names an option"; cat "$WORK/e"; fail=1; }
job-run itl.phones '{"itl":["cluster/pub.tlv"],"inputs":["events/syslog-mixed.txt"]}' \
    2> /dev/null | grep -q '"reason":"no current or earlier list has the hash it reports"' ||
	{ echo "itl.phones reasons name an option"; fail=1; }
refused itl.phones '{"itl":["a"],"input":["b"]}' \
    'itl.phones: unknown argument "input" (did you mean "inputs"?)'
refused itl.phones '{"itl":["a"],"inputs":["b"],"history":true}' \
    'itl.phones: argument "history": expected a string or a list of strings'
refused itl.phones '{"inputs":["b"]}' 'itl.phones: argument "itl" is required'
refused itl.phones '{"itl":["a"]}' 'itl.phones: argument "inputs" is required'
exit $fail
