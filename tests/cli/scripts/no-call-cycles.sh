#!/bin/sh
# No two libcore objects call each other, directly or round a longer loop
# (issue 10: drs_check <-> drs_pool).  The edges come from the built
# objects: A -> B when A leaves undefined a function B defines (nm type T).
# Data references (the job table naming each job object) are not calls
# and are left out.  tsort (coreutils) reports every loop it meets.
# The objects are the ones built beside the tools on PATH:
# $(dirname drs-ls)/../libcore.
set -u
tool=$(command -v drs-ls) || { echo "drs-ls not on PATH"; exit 1; }
# Under VALGRIND=1 drs-ls is a wrapper script naming the real binary.
real=$(grep -o '"/[^"]*/drs-ls"' "$tool" 2>/dev/null | tr -d '"' | head -1)
[ -n "$real" ] && tool=$real
lib=$(cd "$(dirname "$tool")/../libcore" 2>/dev/null && pwd) ||
	{ echo "no libcore objects beside $tool"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-cycles.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
for o in "$lib"/*/*.o; do
	[ -e "$o" ] || continue
	n=$((n + 1))
	name=${o#"$lib"/}
	nm -g --defined-only "$o" |
		awk -v o="$name" 'NF == 3 && ($2 == "T" || $2 == "W") { print $3, o }' >> "$tmp/def"
	nm -u "$o" | awk -v o="$name" '{ print $NF, o }' >> "$tmp/und"
	# Every object is a node, even one that calls nothing.
	echo "$name $name" >> "$tmp/edges"
done
[ "$n" -gt 20 ] || { echo "only $n objects under $lib"; exit 1; }
sort -o "$tmp/def" "$tmp/def"
sort -o "$tmp/und" "$tmp/und"
# join on the symbol: "SYM DEFINER USER" -> "USER DEFINER"
join "$tmp/def" "$tmp/und" | awk '$2 != $3 { print $3, $2 }' |
	sort -u >> "$tmp/edges"
# A sanity check that the edges are there at all: the set check calls
# the manifest parser.
grep -qx 'drs/drs_check.o drs/drs_manifest.o' "$tmp/edges" ||
	{ echo "edge drs_check.o -> drs_manifest.o not found: nm output not understood"; exit 1; }
if ! tsort "$tmp/edges" > /dev/null 2> "$tmp/loops"; then
	echo "call cycles between libcore objects:"
	sed -e "s|^tsort: ||" -e "s|^$tmp/edges: ||" "$tmp/loops"
	exit 1
fi
exit 0
