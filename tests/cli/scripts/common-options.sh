#!/bin/sh
# Every tool takes the common options of tools/fe/fe_opts.h with the same
# meaning: its --help ends with the same common-options lines, --out is
# always a FILE and --out-dir always a DIR (drs-extract's --out DIR is its
# older spelling, said as such), each common option is accepted (the
# refusals are the same words everywhere) and colour is off when piped.
# Every man page has the same sections in the same order.
set -u
root=$(cd "$DATA/../.." && pwd)
fail=0
bad() { echo "$*"; fail=1; }
want="common options: [-h | --help] [--version] [--json | --csv] [--brief]
    [--quiet] [--no-progress] [--color=never|auto|always] [--at TIME]"
tools=$(cd "$root/tools" && ls *.c | sed 's/\.c$//')
for t in $tools; do
	h=$("$t" --help) || bad "$t --help: exit $?"
	[ "$("$t" -h)" = "$h" ] || bad "$t: -h is not --help"
	[ "$(printf '%s\n' "$h" | tail -n 2)" = "$want" ] ||
		bad "$t --help does not end with the common options: $h"
	printf '%s\n' "$h" | head -n 1 | grep -q "^usage: $t " ||
		bad "$t --help: no usage line"
	# --out names a file, --out-dir a folder, wherever they are written.
	printf '%s\n' "$h" | grep -o -- '--out[-a-z]* [A-Z_.]*' | while read -r o m; do
		case "$o $m" in
		"--out FILE"|"--out-dir DIR") ;;
		"--out DIR") printf '%s\n' "$h" | grep -q -- "--out DIR is the older spelling of --out-dir" ||
			echo "$t: --out DIR without saying it is --out-dir" ;;
		*) echo "$t: $o $m (--out FILE, --out-dir DIR)" ;;
		esac
	done | grep . && fail=1
	# A repeatable option is written [--opt X]..., never --opt X... .
	printf '%s\n' "$h" | grep -E -- '--[a-z-]+ [^] ]+\.\.\.' &&
		bad "$t: a repeatable option written as one with many values"
	"$t" --version | head -n 1 | grep -q "^$t (itlkit) " || bad "$t --version"
	# Refusals are worded alike in every tool, exit 2.
	for args in "--json --csv" "--brief --json" "--color=sometimes" "--at yesterday" "--no-such-option"; do
		# shellcheck disable=SC2086
		"$t" $args x > /dev/null 2> "$WORK/co.err"
		rc=$?
		[ $rc = 2 ] || bad "$t $args: exit $rc, expected 2"
	done
	"$t" --json --csv x 2>&1 | grep -q "^$t: --json and --csv exclude each other$" ||
		bad "$t --json --csv: $("$t" --json --csv x 2>&1)"
	"$t" --color=sometimes x 2>&1 | grep -q "^$t: --color: expected never, auto or always, got 'sometimes'$" ||
		bad "$t --color=sometimes"
done

# Each common option is taken (the run is then the tool's usual one): no
# usage error, and never a colour escape on a pipe unless --color=always.
esc=$(printf '\033')
run() { "$@" > "$WORK/co.out" 2> "$WORK/co.err"; echo $?; }
for opts in "--at 2024-05-01T00:00:00Z" "--at @1714521600" "--brief" "--quiet" \
    "--no-progress" "--color=never" "--color auto" "--color=always"; do
	# shellcheck disable=SC2086
	r1=$(run itl-show $opts cluster/pub.tlv)
	[ "$r1" = 0 ] || bad "itl-show $opts: exit $r1: $(cat "$WORK/co.err")"
	# shellcheck disable=SC2086
	r2=$(run itl-trust $opts --installed none --candidate cluster/pub.tlv)
	[ "$r2" != 2 ] || bad "itl-trust $opts: exit 2: $(cat "$WORK/co.err")"
	# shellcheck disable=SC2086
	r3=$(run drs-ls $opts drs/gen/s1)
	[ "$r3" != 2 ] || bad "drs-ls $opts: exit 2: $(cat "$WORK/co.err")"
done
for opts in "" "--color=auto" "--color=never"; do
	# shellcheck disable=SC2086
	itl-show $opts cluster/pub.tlv > "$WORK/co.out"
	grep -q "$esc" "$WORK/co.out" && bad "itl-show $opts: colour on a pipe"
	# shellcheck disable=SC2086
	NO_COLOR=1 itl-show $opts cluster/pub.tlv > "$WORK/co.out"
	grep -q "$esc" "$WORK/co.out" && bad "itl-show $opts, NO_COLOR: colour"
done
# --quiet: nothing on standard output, the same exit status.
itl-show --quiet cluster/pub.tlv > "$WORK/co.out"; rq=$?
[ -s "$WORK/co.out" ] && bad "itl-show --quiet printed: $(head -3 "$WORK/co.out")"
itl-show cluster/pub.tlv > /dev/null; rn=$?
[ $rq = $rn ] || bad "itl-show --quiet: exit $rq, without $rn"
# --csv where the job has no table: refused, saying so.
itl-sign --csv --resign x --out y > /dev/null 2> "$WORK/co.err"
[ $? = 2 ] && grep -q "^itl-sign: --csv: itl-sign writes trust lists, it prints no table (use --json)$" "$WORK/co.err" ||
	bad "itl-sign --csv: $(cat "$WORK/co.err")"
# Every tool that refuses --csv says why in the same words: what it
# prints instead, "no table (use --json)"; never a build it is not.
for t in $(cd "$root/tools" && ls *.c | sed 's/\.c$//'); do
	"$t" --csv x > /dev/null 2> "$WORK/co.err" < /dev/null
	grep -q "^$t: --csv: " "$WORK/co.err" || continue
	grep -q "^$t: --csv: $t .*no table (use --json)$" "$WORK/co.err" &&
	    ! grep -q "in this build" "$WORK/co.err" ||
		bad "$t --csv: $(head -1 "$WORK/co.err")"
done

# Man pages: the same sections in the same order (others may come between).
sections="NAME|SYNOPSIS|DESCRIPTION|OPTIONS|COMMON OPTIONS|NAMES FROM EVIDENCE|EXIT STATUS|EXAMPLES|SEE ALSO"
for page in "$root"/docs/*.1; do
	got=$(sed -n 's/^\.SH //p' "$page" | tr -d '"' | grep -E -x "$sections" | paste -sd '|' -)
	[ "$got" = "$sections" ] || bad "$(basename "$page"): sections $got, expected $sections"
	# The common options are the same words in every page.
	sed -n '/^\.SH COMMON OPTIONS/,/^\.SH /p' "$page" | sed '$d' > "$WORK/co.sec"
	if [ -f "$WORK/co.first" ]; then
		cmp -s "$WORK/co.first" "$WORK/co.sec" || bad "$(basename "$page"): COMMON OPTIONS differs"
	else
		cp "$WORK/co.sec" "$WORK/co.first"
	fi
done
rm -f "$WORK/co.first"
exit $fail
