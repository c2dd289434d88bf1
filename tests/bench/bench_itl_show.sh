#!/bin/sh
# itl-show --json over 10,000 generated trust lists, against sha256sum over
# the same files in the same run.  Three alternating rounds; the best wall
# and CPU time of each side are compared.  Usage: bench_itl_show.sh BIN_DIR
set -eu
bin=$1
gen=${BENCH_BIN:-build/bench}/gen-itls
n=${N:-10000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir "$dir/itl"
"$gen" "$n" "$dir/itl"
bytes=$(cat "$dir"/itl/*.tlv | wc -c)
echo "inputs: $n trust lists, $bytes bytes (pool of 60 certificates, RSA 1024/2048, SHA-1/SHA-256)"

# Prints "wall cpu" in seconds for one run of the command.
measure() {
	/usr/bin/time -f "%e %U %S" -o "$dir/t" "$@" > /dev/null
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$dir/t"
}

best() { sort -n | head -1; }
: > "$dir/ref.wall"; : > "$dir/ref.cpu"; : > "$dir/ik.wall"; : > "$dir/ik.cpu"
: > "$dir/ik1.wall"; : > "$dir/ik1.cpu"
for round in 1 2 3; do
	set -- $(measure sha256sum "$dir"/itl/*.tlv)
	echo "$1" >> "$dir/ref.wall"; echo "$2" >> "$dir/ref.cpu"
	set -- $(measure "$bin/itl-show" --json "$dir"/itl/*.tlv)
	echo "$1" >> "$dir/ik.wall"; echo "$2" >> "$dir/ik.cpu"
	set -- $(measure "$bin/itl-show" --jobs 1 --json "$dir"/itl/*.tlv)
	echo "$1" >> "$dir/ik1.wall"; echo "$2" >> "$dir/ik1.cpu"
done
"$bin/itl-show" --json "$dir"/itl/*.tlv > "$dir/out.jsonl"
valid=$(grep -c '"signature":"valid"' "$dir/out.jsonl" || true)
[ "$valid" = "$n" ] || { echo "only $valid of $n verified"; exit 1; }
rw=$(best < "$dir/ref.wall"); rc=$(best < "$dir/ref.cpu")
iw=$(best < "$dir/ik.wall"); ic=$(best < "$dir/ik.cpu")
i1w=$(best < "$dir/ik1.wall"); i1c=$(best < "$dir/ik1.cpu")
jobs=$(nproc 2>/dev/null || echo 1)
awk -v rw="$rw" -v rc="$rc" -v iw="$iw" -v ic="$ic" -v i1w="$i1w" -v i1c="$i1c" -v n="$n" -v j="$jobs" 'BEGIN {
	printf "sha256sum:                   wall %.2f s, cpu %.2f s\n", rw, rc
	printf "itl-show --json (--jobs %d):  wall %.2f s, cpu %.2f s (%d verified, %.0f files/s)\n", j, iw, ic, n, n / iw
	printf "itl-show --json --jobs 1:    wall %.2f s, cpu %.2f s (%.0f files/s)\n", i1w, i1c, n / i1w
	printf "ratio itl-show/sha256sum: wall %.1fx (one job %.1fx), cpu %.1fx (target <= 4x)\n", iw / rw, i1w / rw, (rc > 0 ? i1c / rc : 0)
}'
