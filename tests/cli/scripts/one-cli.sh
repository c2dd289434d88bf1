#!/bin/sh
# Issue "One CLI", what must hold, where no other script says it: every
# tool prints no colour escape on a pipe (nor with NO_COLOR, nor with
# --color=never), and every tool colours its verdicts with --color=always
# (and the same text, escapes taken out, as without); the tools not in
# archive-inputs.sh' list give an unreadable input its JSON object (status
# unreadable, INPUT_UNREADABLE); every man page writes a repeatable
# option as [--opt X]..., never [--opt X...]; no message repeats the
# path it names.  Runs in tests/data.
set -u
root=$(cd "$DATA/../.." && pwd)
fail=0
bad() { echo "$*"; fail=1; }
W=$WORK/one-cli
rm -rf "$W"; mkdir -p "$W"

# name|command with @ for the colour option
strip() { sed 's/\x1b\[[0-9;]*m//g'; }
checked=0
while IFS='|' read -r name cmd; do
	checked=$((checked + 1))
	rm -rf "$W/x" "$W/case"
	c=$(echo "$cmd" | sed 's/@//')
	sh -c "$c" > "$W/plain" 2>&1 < /dev/null
	n=$(tr -dc '\033' < "$W/plain" | wc -c)
	[ "$n" = 0 ] || bad "$name: $n colour escapes on a pipe"
	rm -rf "$W/x" "$W/case"
	n=$(NO_COLOR=1 sh -c "$(echo "$cmd" | sed 's/@/--color=auto/')" 2>&1 < /dev/null | tr -dc '\033' | wc -c)
	[ "$n" = 0 ] || bad "$name: $n colour escapes with NO_COLOR"
	rm -rf "$W/x" "$W/case"
	n=$(sh -c "$(echo "$cmd" | sed 's/@/--color=never/')" 2>&1 < /dev/null | tr -dc '\033' | wc -c)
	[ "$n" = 0 ] || bad "$name: $n colour escapes with --color=never"
	rm -rf "$W/x" "$W/case"
	sh -c "$(echo "$cmd" | sed 's/@/--color=always/')" > "$W/color" 2>&1 < /dev/null
	n=$(tr -dc '\033' < "$W/color" | wc -c)
	[ "$n" -gt 0 ] || bad "$name --color=always: no colour"
	strip < "$W/color" | cmp -s - "$W/plain" ||
	    bad "$name --color=always: not the same text as without colour"
done <<EOT
itl-show|itl-show @ --at 2024-06-01T00:00:00Z cluster/pub.tlv
itl-diff|itl-diff @ --at 2024-06-01T00:00:00Z pub=cluster/pub.tlv sub=cluster/sub.tlv
itl-trust|itl-trust @ --at 2024-06-01T00:00:00Z --installed none --candidate cluster/pub.tlv
itl-phones|itl-phones @ --at 2024-06-01T00:00:00Z --itl pub=cluster/pub.tlv events/cucm14-phones.csv
p12-check|p12-check @ --at 2024-06-01T00:00:00Z --password-file p12/pw.txt p12/itlrecovery-legacy.p12
sgn-check|sgn-check @ --at 2024-06-01T00:00:00Z --itl cluster/pub.tlv cluster/pub.tlv
drs-ls|drs-ls @ drs/gen/s1
drs-verify|drs-verify @ --password-file drs/gen/cluster.pw drs/gen/s1
drs-platform|drs-platform @ drs/platform/hostile-platformConfig.xml
drs-extract|drs-extract @ --password-file drs/gen/cluster.pw --out-dir $W/x drs/gen/s1
drs-rekey|drs-rekey @ --password-file drs/gen/cluster.pw --new-password-file drs/gen/cluster.pw --out $W/r.xml --force drs/gen/s1
itl-sign|itl-sign @ --at 2024-06-01T00:00:00Z --resign p12/before.tlv --key p12/ccm.key --cert p12/ccm.pem --force --out $W/s.tlv
case-triage|case-triage @ --at 2025-03-10T12:00:00Z --out-dir $W/case --password-file p12/pw.txt p12/itlrecovery-legacy.p12 cluster/pub.tlv
recipe-run|recipe-run @ --at 2016-01-01T00:00:00Z --var itl=cluster/pub.tlv --var password=p12/pw.txt --var reset_itl=cluster/pub-reset.tlv recipes/good.yaml < /dev/null
EOT
# --brief keeps the colour of the verdict lines.
for cmd in "sgn-check --brief --itl cluster/pub.tlv cluster/pub.tlv" \
    "drs-platform --brief drs/platform/hostile-platformConfig.xml" \
    "recipe-run --check recipes/good.yaml"; do
	n=$($cmd --color=always 2>&1 | tr -dc '\033' | wc -c)
	[ "$n" -gt 0 ] || bad "$cmd --color=always: no colour"
done
# Every tool is in the list above, and each line of it was run.
for t in $(cd "$root/tools" && ls *.c | sed 's/\.c$//'); do
	grep -q "^$t|" "$0" || bad "$t: not checked for colour"
done
n=$(cd "$root/tools" && ls *.c | wc -l)
[ "$checked" = "$n" ] || bad "colour checked for $checked tools of $n"

# Unreadable inputs: one object each (archive-inputs.sh has the others).
for cmd in "sgn-check --json --itl cluster/pub.tlv missing.sgn" \
    "sgn-check --json --itl missing.tlv cluster/pub.tlv" \
    "drs-platform --json missing.xml" \
    "drs-extract --json --no-progress --password-file drs/gen/cluster.pw --out-dir $W/none missing" \
    "drs-rekey --json --password-file drs/gen/cluster.pw --new-password-file drs/gen/cluster.pw --out $W/none.xml missing"; do
	$cmd > "$W/out" 2> /dev/null
	rc=$?
	[ $rc = 2 ] || [ $rc = 1 ] || bad "$cmd: exit $rc"
	n=$(grep -c '"status":"unreadable"' "$W/out")
	[ "$n" = 1 ] || bad "$cmd: $n unreadable objects: $(cat "$W/out")"
	grep -q '"findings":\[{"severity":"error","code":"INPUT_UNREADABLE"' "$W/out" ||
	    bad "$cmd: no INPUT_UNREADABLE finding"
done
[ -e "$W/none" ] && bad "drs-extract made the folder of an unreadable set"
[ -e "$W/none.xml" ] && bad "drs-rekey wrote for an unreadable set"

# No message repeats the path ("drs-verify: x.tgz: x.tgz: ..."): damaged
# and misdirected archives given to every tool that reads files.
printf 'garbage' > "$W/x.tgz"
gzip -c cluster/pub.tlv | head -c 100 > "$W/cut.gz"
for f in x.tgz cut.gz; do
	for cmd in "itl-show" "itl-diff @ cluster/pub.tlv" "itl-trust --candidate cluster/pub.tlv --installed" \
	    "itl-phones --itl cluster/pub.tlv" "p12-check --password-file p12/pw.txt" "sgn-check --itl cluster/pub.tlv" \
	    "drs-ls --no-progress" "drs-verify --no-progress --password-file drs/gen/cluster.pw" "drs-platform" \
	    "drs-extract --no-progress --password-file drs/gen/cluster.pw --out-dir $W/o" \
	    "drs-rekey --password-file drs/gen/cluster.pw --new-password-file drs/gen/cluster.pw --out $W/o.xml" \
	    "itl-sign --key p12/ccm.key --cert p12/ccm.pem --out $W/o.tlv --resign"; do
		case "$cmd" in
		*@*) c=$(echo "$cmd" | sed "s|@|$W/$f|") ;;
		*) c="$cmd $W/$f" ;;
		esac
		$c > "$W/err" 2>&1
		[ -s "$W/err" ] || bad "$c: said nothing"
		grep -F "$W/$f: $W/$f:" "$W/err" && bad "$c: a message repeats the path"
	done
done

# Man pages: a repeatable option is [--opt X]... in the synopsis, never
# with the dots inside its brackets (--history a b would read b as a log).
for page in "$root"/docs/*.1; do
	sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$page" | grep -n '\.\.\.[^]]*\]' |
	    grep -v '\]\.\.\.' | while read -r l; do
		echo "$(basename "$page"): a repeatable option with its dots inside the brackets: $l"
	done | grep . && fail=1
done
exit $fail
