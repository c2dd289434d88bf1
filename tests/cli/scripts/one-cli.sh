#!/bin/sh
# Issue "One CLI", what must hold, where no other script says it: every
# tool prints no colour escape on a pipe (nor with NO_COLOR), and the tools
# that colour verdicts do with --color=always; the tools not in
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

# name|colours (y: --color=always must colour)|command with @ for the colour option
while IFS='|' read -r name colours cmd; do
	rm -rf "$W/x" "$W/case"
	c=$(echo "$cmd" | sed 's/@//')
	n=$(sh -c "$c" 2>&1 | tr -dc '\033' | wc -c)
	[ "$n" = 0 ] || bad "$name: $n colour escapes on a pipe"
	rm -rf "$W/x" "$W/case"
	n=$(NO_COLOR=1 sh -c "$(echo "$cmd" | sed 's/@/--color=auto/')" 2>&1 | tr -dc '\033' | wc -c)
	[ "$n" = 0 ] || bad "$name: $n colour escapes with NO_COLOR"
	rm -rf "$W/x" "$W/case"
	n=$(sh -c "$(echo "$cmd" | sed 's/@/--color=never/')" 2>&1 | tr -dc '\033' | wc -c)
	[ "$n" = 0 ] || bad "$name: $n colour escapes with --color=never"
	[ "$colours" = y ] || continue
	rm -rf "$W/x" "$W/case"
	n=$(sh -c "$(echo "$cmd" | sed 's/@/--color=always/')" 2>&1 | tr -dc '\033' | wc -c)
	[ "$n" -gt 0 ] || bad "$name --color=always: no colour"
done <<EOT
itl-show|y|itl-show @ cluster/pub.tlv
itl-diff|y|itl-diff @ --at 2024-06-01T00:00:00Z pub=cluster/pub.tlv sub=cluster/sub.tlv
itl-trust|y|itl-trust @ --installed none --candidate cluster/pub.tlv
itl-phones|y|itl-phones @ --itl pub=cluster/pub.tlv events/cucm14-phones.csv
p12-check|y|p12-check @ --password-file p12/pw.txt p12/itlrecovery-legacy.p12
sgn-check|n|sgn-check @ --itl cluster/pub.tlv cluster/pub.tlv
drs-ls|y|drs-ls @ drs/gen/s1
drs-verify|y|drs-verify @ --password-file drs/gen/cluster.pw drs/gen/s1
drs-platform|n|drs-platform @ drs/platform/hostile-platformConfig.xml
drs-extract|y|drs-extract @ --password-file drs/gen/cluster.pw --out-dir $W/x drs/gen/s1
drs-rekey|n|drs-rekey @ --password-file drs/gen/cluster.pw --new-password-file drs/gen/cluster.pw --out $W/r.xml --force drs/gen/s1
itl-sign|y|itl-sign @ --resign p12/before.tlv --key p12/ccm.key --cert p12/ccm.pem --force --out $W/s.tlv
case-triage|n|case-triage @ --out-dir $W/case cluster/pub.tlv
recipe-run|n|recipe-run @ --var itl=cluster/pub.tlv --var reset_itl=cluster/pub-reset.tlv --var publisher=Bad recipes/good.yaml
EOT
# Every tool is in the list above.
for t in $(cd "$root/tools" && ls *.c | sed 's/\.c$//'); do
	grep -q "^$t" "$0" || bad "$t: not checked for colour on a pipe"
done

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
