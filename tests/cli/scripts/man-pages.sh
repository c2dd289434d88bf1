#!/bin/sh
# Every man page (docs/*.1, docs/*.7) renders without a groff warning, and
# through man(1) when it is there; itlkit(7) lists every tool, each of
# which has its page, and so does the README's table.
set -u
root=$(cd "$DATA/../.." && pwd)
fail=0
if ! command -v groff >/dev/null 2>&1; then
	echo "groff not found (Debian: groff-base; make deps installs it)"
	exit 1
fi
for page in "$root"/docs/*.1 "$root"/docs/*.7; do
	n=$(basename "$page")
	w=$(groff -man -ww -z -Tutf8 "$page" 2>&1) ||
	    { echo "$n: groff failed"; fail=1; }
	[ -z "$w" ] || { echo "$n: groff warns: $w"; fail=1; }
	if command -v man >/dev/null 2>&1; then
		w=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
		[ -z "$w" ] || { echo "$n: man warns: $w"; fail=1; }
	fi
done
seven=$root/docs/itlkit.7
[ -f "$seven" ] || { echo "docs/itlkit.7 is missing"; exit 1; }
listed=$(sed -n '/^\.SH TOOLS/,/^\.SH/s/^\.BR \\\{0,1\}%\{0,1\}\([a-z0-9-]*\) (1)$/\1/p' "$seven" |
    LC_ALL=C sort)
tools=$(cd "$root/tools" && ls *.c | sed 's/\.c$//' | LC_ALL=C sort)
if [ "$listed" != "$tools" ]; then
	echo "itlkit(7) TOOLS lists:" $listed
	echo "the tools are:" $tools
	fail=1
fi
for t in $tools; do
	[ -f "$root/docs/$t.1" ] || { echo "$t has no man page"; fail=1; }
	grep -q "^\.BR \\\\\{0,1\}%\{0,1\}$t (1)" "$seven" ||
	    { echo "itlkit(7) does not refer to $t(1)"; fail=1; }
	grep '^| ' "$root/README.md" | grep -q "\`$t\`" ||
	    { echo "README's tool table lacks $t"; fail=1; }
done
exit $fail
