#!/bin/sh
# bench_case_triage.sh BIN_DIR: case-triage over a bundle of 1,000 ITLs
# (250 nodes, 4 versions each: tests/bench/gen-case.c) and a 1,000,000-line
# syslog export of DeviceTLInfo alarms, against the same jobs run by the
# separate tools on the same files in the same run: the commands are read
# from the triage's own case.json (every analysis it ran: one itl-show over
# every list, each itl-diff, each itl-trust, itl-phones).  Target: at most
# 1.5x the tools' time.
set -eu
bin=$(cd "$1" && pwd)
gen=${BENCH_BIN:-build/bench}/gen-case
[ -x "$gen" ] || { echo "bench: $gen not built (make bench builds it)"; exit 1; }
gen=$(cd "$(dirname "$gen")" && pwd)/gen-case
work=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
nodes=${BENCH_NODES:-250}
versions=4
lines=${BENCH_LINES:-1000000}
b=$work/bundle
mkdir -p "$b/tftp" "$b/alarms"
"$gen" "$nodes" "$versions" "$b" || exit 1
mv "$b/sha1s.txt" "$work/"
# 2,000 phones; phone p reports node p%NODES's latest list, or (one in
# three) the one before; one line in five is another alarm.
awk -v n="$lines" -v phones=2000 -v nodes="$nodes" -v last=$((versions - 1)) '
	FILENAME != "-" { sha[$1 " " $2] = substr($0, length($1) + length($2) + 3); next }
	END {
		for (i = 0; i < n; i++) {
			p = i % phones
			node = "node" (p % nodes)
			v = (p % 3 == 0) ? last - 1 : last
			s = i % 60; m = int(i / 60) % 60; h = int(i / 3600) % 24
			if (i % 5 == 4) {
				printf "30 %s local7 6 : %d: %s.bench Jan 02 2021 %02d:%02d:%02d UTC :   %%UC_CALLMANAGER-6-EndPointRegistered: %%[DeviceName=SEP%012X][IPAddress=10.1.%d.%d][Protocol=SIP][DeviceType=36670][Description=Phone][AppID=Cisco CallManager][ClusterID=StandAloneCluster][NodeID=%s]: Endpoint registered\n", node, i, node, h, m, s, p, int(p / 256), p % 256, node
				continue
			}
			printf "31 %s local7 6 : %d: %s.bench Jan 02 2021 %02d:%02d:%02d UTC :   %%UC_CALLMANAGER-6-DeviceTLInfo: %%[DeviceName=SEP%012X][IPv4Address=10.1.%d.%d][IPv6Address=][CTL_Signature=Not Installed][CTL_TFTP_Server=N/A][ITL_Signature=%s][ITL_TFTP_Server=%s.bench][StatusCode=3][AppID=Cisco CallManager][ClusterID=StandAloneCluster][NodeID=%s]: Device trust list information\n", node, i, node, h, m, s, p, int(p / 256), p % 256, sha[node " " v], node, node
		}
	}' "$work/sha1s.txt" < /dev/null > "$b/alarms/syslog.txt"
at=2021-06-01T00:00:00Z

triage() {
	"$bin/case-triage" --at "$at" --out-dir "$work/out" "$b" > "$work/triage.out" 2>&1 || true
}
triage
# The same jobs, as a person would run the tools: one itl-show over every
# list, then each other job as its own command.
python3 - "$work/out/case.json" "$bin" > "$work/tools.sh" <<'EOP'
import json, shlex, sys
c = json.load(open(sys.argv[1]))
b = sys.argv[2]
q = shlex.quote
shows = []
print("set +e")
for a in c["analyses"]:
    j, x = a["job"], a["args"]
    if j == "itl.show":
        shows.append(x["input"])
    elif j == "itl.diff":
        print(" ".join([q(b + "/itl-diff"), "--json", "--at", x["at"]] +
            (["--versions"] if x.get("versions") else []) +
            (["--publisher", q(x["publisher"])] if "publisher" in x else []) +
            [q(i) for i in x["inputs"]]), "> /dev/null")
    elif j == "itl.trust":
        print(" ".join([q(b + "/itl-trust"), "--json"] +
            sum([["--installed", q(i)] for i in x["installed"]], []) +
            ["--candidate", q(x["candidate"])]), "> /dev/null")
    elif j == "itl.phones":
        print(" ".join([q(b + "/itl-phones"), "--json"] +
            sum([["--itl", q(i)] for i in x["itl"]], []) +
            sum([["--history", q(i)] for i in x.get("history", [])], []) +
            [q(i) for i in x["inputs"]]), "> /dev/null")
    else:
        sys.exit("bench: no tool command for " + j)
print(" ".join([q(b + "/itl-show"), "--json", "--jobs", "1", "--at",
    c["at"]] + [q(s) for s in shows]), "> /dev/null")
EOP
count() { grep -c "\"job\": \"$1\"" "$work/out/case.json" || true; }
echo "case-triage bench: $(count itl.show) itl.show, $(count itl.diff) itl.diff, $(count itl.trust) itl.trust, $(count itl.phones) itl.phones; $lines alarm lines"
best_t="" best_s=""
for _ in 1; do
	/usr/bin/time -f "%e %U %S %M" -o "$work/tt" sh -c "\"$bin/case-triage\" --at $at --out-dir \"$work/out\" \"$b\" > /dev/null 2>&1; true"
	/usr/bin/time -f "%e %U %S" -o "$work/ts" sh "$work/tools.sh"
	t=$(tail -1 "$work/tt" | cut -d' ' -f1)
	s=$(tail -1 "$work/ts" | cut -d' ' -f1)
	mem=$(tail -1 "$work/tt" | cut -d' ' -f4)
	if [ -z "$best_t" ] || awk -v a="$t" -v b="$best_t" 'BEGIN { exit !(a < b) }'; then best_t=$t; fi
	if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then best_s=$s; fi
done
ratio=$(awk -v a="$best_t" -v b="$best_s" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.5 ? "within" : "OVER") }')
echo "  separate tools (same jobs)   ${best_s}s"
echo "  case-triage                  ${best_t}s   ratio ${ratio}x ($verdict the 1.5x target), peak RSS ${mem} KB"
python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
p = [a for a in c["analyses"] if a["job"] == "itl.phones"][0]["result"][-1]
# Phone p reports when p % 5 != 4 (2,000 is a multiple of 5); one in
# three of those holds the list before the latest of its node.
want = [q for q in range(2000) if q % 5 != 4]
stale = len([q for q in want if q % 3 == 0])
got = (p.get("phones"), p.get("events"), p["counts"]["current"],
    p["counts"]["stale-recoverable"] + p["counts"]["stale-depends"] +
    p["counts"]["stale-unrecoverable"])
if got != (len(want), int(sys.argv[2]) * 4 // 5, len(want) - stale, stale):
    sys.exit("bench: phones, events, current, stale: %s" % (got,))
' "$work/out/case.json" "$lines" || exit 1
echo "  case.json $(wc -c < "$work/out/case.json") bytes, case.html $(wc -c < "$work/out/case.html") bytes"
