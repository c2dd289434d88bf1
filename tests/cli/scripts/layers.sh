#!/bin/sh
# libcore's layer rule (docs/ARCHITECTURE.md): includes only point down,
# base <- itl <- p12, phones <- drs <- jobs <- recipe <- case; nothing in
# libcore includes a tool's header; every libcore file sits in a domain
# folder and its first comment says which layer it is in.
set -u
root=$(cd "$DATA/../.." && pwd)
cd "$root" || exit 1
allowed() {
	case $1 in
	base) echo "base" ;;
	itl) echo "base itl" ;;
	p12) echo "base itl p12" ;;
	phones) echo "base itl phones" ;;
	drs) echo "base itl p12 drs" ;;
	jobs) echo "base itl p12 phones drs jobs" ;;
	recipe) echo "base jobs recipe" ;;
	case) echo "base itl p12 phones drs jobs recipe case" ;;
	*) echo "" ;;
	esac
}
bad=0
for f in libcore/*; do
	[ -d "$f" ] && continue
	echo "$f: loose in libcore/ (belongs in a domain folder)"; bad=1
done
for f in libcore/*/*.[ch]; do
	layer=$(echo "$f" | cut -d/ -f2)
	ok=$(allowed "$layer")
	[ -n "$ok" ] || { echo "$f: unknown layer $layer"; bad=1; continue; }
	# The first comment, up to its end: "Layer: itl." or "layer itl".
	sed -n '1,/\*\//p' "$f" | grep -qiE "layer:? $layer\b" ||
		{ echo "$f: its first comment does not say it is in layer $layer"; bad=1; }
	for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		hl=$(ls libcore/*/"$h" 2>/dev/null | cut -d/ -f2 | head -1)
		if [ -z "$hl" ]; then
			echo "$f includes $h, which is not in libcore"; bad=1
			continue
		fi
		case " $ok " in
		*" $hl "*) ;;
		*) echo "$f ($layer) includes $h ($hl): includes point down"; bad=1 ;;
		esac
	done
done
exit $bad
