#!/bin/sh
# itl-diff matching on two in-memory lists of N records each (tests/bench/
# bench-diff.c), versions and nodes, for N = 10,000, 100,000 and
# 1,000,000: near-linear means each tenfold step costs about ten times
# (plus a log factor).  The digests printed must not change when the
# matching code does (byte-identical output).  Usage: bench_itl_diff.sh BIN_DIR
set -eu
b=${BENCH_BIN:-build/bench}/bench-diff
for n in ${NS:-10000 100000 1000000}; do
	for m in versions nodes; do
		/usr/bin/time -f "  peak RSS %M KB" "$b" "$n" "$m"
	done
done
