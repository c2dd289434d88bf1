#!/bin/sh
# A parallel batch prints exactly what a sequential one prints, in input
# order, with the same exit status (stdout and stderr both).
set -u
files="cucm-tokenless-CTLFile.tlv cucm-CTLFile-corrupted.tlv no-such.tlv certutils-built-ITLFile.tlv"
all=""
for i in 1 2 3 4 5 6 7 8; do all="$all $files"; done
for fmt in --json --warn-days=30; do
	itl-show --jobs 1 $fmt --at 2016-01-01T00:00:00Z $all > "$WORK/seq.out" 2> "$WORK/seq.err"
	rc1=$?
	itl-show --jobs 4 $fmt --at 2016-01-01T00:00:00Z $all > "$WORK/par.out" 2> "$WORK/par.err"
	rc4=$?
	[ "$rc1" = 2 ] && [ "$rc4" = 2 ] || { echo "exit $rc1 / $rc4, expected 2"; exit 1; }
	cmp "$WORK/seq.out" "$WORK/par.out" || { echo "stdout differs ($fmt)"; exit 1; }
	cmp "$WORK/seq.err" "$WORK/par.err" || { echo "stderr differs ($fmt)"; exit 1; }
	n=$(grep -c '^{' "$WORK/par.out" || true)
	[ "$fmt" != --json ] || [ "$n" = 32 ] || { echo "expected 32 JSON lines, got $n"; exit 1; }
done
