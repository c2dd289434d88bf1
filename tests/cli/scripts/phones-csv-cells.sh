#!/bin/sh
# itl-phones --csv: the matched_file cell of a trust list whose path is
# long (past the row buffer of the fast path), holds a comma and a quote,
# or starts like a formula, read back with Python's csv module: the exact
# path, and a leading apostrophe only before a formula.  Runs in tests/data
# with WORK a scratch dir.
set -eu
. "$(dirname "$0")/../lib/expect.sh"
W=$WORK/phones-csv
mkdir -p "$W"
long=$(python3 -c "print('d' * 240)")
mkdir -p "$W/$long/$long/$long"
cp cluster/pub.tlv "$W/$long/$long/$long/pub,\"q\".tlv"
cp cluster/pub.tlv "$W/=cmd,x.tlv"
check() { # ITL-ARG EXPECTED-CELL
	expect 1 itl-phones --csv --itl "$1" events/syslog-mixed.txt
	python3 - "$W/out" "$2" <<'PY' || fail "matched_file cell for $2"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
cells = [r['matched_file'] for r in rows if r['device'] == 'SEP000000000001']
if cells != [sys.argv[2]]:
    print('got', cells, 'want', sys.argv[2])
    sys.exit(1)
PY
}
check "pub=$W/$long/$long/$long/pub,\"q\".tlv" "$W/$long/$long/$long/pub,\"q\".tlv"
(cd "$W" && expect 1 itl-phones --csv --itl "pub==cmd,x.tlv" "$DATA/events/syslog-mixed.txt")
grep -qF "SEP000000000001,10.60.98.11,current,,,SHA1,582da8de77c3d6363811f12965d4f8422279fc3a,homepub.lab,\"'=cmd,x.tlv\",pub," "$W/out" ||
	{ cat "$W/out"; fail "a formula-like cell is not defused and quoted"; }
check "pub=cluster/pub.tlv" "cluster/pub.tlv"
echo ok
