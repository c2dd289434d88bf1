#!/bin/sh
# bench_phones.sh BIN_DIR: itl-phones against `grep -c DeviceTLInfo` on the
# same files in the same run, CPU (user + system) and wall time, best of
# three each, for two shapes of input:
#   long:  1,000,000 CiscoSyslog export lines of about 430 bytes, four in
#          five DeviceTLInfo alarms with every key of the real alarm;
#   short: 4,000,000 lines of about 65 bytes, one in four a DeviceTLInfo
#          alarm carrying only the keys read, the rest other short lines
#          (per-line costs dominate).
# Target: itl-phones CPU at most 3x grep's.  Then its peak memory with
# 1,000 against 100,000 distinct phones (the same number of lines: memory
# must follow phones, not lines).  BENCH_LINES scales both inputs.
set -eu
bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
itl="$here/../data/cluster/pub.tlv"
work=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
lines=${BENCH_LINES:-1000000}
target=3

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

# Short lines: three in four other messages, one in four a compact alarm.
gen_short() {
	awk -v n="$((lines * 4))" -v phones="$1" 'BEGIN {
		cur = "582DA8DE77C3D6363811F12965D4F8422279FC3A"
		old = "1BA1C907E99E4D3C539DC81424AF6C9F7DCE4D6D"
		for (i = 0; i < n; i++) {
			s = i % 60; m = int(i / 60) % 60; h = int(i / 3600) % 24
			if (i % 4 == 0) {
				p = j++ % phones
				printf "Jul 02 2015 %02d:%02d:%02d ucm DeviceTLInfo: %%[DeviceName=SEP%012X][ITL_Signature=%s]\n", h, m, s, p, (p % 3 == 0) ? cur : old
			} else if (i % 4 == 1)
				printf "Jul 02 2015 %02d:%02d:%02d ucm tftp: sent SEP%012X.cnf.xml\n", h, m, s, i % phones
			else if (i % 4 == 2)
				printf "Jul 02 2015 %02d:%02d:%02d ucm ccm: heartbeat %d ok\n", h, m, s, i
			else
				printf "Jul 02 2015 %02d:%02d:%02d ucm sshd[%d]: session closed\n", h, m, s, i % 30000
		}
	}'
}

best() {
	# Best of three: wall seconds, CPU seconds (user + system) and peak
	# RSS (KB), each the smallest seen.
	bw=""; bc=""; bm=""
	for _ in 1 2 3; do
		# Not /dev/null: GNU grep stops at the first match when it sees it.
		/usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > "$work/out" 2>&1 || true
		# time(1) prefixes "Command exited with non-zero status" lines.
		r=$(tail -1 "$work/t")
		w=$(echo "$r" | cut -d' ' -f1)
		c=$(echo "$r" | awk '{ printf "%.2f", $2 + $3 }')
		m=$(echo "$r" | cut -d' ' -f4)
		bw=$(awk -v a="$w" -v b="$bw" 'BEGIN { print (b == "" || a < b) ? a : b }')
		bc=$(awk -v a="$c" -v b="$bc" 'BEGIN { print (b == "" || a < b) ? a : b }')
		bm=$(awk -v a="$m" -v b="$bm" 'BEGIN { print (b == "" || a < b) ? a : b }')
	done
	echo "$bw $bc $bm"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# One shape: grep and itl-phones on FILE, printed as two lines.
shape() {
	cat "$2" > /dev/null	# warm the page cache for both tools
	set -- "$1" "$2" $(best grep -c DeviceTLInfo "$2")
	gw=$3; gc=$4
	set -- "$1" "$2" $(best "$bin/itl-phones" --csv --itl "pub=$itl" "$2")
	pw=$3; pc=$4
	rc=$(ratio "$pc" "$gc"); rw=$(ratio "$pw" "$gw")
	v=$(awk -v r="$rc" -v t="$target" 'BEGIN { print (r <= t ? "within" : "OVER") }')
	printf '  %-6s %9d lines %10d bytes\n' "$1" "$(wc -l < "$2")" "$(wc -c < "$2")"
	printf '    grep -c DeviceTLInfo   cpu %5ss  wall %5ss\n' "$gc" "$gw"
	printf '    itl-phones --csv       cpu %5ss  wall %5ss   cpu %sx (%s the %sx target), wall %sx\n' \
	    "$pc" "$pw" "$rc" "$v" "$target" "$rw"
}

gen 100000 > "$work/long.log"
gen_short 100000 > "$work/short.log"
echo "itl-phones bench (best of three; ratios itl-phones / grep, same run)"
shape long "$work/long.log"
shape short "$work/short.log"
# The JSON report carries each input's SHA-256: hashed on the second core.
set -- $(best "$bin/itl-phones" --json --itl "pub=$itl" "$work/long.log")
echo "  long, --json (SHA-256 of the input): cpu ${2}s  wall ${1}s"
rm -f "$work/short.log"
gen 1000 > "$work/1k.log"
set -- $(best "$bin/itl-phones" --csv --itl "pub=$itl" "$work/1k.log"); m1k=$3
set -- $(best "$bin/itl-phones" --csv --itl "pub=$itl" "$work/long.log"); m100k=$3
echo "  peak RSS, 1,000 phones     ${m1k} KB"
echo "  peak RSS, 100,000 phones   ${m100k} KB"
"$bin/itl-phones" --json --itl "pub=$itl" "$work/long.log" | tail -1 |
    grep -q "\"phones\":$((lines < 100000 ? lines * 4 / 5 : 100000))," ||
    { echo "bench: wrong phone count"; exit 1; }
