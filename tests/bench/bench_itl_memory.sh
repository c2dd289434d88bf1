#!/bin/sh
# Peak memory of itl-show on the costliest 4 MiB inputs (tests/bench/
# gen-worst.c): tiny records, one record of empty TLVs, a header of
# padding, and a `show itl` text dump of tiny records.  Text and --json,
# --jobs 1 on one input and --jobs 2 on two copies (both in flight at
# once).  Target: peak RSS under 64 MiB everywhere.
# Usage: bench_itl_memory.sh BIN_DIR
set -eu
bin=$1
gen=${BENCH_BIN:-build/bench}/gen-worst
dir=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
worst=0
printf '| input | mode | jobs | peak RSS | wall | output |\n| --- | --- | --- | --- | --- | --- |\n'
for k in records tlvs pads dump; do
	"$gen" "$k" "$dir/$k.a"
	for c in b c d; do cp "$dir/$k.a" "$dir/$k.$c"; done
	for mode in text json; do
		for jobs in ${JOBS:-1 2 4}; do
			set -- "$dir/$k.a"
			[ "$jobs" -ge 2 ] && set -- "$@" "$dir/$k.b"
			[ "$jobs" -ge 4 ] && set -- "$@" "$dir/$k.c" "$dir/$k.d"
			flag=
			[ "$mode" = json ] && flag=--json
			/usr/bin/time -f "%M %e" -o "$dir/t" "$bin/itl-show" \
				--jobs "$jobs" $flag "$@" > "$dir/out" 2> /dev/null || true
			# time(1) puts "Command exited with..." first on failure.
			rss=$(tail -n 1 "$dir/t" | cut -d' ' -f1)
			wall=$(tail -n 1 "$dir/t" | cut -d' ' -f2)
			out=$(wc -c < "$dir/out")
			printf '| %s (%s bytes) | %s | %s | %.1f MiB | %s s | %s bytes |\n' \
				"$k" "$(wc -c < "$dir/$k.a")" "$mode" "$jobs" \
				"$(echo "$rss" | awk '{ print $1 / 1024 }')" "$wall" "$out"
			[ "$rss" -gt "$worst" ] && worst=$rss
		done
	done
done
awk -v w="$worst" 'BEGIN { printf "worst peak RSS: %.1f MiB (target < 64 MiB)\n", w / 1024 }'
