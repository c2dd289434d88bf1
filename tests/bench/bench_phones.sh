#!/bin/sh
# bench_phones.sh BIN_DIR: itl-phones over a generated 1,000,000-line
# CiscoSyslog export against `grep -c DeviceTLInfo` on the same file in the
# same run (target: at most 5x), and its peak memory with 1,000 against
# 100,000 distinct phones (the same number of lines: memory must follow
# phones, not lines).
set -eu
bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
itl="$here/../data/cluster/pub.tlv"
work=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
lines=${BENCH_LINES:-1000000}

# Four reports in five are DeviceTLInfo alarms, the rest other alarms; a
# third of the phones hold the ITL given with --itl.
gen() {
	awk -v n="$lines" -v phones="$1" 'BEGIN {
		cur = "58 2D A8 DE 77 C3 D6 36 38 11 F1 29 65 D4 F8 42 22 79 FC 3A "
		old = "1B A1 C9 07 E9 9E 4D 3C 53 9D C8 14 24 AF 6C 9F 7D CE 4D 6D "
		for (i = 0; i < n; i++) {
			s = i % 60; m = int(i / 60) % 60; h = int(i / 3600) % 24
			if (i % 5 == 4) {
				printf "31 uc-ucm-01 local7 3 : %d: uc-ucm-01.home.lab Jul 02 2015 %02d:%02d:%02d UTC :   %%UC_CALLMANAGER-3-EndPointUnregistered: %%[DeviceName=SEP%06X%06X][IPAddress=10.60.98.210][Protocol=SIP][DeviceType=592][Description=Phone][Reason=13][AppID=Cisco CallManager][ClusterID=StandAloneCluster][NodeID=uc-ucm-01]: An endpoint has unregistered\n", i, h, m, s, 0, i % phones
				continue
			}
			p = j++ % phones
			printf "31 uc-ucm-01 local7 6 : %d: uc-ucm-01.home.lab Jul 02 2015 %02d:%02d:%02d UTC :   %%UC_CALLMANAGER-6-DeviceTLInfo: %%[DeviceName=SEP%06X%06X][IPv4Address=10.%d.%d.%d][IPv6Address=][CTL_Signature=Not Installed][CTL_TFTP_Server=N/A][ITL_Signature=%s][ITL_TFTP_Server=homepub.lab][StatusCode=3][AppID=Cisco CallManager][ClusterID=StandAloneCluster][NodeID=uc-ucm-01]: Device trust list information\n", i, h, m, s, 0, p, int(p / 65536) % 256, int(p / 256) % 256, p % 256, (p % 3 == 0) ? cur : old
		}
	}'
}

secs() {
	# Elapsed seconds and peak RSS (KB) of a command, best of three runs.
	best=""
	for _ in 1 2 3; do
		# Not /dev/null: GNU grep stops at the first match when it sees it.
		/usr/bin/time -f "%e %M" -o "$work/t" "$@" > "$work/out" 2>&1 || true
		# time(1) prefixes "Command exited with non-zero status" lines.
		t=$(tail -1 "$work/t" | cut -d' ' -f1)
		m=$(tail -1 "$work/t" | cut -d' ' -f2)
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t; mem=$m
		fi
	done
	echo "$best $mem"
}

gen 100000 > "$work/100k.log"
gen 1000 > "$work/1k.log"
size=$(wc -c < "$work/100k.log")
n=$(wc -l < "$work/100k.log")
cat "$work/100k.log" > /dev/null	# warm the page cache for both tools
set -- $(secs grep -c DeviceTLInfo "$work/100k.log"); g=$1
set -- $(secs "$bin/itl-phones" --csv --itl "pub=$itl" "$work/100k.log"); p=$1; m100k=$2
set -- $(secs "$bin/itl-phones" --csv --itl "pub=$itl" "$work/1k.log"); m1k=$2
ratio=$(awk -v a="$p" -v b="$g" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 5 ? "within" : "OVER") }')
echo "itl-phones bench: $n lines, $size bytes"
echo "  grep -c DeviceTLInfo   ${g}s"
echo "  itl-phones --csv       ${p}s   ratio ${ratio}x ($verdict the 5x target)"
echo "  peak RSS, 1,000 phones     ${m1k} KB"
echo "  peak RSS, 100,000 phones   ${m100k} KB"
"$bin/itl-phones" --json --itl "pub=$itl" "$work/100k.log" | tail -1 |
    grep -q '"phones":100000,' || { echo "bench: wrong phone count"; exit 1; }
