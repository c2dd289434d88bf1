#!/bin/sh
# Writes the bash completion of one built tool, from what the tool itself
# prints for --help, so that it can never fall behind its options.
# Usage: mk/completions.sh TOOL_BINARY OUT_FILE
#
# Every long option the usage names is offered.  What follows an option
# says what its argument is:
#   --opt META / --opt=META    an argument; --opt[=META] an optional one
#   a|b|c (lower case)         one of these words (--color=never|auto|always)
#   [NODE=]FILE|none           the words (none), and files
#   DIR, ...DIR                folders;  VAR: environment variable names
#   N, TIME, EPOCH, HOST ...   a value typed by hand: nothing offered
#   anything else upper case   files (FILE, F, OUT, KEY.pem, ROLE:CERT.pem)
# An option followed by a flag, "]", "|" or two spaces (a description
# column) takes no argument.  Operands complete as files.  --help and
# --version are offered always: every tool takes them.
set -eu
if [ $# != 2 ]; then
	echo "usage: mk/completions.sh TOOL_BINARY OUT_FILE" >&2
	exit 2
fi
bin=$1
out=$2
tool=$(basename "$bin")
func=_itlkit_$(printf '%s' "$tool" | tr -c 'A-Za-z0-9_' '_')

help=$("$bin" --help) || {
	echo "mk/completions.sh: $tool --help failed" >&2
	exit 1
}

# One line per option: NAME ARG KIND VALUES, ARG being none, required or
# optional, KIND a comma list of files, dirs, env (or -), VALUES a comma
# list of words (or -).  Options keep the order of their first mention.
table=$(printf '%s\n--help\n--version\n' "$help" | awk '
function add(name, arg, kind, vals,    i, n, v) {
	if (!(name in seen)) {
		seen[name] = 1
		order[++count] = name
		argof[name] = "none"
	}
	if (arg == "required" || (arg == "optional" && argof[name] == "none"))
		argof[name] = arg
	if (kind != "" && index("," kinds[name] ",", "," kind ",") == 0)
		kinds[name] = kinds[name] (kinds[name] == "" ? "" : ",") kind
	n = split(vals, v, "|")
	for (i = 1; i <= n; i++)
		if (v[i] != "" && index("," values[name] ",", "," v[i] ",") == 0)
			values[name] = values[name] (values[name] == "" ? "" : ",") v[i]
}
# What one alternative of a metavariable asks for.
function classify(m) {
	if (m ~ /DIR$/)
		return "dirs"
	if (m == "VAR")
		return "env"
	if (m ~ /^(N|NUM|COUNT|TIME|EPOCH|HOST|NAME|GLOB|D|WHEN|DAYS|SECONDS|BYTES|SIZE|ROLE|CODE|LEVEL)$/)
		return ""
	return "files"
}
function meta(name, arg, m,    n, i, part, kind, vals) {
	sub(/^\[[^]]*\]/, "", m)		# [NODE=]FILE: the label is typed
	sub(/[]),.]+$/, "", m)			# FILE...] FILE, KEY.pem)
	n = split(m, part, "|")
	vals = ""
	for (i = 1; i <= n; i++) {
		if (part[i] ~ /^[a-z0-9][a-z0-9_-]*$/)
			vals = vals "|" part[i]
		else if (part[i] != "") {
			kind = classify(part[i])
			if (kind != "")
				add(name, arg, kind, "")
		}
	}
	add(name, arg, "", vals)
}
{
	line = $0
	while (match(line, /--[a-z0-9][a-z0-9-]*/)) {
		name = substr(line, RSTART, RLENGTH)
		before = RSTART > 1 ? substr(line, RSTART - 1, 1) : ""
		line = substr(line, RSTART + RLENGTH)
		# "a--b" or "---x" is not an option; nor is "--opt" glued to
		# more of a word ("--Opt", "--opt_x").
		if (before ~ /[A-Za-z0-9_-]/ || substr(line, 1, 1) ~ /[A-Z_]/)
			continue
		if (substr(line, 1, 2) == "[=") {
			m = substr(line, 3)
			sub(/\].*/, "", m)
			meta(name, "optional", m)
		} else if (substr(line, 1, 1) == "=") {
			m = substr(line, 2)
			sub(/[ \t].*/, "", m)
			meta(name, "required", m)
		} else if (line ~ /^ [^ \t]/) {
			m = substr(line, 2)
			sub(/[ \t].*/, "", m)
			if (m ~ /^(\[|[A-Z]|[a-z0-9]+(\|[a-z0-9]+)+)/)
				meta(name, "required", m)
			else
				add(name, "none", "", "")
		} else
			add(name, "none", "", "")
	}
}
END {
	for (i = 1; i <= count; i++) {
		o = order[i]
		printf "%s %s %s %s\n", o, argof[o], \
		    (kinds[o] == "" ? "-" : kinds[o]), \
		    (values[o] == "" ? "-" : values[o])
	}
}')

opts=$(printf '%s\n' "$table" | awk '{ printf "%s%s", (NR > 1 ? " " : ""), $1 }')
if [ "$(printf '%s\n' "$table" | wc -l)" -le 2 ]; then
	echo "mk/completions.sh: no options found in $tool --help" >&2
	exit 1
fi

# The case arms: one per option that takes an argument.
arms=$(printf '%s\n' "$table" | awk -v q="'" '
$2 != "none" {
	# An optional argument is only ever attached (--opt=VALUE): after
	# "--opt VALUE" the word is an operand.
	t = $2 == "optional" ? "\t\t\t" : "\t\t"
	body = ""
	if ($4 != "-") {
		v = $4
		gsub(/,/, " ", v)
		body = body t "_itlkit_words " q v q " \"$cur\"\n"
	}
	n = split($3, k, ",")
	for (i = 1; i <= n; i++) {
		if (k[i] == "files")
			body = body t "_itlkit_paths -f \"$cur\"\n"
		else if (k[i] == "dirs")
			body = body t "_itlkit_paths -d \"$cur\"\n"
		else if (k[i] == "env")
			body = body t "_itlkit_words \"$(compgen -e)\" \"$cur\"\n"
	}
	if ($2 == "optional")
		body = "\t\tif [ -n \"$eq\" ]; then\n" body "\t\t\treturn 0\n\t\tfi\n"
	else
		body = body "\t\treturn 0\n"
	# Options completed alike share one arm.
	if (!(body in pat)) {
		bodies[++n_arms] = body
		pat[body] = $1
	} else
		pat[body] = pat[body] "|" $1
}
END {
	for (i = 1; i <= n_arms; i++)
		printf "\t%s)\n%s\t\t;;\n", pat[bodies[i]], bodies[i]
}')

tmp=$out.tmp
mkdir -p "$(dirname "$out")"
cat > "$tmp" <<EOF
# bash completion for $tool                                -*- shell-script -*-
# Generated from \`$tool --help' by mk/completions.sh: do not edit.

# Words from a list (\$1) that begin with \$2.
_itlkit_words()
{
	local w
	for w in \$1; do
		case \$w in "\$2"*) COMPREPLY+=("\$w") ;; esac
	done
}

# Paths (\$1: -f files and folders, -d folders) that begin with \$2.
_itlkit_paths()
{
	compopt -o filenames 2>/dev/null
	mapfile -t -O "\${#COMPREPLY[@]}" COMPREPLY < <(compgen "\$1" -- "\$2")
}

$func()
{
	local cur=\${COMP_WORDS[COMP_CWORD]} prev= opt eq= i
	local opts='$opts'

	COMPREPLY=()
	[ "\$COMP_CWORD" -gt 0 ] && prev=\${COMP_WORDS[COMP_CWORD-1]}
	# bash splits --opt=VALUE at the "=": put it back together.
	if [ "\$cur" = "=" ]; then
		opt=\$prev eq=1 cur=
	elif [ "\$prev" = "=" ] && [ "\$COMP_CWORD" -gt 1 ]; then
		opt=\${COMP_WORDS[COMP_CWORD-2]} eq=1
	else
		opt=\$prev
	fi
	# After "--" every word is an operand.
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [ "\${COMP_WORDS[i]}" = "--" ]; then
			_itlkit_paths -f "\$cur"
			return 0
		fi
	done

	case \$opt in
$arms
	esac

	case \$cur in
	-*)
		_itlkit_words "\$opts" "\$cur"
		;;
	*)
		_itlkit_paths -f "\$cur"
		;;
	esac
	return 0
}
complete -F $func $tool
EOF
if command -v bash >/dev/null 2>&1 && ! bash -n "$tmp"; then
	echo "mk/completions.sh: generated $out does not parse" >&2
	rm -f "$tmp"
	exit 1
fi
mv "$tmp" "$out"
