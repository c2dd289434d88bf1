#!/bin/sh
# itl-show --json over N generated trust lists, against sha256sum over the
# same files in the same run, for two batches: certificates drawn from a
# small pool (a fleet: the same few certificates again and again) and
# every certificate distinct (nothing decoded can be reused).  Three
# alternating rounds; the best wall and CPU time of each side are compared.
# Targets: itl-show --jobs 1 at most 3x sha256sum's wall time, with all
# cores at most 2x; both lines give the CPU ratio too (user + system, the
# steadier figure on a shared machine).  Usage: bench_itl_show.sh BIN_DIR
# N (default 10000) files per batch; ND for the distinct batch (default N).
set -eu
bin=$1
gen=${BENCH_BIN:-build/bench}/gen-itls
n=${N:-10000}
nd=${ND:-$n}
jobs=$(nproc 2>/dev/null || echo 1)
dir=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir "$dir/pool" "$dir/distinct"
"$gen" "$n" "$dir/pool"
"$gen" -d "$nd" "$dir/distinct"

# Prints "wall cpu" in seconds for one run of the command.
measure() {
	/usr/bin/time -f "%e %U %S" -o "$dir/t" "$@" > /dev/null
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$dir/t"
}

best() { sort -n | head -1; }

# One batch: BATCH COUNT LABEL.
batch() {
	b=$1
	count=$2
	bytes=$(cat "$dir/$b"/*.tlv | wc -c)
	echo "$3: $count trust lists, $bytes bytes"
	for s in ref ikn ik1; do
		: > "$dir/$s.wall"; : > "$dir/$s.cpu"
	done
	for round in 1 2 3; do
		set -- $(measure sha256sum "$dir/$b"/*.tlv)
		echo "$1" >> "$dir/ref.wall"; echo "$2" >> "$dir/ref.cpu"
		set -- $(measure "$bin/itl-show" --json "$dir/$b"/*.tlv)
		echo "$1" >> "$dir/ikn.wall"; echo "$2" >> "$dir/ikn.cpu"
		set -- $(measure "$bin/itl-show" --jobs 1 --json "$dir/$b"/*.tlv)
		echo "$1" >> "$dir/ik1.wall"; echo "$2" >> "$dir/ik1.cpu"
	done
	"$bin/itl-show" --json "$dir/$b"/*.tlv > "$dir/out.jsonl"
	valid=$(grep -c '"signature":"valid"' "$dir/out.jsonl" || true)
	[ "$valid" = "$count" ] || { echo "only $valid of $count verified"; exit 1; }
	awk -v rw="$(best < "$dir/ref.wall")" -v rc="$(best < "$dir/ref.cpu")" \
	    -v nw="$(best < "$dir/ikn.wall")" -v nc="$(best < "$dir/ikn.cpu")" \
	    -v ow="$(best < "$dir/ik1.wall")" -v oc="$(best < "$dir/ik1.cpu")" \
	    -v n="$count" -v j="$jobs" 'BEGIN {
		if (rw <= 0) rw = 0.01
		if (rc <= 0) rc = 0.01
		printf "  sha256sum:               wall %6.2f s, cpu %6.2f s\n", rw, rc
		printf "  itl-show --jobs 1:       wall %6.2f s, cpu %6.2f s, %6.0f files/s: %.1fx sha256sum (target <= 3x; cpu %.1fx)\n", ow, oc, n / (ow > 0 ? ow : 0.01), ow / rw, oc / rc
		printf "  itl-show (--jobs %d):     wall %6.2f s, cpu %6.2f s, %6.0f files/s: %.1fx sha256sum (target <= 2x; cpu %.1fx)\n", j, nw, nc, n / (nw > 0 ? nw : 0.01), nw / rw, nc / rc
	}'
}

batch pool "$n" "small pool (60 certificates, RSA 1024/2048, SHA-1/SHA-256)"
batch distinct "$nd" "all distinct (every certificate its own, keys from the pool)"
