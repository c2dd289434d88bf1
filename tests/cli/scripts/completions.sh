#!/bin/sh
# Bash completions written by mk/completions.sh from each tool's --help:
# every long option of the tool's getopt table is offered (so --help
# lists them all), bash accepts every file, and completing a few command
# lines gives the known answers (options, values, folders, files, the
# --opt=VALUE form, operands after --).
set -u
root=$(cd "$DATA/../.." && pwd)
fail=0
if ! command -v bash >/dev/null 2>&1; then
	echo "bash not found"
	exit 1
fi
mkdir -p "$WORK/comp"
tools=""
for src in "$root"/tools/*.c; do
	t=$(basename "$src" .c)
	tools="$tools $t"
	if ! sh "$root/mk/completions.sh" "$(command -v "$t")" "$WORK/comp/$t" \
	    2> "$WORK/comp.err"; then
		echo "$t: no completion written: $(cat "$WORK/comp.err")"
		fail=1
		continue
	fi
	bash -n "$WORK/comp/$t" || { echo "$t: bash -n refuses it"; fail=1; }
	opts=$(sed -n "s/^	local opts='\(.*\)'$/\1/p" "$WORK/comp/$t")
	[ -n "$opts" ] || { echo "$t: no option list"; fail=1; }
	# The getopt table: { "name", no_argument|required_argument|..., ... }
	names=$(sed -n 's/.*{ *"\([a-z0-9-]*\)", *[a-z_]*_argument.*/\1/p' "$src")
	[ -n "$names" ] || { echo "$t: no long options found in $src"; fail=1; }
	for n in $names; do
		case " $opts " in
		*" --$n "*) ;;
		*) echo "$t: --$n is in the getopt table but not completed"; fail=1 ;;
		esac
	done
done

# comp TOOL WORD...: the completions bash offers with the cursor at the
# end of the last word (words split as bash splits them: "--opt" "=" "v").
comp()
{
	bash -c '
		set -u
		file=$1 tool=$2
		shift 2
		. "$file"
		func=$(complete -p "$tool" | sed "s/.* -F \([^ ]*\) .*/\1/")
		COMP_WORDS=("$tool" "$@")
		COMP_CWORD=$#
		COMP_LINE="$tool $*"
		COMP_POINT=${#COMP_LINE}
		"$func" "$tool" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort
	' _ "$WORK/comp/$1" "$@"
}

# expect WANT TOOL WORD...: WANT is the sorted answer, one per line,
# written with | between the words ("" for none).
expect()
{
	want=$1
	shift
	got=$(comp "$@" | tr '\n' '|' | sed 's/|$//')
	if [ "$got" != "$want" ]; then
		echo "completing: $*: got \"$got\", expected \"$want\""
		fail=1
	fi
}

mkdir -p "$WORK/tree/case-dir" "$WORK/tree/case dir 2"
: > "$WORK/tree/case-file.tlv"
expect "--json" itl-show --js
expect "--warn-days" itl-show --wa
expect "" itl-show --warn-days ""
expect "sha1|sha256|sha512" itl-sign --digest ""
expect "sha256" itl-sign --digest sha2
expect "sha512" itl-sign --digest = sha5
expect "sha1|sha256|sha512" itl-sign --digest =
expect "none" itl-trust --installed no
expect "cucm-tokenless-CTLFile.tlv" itl-show cucm-tokenless-CT
expect "cucm-tokenless-CTLFile.tlv" itl-sign --resign cucm-tokenless-CT
# A folder option offers folders only, spaces kept.
expect "$WORK/tree/case dir 2|$WORK/tree/case-dir" \
    itl-sign --out-dir "$WORK/tree/case"
expect "$WORK/tree/case dir 2|$WORK/tree/case-dir|$WORK/tree/case-file.tlv" \
    itl-show --json "$WORK/tree/case"
# After --, a word that looks like an option is an operand.
expect "" itl-show -- --js
ITLKIT_COMPLETION_TEST_VAR=1 export ITLKIT_COMPLETION_TEST_VAR
expect "ITLKIT_COMPLETION_TEST_VAR" p12-check --password-env ITLKIT_COMPLETION_TE
# --help and --version are offered by every tool; --color's values where
# the tool takes it.
for t in $tools; do
	all=$(comp "$t" -- | tr '\n' ' ')
	case " $all" in
	*" --help "*" --version "*) ;;
	*) echo "$t: --help and --version not offered: $all"; fail=1 ;;
	esac
	if grep -q "^	--color)" "$WORK/comp/$t"; then
		expect "never" "$t" --color = ne
	fi
done
exit $fail
