#!/bin/sh
# The DRS jobs run in-process (job-run) print byte for byte what the tools
# print: drs.ls and drs.verify (JSON and text) over good, damaged and
# unreadable sets, drs.extract (its report and the MANIFEST.json it
# writes) and drs.rekey (its report and the manifest it writes); exit
# statuses and messages agree.  Two differences are by design and checked
# as such: a tool adds the wording of its --force to "exists" errors, and
# drs-extract's text adds its --no-rebase note: libcore names no
# option.  Then the arguments the jobs refuse.
set -u
fail=0
pw=drs/gen/cluster.pw
box=$WORK/job-drs-box
rm -rf "$box"; mkdir -p "$box"
printf 'New#Cluster-Pass2\n' > "$box/new.pw"
printf 'short\n' > "$box/short.pw"
mkfifo "$box/fifo"
# A set whose CLM component holds three PKCS#12 files (2048 iterations
# each), made with the openssl command line: a small key-derivation
# budget leaves some not judged.
. drs/mkset.sh
mkdir -p "$box/m/keys" "$box/p12set"
for k in a b c; do cp p12/itlrecovery-legacy.p12 "$box/m/keys/$k.p12"; done
tar -cf "$box/m.tar" -C "$box/m" keys
drs_mkset "$box/p12set" 2023-03-01-00-00-00 PUB 12.0.1.10000-10 4 cisco123 \
    Aa11Bb22Cc33Dd44Ee55 CLM "$box/m.tar"
printf 'first-guess\ncisco123\n' > "$box/p12.pw"

# t NAME TOOL ARGS...: the tool's standard output, error and exit status
# in $box/NAME.tool.{out,err,rc}; j NAME TOOL JOB_RUN_ARGS...: the job's
# (job-run --tool TOOL) in $box/NAME.job.*.
t() {
	name=$1; shift
	"$@" > "$box/$name.tool.out" 2> "$box/$name.tool.err"
	echo $? > "$box/$name.tool.rc"
}
j() {
	name=$1 tool=$2; shift 2
	job-run --tool "$tool" "$@" > "$box/$name.job.out" 2> "$box/$name.job.err"
	echo $? > "$box/$name.job.rc"
}

# same NAME [out|err|rc]...: those agree (default: all three).
same() {
	name=$1; shift
	[ $# -gt 0 ] || set -- out err rc
	for k in "$@"; do
		if ! cmp -s "$box/$name.tool.$k" "$box/$name.job.$k"; then
			echo "$name: the job's $k differs from the tool's"
			diff "$box/$name.tool.$k" "$box/$name.job.$k" | head -6
			fail=1
		fi
	done
}

# rc NAME N: both exited N (so that a test of agreement cannot pass on two
# identical crashes).
rc() {
	[ "$(cat "$box/$1.tool.rc")" = "$2" ] ||
		{ echo "$1: exit $(cat "$box/$1.tool.rc"), expected $2"; fail=1; }
}

# ---- drs.ls: a whole tree (good, damaged, junk, unsupported sets), one
# cut set, and inputs that hold no set or cannot be read.
for mode in json text; do
	o=; [ $mode = json ] && o=--json
	x=; [ $mode = text ] && x=--text
	t ls-tree-$mode drs-ls $o --no-progress drs/gen
	j ls-tree-$mode drs-ls $x drs.ls '{"inputs":["drs/gen"]}'
	same ls-tree-$mode; rc ls-tree-$mode 1
	t ls-cut-$mode drs-ls $o --no-progress --jobs 3 drs/bad/cut drs/gen/s1
	j ls-cut-$mode drs-ls $x drs.ls '{"inputs":["drs/bad/cut","drs/gen/s1"],"jobs":3}'
	same ls-cut-$mode; rc ls-cut-$mode 1
	t ls-unreadable-$mode drs-ls $o --no-progress drs/nonexistent drs/gen/s2 \
	    "$box/fifo" drs/synthetic.pw
	j ls-unreadable-$mode drs-ls $x drs.ls \
	    "{\"inputs\":[\"drs/nonexistent\",\"drs/gen/s2\",\"$box/fifo\",\"drs/synthetic.pw\"]}"
	same ls-unreadable-$mode; rc ls-unreadable-$mode 2
done
grep -q '"tool":"drs-ls","summary":true' "$box/ls-tree-json.job.out" ||
	{ echo "drs.ls: no summary line"; fail=1; }


# ---- drs.verify: good sets of every scheme, damaged ones, a wrong
# password, no password, candidates, --deep with a tiny budget, inputs
# that cannot be read.
for mode in json text; do
	o=; [ $mode = json ] && o=--json
	x=; [ $mode = text ] && x=--text
	t v-good-$mode drs-verify $o --no-progress --deep --password-file $pw \
	    drs/gen/s1 drs/gen/s2 drs/gen/s3 drs/gen/s4 drs/gen/pre10 drs/gen/trial
	j v-good-$mode drs-verify $x --secrets $pw drs.verify \
	    '{"inputs":["drs/gen/s1","drs/gen/s2","drs/gen/s3","drs/gen/s4","drs/gen/pre10","drs/gen/trial"],"deep":true}'
	same v-good-$mode; rc v-good-$mode 0
	t v-damaged-$mode drs-verify $o --no-progress --jobs 2 --password-file $pw \
	    drs/gen/modified drs/gen/truncated drs/gen/missing drs/gen/junk \
	    drs/gen/evil drs/gen/unsupported drs/bad
	j v-damaged-$mode drs-verify $x --secrets $pw drs.verify \
	    '{"inputs":["drs/gen/modified","drs/gen/truncated","drs/gen/missing","drs/gen/junk","drs/gen/evil","drs/gen/unsupported","drs/bad"],"jobs":2}'
	same v-damaged-$mode; rc v-damaged-$mode 1
	t v-wrong-$mode drs-verify $o --no-progress --password-file drs/gen/wrong.pw drs/gen/s1
	j v-wrong-$mode drs-verify $x --secrets drs/gen/wrong.pw drs.verify '{"inputs":"drs/gen/s1"}'
	same v-wrong-$mode; rc v-wrong-$mode 1
	t v-leaked-$mode drs-verify $o --no-progress --use-leaked-key \
	    --password-file drs/gen/wrong.pw drs/gen/leak
	j v-leaked-$mode drs-verify $x --secrets drs/gen/wrong.pw drs.verify \
	    '{"inputs":["drs/gen/leak"],"use_leaked_key":true}'
	same v-leaked-$mode; rc v-leaked-$mode 1
	t v-nopw-$mode drs-verify $o --no-progress drs/gen/s2
	j v-nopw-$mode drs-verify $x drs.verify '{"inputs":["drs/gen/s2"]}'
	same v-nopw-$mode; rc v-nopw-$mode 2
	t v-multi-$mode drs-verify $o --no-progress --password-file drs/gen/multi.pw drs/gen/s2
	j v-multi-$mode drs-verify $x --secrets drs/gen/multi.pw drs.verify '{"inputs":["drs/gen/s2"]}'
	same v-multi-$mode; rc v-multi-$mode 0
	t v-budget-$mode drs-verify $o --no-progress --deep --kdf-budget 5000 \
	    --password-file "$box/p12.pw" "$box/p12set"
	j v-budget-$mode drs-verify $x --secrets "$box/p12.pw" drs.verify \
	    "{\"inputs\":[\"$box/p12set\"],\"deep\":true,\"kdf_budget\":5000}"
	same v-budget-$mode; rc v-budget-$mode 0
	grep -q 'DRS_ARTIFACT_NOT_CHECKED' "$box/v-budget-$mode.job.out" ||
		{ echo "v-budget-$mode: the budget was not spent"; fail=1; }
	t v-unreadable-$mode drs-verify $o --no-progress --password-file $pw \
	    drs/nonexistent drs/gen/s1 /dev/null
	j v-unreadable-$mode drs-verify $x --secrets $pw drs.verify \
	    '{"inputs":["drs/nonexistent","drs/gen/s1","/dev/null"]}'
	same v-unreadable-$mode; rc v-unreadable-$mode 2
done
grep -q '"tool":"drs-verify","summary":true' "$box/v-good-json.job.out" ||
	{ echo "drs.verify: no summary line"; fail=1; }

# ---- drs.extract: the tool and then the job into the same folder (the
# tool's moved aside), so that reports, which name the folder, and the
# MANIFEST.json written compare.
o=$box/o
# x NAME RC PASSWORDS JOB_RUN_MODE JOB_ARGS TOOL_ARGS...
x() {
	name=$1 want=$2 xpw=$3 mode=$4 args=$5; shift 5
	rm -rf "$o" "$box/$name.tool.o"
	t "$name" drs-extract --no-progress --password-file "$xpw" --out-dir "$o" "$@"
	[ -d "$o" ] && mv "$o" "$box/$name.tool.o"
	j "$name" drs-extract $mode --secrets "$xpw" drs.extract "$args"
	rc "$name" "$want"
	if [ -d "$box/$name.tool.o" ] || [ -d "$o" ]; then
		cmp -s "$box/$name.tool.o/MANIFEST.json" "$o/MANIFEST.json" ||
			{ echo "$name: MANIFEST.json differs"; fail=1; }
		( cd "$box/$name.tool.o" && find . | sort ) > "$box/$name.tool.tree"
		( cd "$o" && find . | sort ) > "$box/$name.job.tree"
		cmp -s "$box/$name.tool.tree" "$box/$name.job.tree" ||
			{ echo "$name: extracted trees differ"; fail=1; }
	fi
}
x x-good 0 $pw "" "{\"input\":\"drs/gen/s1\",\"out_dir\":\"$o\"}" \
    --json drs/gen/s1
same x-good
[ -f "$o/PUB1_UCM_TFTP/usr/local/cm/tftp/ITLFile.tlv" ] || { echo "x-good: nothing extracted"; fail=1; }
x x-absolute 1 $pw --text \
    "{\"input\":\"drs/gen/s1\",\"out\":\"$o\",\"rebase_absolute\":false,\"artifacts\":true,\"component\":[\"tftp\",\"CLM\"],\"member\":\"*\"}" \
    --no-rebase --artifacts --component tftp --component CLM --member '*' drs/gen/s1
same x-absolute err rc
# The tool's text is the job's, then the note naming --no-rebase.
head -n -1 "$box/x-absolute.tool.out" > "$box/x-absolute.tool.body"
cmp -s "$box/x-absolute.tool.body" "$box/x-absolute.job.out" ||
	{ echo "x-absolute: text differs"; fail=1; }
[ "$(tail -n 1 "$box/x-absolute.tool.out")" = \
    "note: CUCM tars hold absolute member paths; without --no-rebase they are extracted under DIR" ] ||
	{ echo "x-absolute: no note"; fail=1; }
grep -q -- '--rebase' "$box/x-absolute.job.out" && { echo "x-absolute: the job names an option"; fail=1; }
x x-mismatch 1 $pw "" \
    "{\"input\":\"drs/gen/modified\",\"out\":\"$o\",\"rebase_absolute\":true,\"allow_mismatch\":true}" \
    --json --rebase-absolute --allow-mismatch drs/gen/modified
same x-mismatch
grep -q '"checksum": "mismatch"' "$o/MANIFEST.json" || { echo "x-mismatch: not marked"; fail=1; }
x x-damaged 1 $pw --text "{\"input\":\"drs/gen/truncated\",\"out\":\"$o\",\"rebase_absolute\":true}" \
    --rebase-absolute drs/gen/truncated
same x-damaged
x x-limit 1 $pw "" "{\"input\":\"drs/gen/s1\",\"out\":\"$o\",\"component\":\"PLATFORM\",\"max_bytes\":10}" \
    --json --component PLATFORM --max-bytes 10 drs/gen/s1
same x-limit
grep -q '"code":"DRS_EXTRACT_LIMIT"' "$box/x-limit.job.out" || { echo "x-limit: no limit"; fail=1; }
x x-wrong 1 drs/gen/wrong.pw "" "{\"input\":\"drs/gen/s1\",\"out\":\"$o\"}" --json drs/gen/s1
same x-wrong
[ -e "$o" ] && { echo "x-wrong: the job made the folder"; fail=1; }
for bad in drs/nonexistent drs/gen "$box/fifo"; do
	x x-unreadable 2 $pw "" "{\"input\":\"$bad\",\"out\":\"$o\"}" --json "$bad"
	same x-unreadable
done
# A folder holding another set's extraction (here one naming no set):
# refused; the tool words its --force.
rm -rf "$o"; mkdir -p "$o"; echo '{}' > "$o/MANIFEST.json"
drs-extract --no-progress --password-file $pw --out "$o" drs/gen/s1 > /dev/null 2> "$box/x-exists.tool.err"
trc=$?
job-run --tool drs-extract --secrets $pw drs.extract "{\"input\":\"drs/gen/s1\",\"out\":\"$o\"}" \
    > /dev/null 2> "$box/x-exists.job.err"
jrc=$?
[ $trc = 2 ] && [ $jrc = 2 ] || { echo "x-exists: exit $trc/$jrc, expected 2"; fail=1; }
sed 's/ (--force to add to it)$//' "$box/x-exists.tool.err" > "$box/x-exists.tool.bare"
cmp -s "$box/x-exists.tool.bare" "$box/x-exists.job.err" &&
    grep -q 'holds the extraction of another set (unnamed): not added to (--force to add to it)$' "$box/x-exists.tool.err" &&
    ! grep -q -- '--force' "$box/x-exists.job.err" ||
	{ echo "x-exists: messages"; cat "$box/x-exists.tool.err" "$box/x-exists.job.err"; fail=1; }

# ---- drs.rekey: the manifest written compares, and so do the reports.
for s in s1 s2 s3 s4; do
	out=$box/$s.xml
	rm -f "$out"
	drs-rekey --json --password-file $pw --new-password-file "$box/new.pw" --out "$out" \
	    drs/gen/$s > "$box/rk-$s.tool.out" 2> "$box/rk-$s.tool.err"
	echo $? > "$box/rk-$s.tool.rc"
	mv "$out" "$out.tool"
	job-run --tool drs-rekey --secrets $pw --secrets2 "$box/new.pw" drs.rekey \
	    "{\"input\":\"drs/gen/$s\",\"out\":\"$out\"}" > "$box/rk-$s.job.out" 2> "$box/rk-$s.job.err"
	echo $? > "$box/rk-$s.job.rc"
	same rk-$s; rc rk-$s 0
	cmp -s "$out" "$out.tool" || { echo "rk-$s: manifests differ"; fail=1; }
	rm -f "$out"
	drs-rekey --password-file $pw --new-password-file "$box/new.pw" --out "$out" \
	    drs/gen/$s > "$box/rkt-$s.tool.out" 2> "$box/rkt-$s.tool.err"
	echo $? > "$box/rkt-$s.tool.rc"
	rm -f "$out"
	job-run --text --tool drs-rekey --secrets $pw --secrets2 "$box/new.pw" drs.rekey \
	    "{\"input\":\"drs/gen/$s\",\"out\":\"$out\"}" > "$box/rkt-$s.job.out" 2> "$box/rkt-$s.job.err"
	echo $? > "$box/rkt-$s.job.rc"
	same rkt-$s
done
# rkrun NAME RC OLD NEW SET: failures compare too (out names a fresh file).
rkrun() {
	rm -f "$box/none.xml"
	drs-rekey --json --password-file "$3" --new-password-file "$4" --out "$box/none.xml" "$5" \
	    > "$box/$1.tool.out" 2> "$box/$1.tool.err"
	echo $? > "$box/$1.tool.rc"
	job-run --tool drs-rekey --secrets "$3" --secrets2 "$4" drs.rekey \
	    "{\"input\":\"$5\",\"out\":\"$box/none.xml\"}" > "$box/$1.job.out" 2> "$box/$1.job.err"
	echo $? > "$box/$1.job.rc"
	same "$1"; rc "$1" "$2"
	[ -e "$box/none.xml" ] && { echo "$1: a manifest was written"; fail=1; }
}
rkrun rk-wrong 1 drs/gen/wrong.pw "$box/new.pw" drs/gen/s2
rkrun rk-short 2 $pw "$box/short.pw" drs/gen/s2
rkrun rk-missing 2 $pw "$box/new.pw" drs/nonexistent
rkrun rk-many 2 $pw "$box/new.pw" drs/gen
rkrun rk-unsupported 1 $pw "$box/new.pw" drs/gen/unsupported
# An existing output: refused; the tool words its --force.
echo keep > "$box/exists.xml"
drs-rekey --password-file $pw --new-password-file "$box/new.pw" --out "$box/exists.xml" \
    drs/gen/s2 2> "$box/rk-exists.tool.err"
trc=$?
job-run --tool drs-rekey --secrets $pw --secrets2 "$box/new.pw" drs.rekey \
    "{\"input\":\"drs/gen/s2\",\"out\":\"$box/exists.xml\"}" 2> "$box/rk-exists.job.err"
jrc=$?
[ $trc = 2 ] && [ $jrc = 2 ] && [ "$(cat "$box/exists.xml")" = keep ] ||
	{ echo "rk-exists: exit $trc/$jrc or file replaced"; fail=1; }
sed 's/ (use --force to overwrite)$//' "$box/rk-exists.tool.err" > "$box/rk-exists.tool.bare"
cmp -s "$box/rk-exists.tool.bare" "$box/rk-exists.job.err" &&
    grep -q 'exists.xml: exists (use --force to overwrite)$' "$box/rk-exists.tool.err" &&
    ! grep -q -- '--force' "$box/rk-exists.job.err" ||
	{ echo "rk-exists: messages"; cat "$box/rk-exists.tool.err" "$box/rk-exists.job.err"; fail=1; }
job-run --tool drs-rekey --secrets $pw --secrets2 "$box/new.pw" drs.rekey \
    "{\"input\":\"drs/gen/s2\",\"out\":\"$box/exists.xml\",\"force\":true}" > /dev/null ||
	{ echo "rk-exists: force refused"; fail=1; }
grep -q EncryptKey "$box/exists.xml" || { echo "rk-exists: force did not write"; fail=1; }

# ---- arguments the jobs refuse (exit 2, the reason on standard error);
# passwords are never arguments.
refuse() {
	job=$1 args=$2 want=$3
	job-run $job "$args" > /dev/null 2> "$box/refused.err"
	r=$?
	[ $r = 2 ] && grep -qF -- "$want" "$box/refused.err" ||
		{ echo "$job $args: exit $r, $(cat "$box/refused.err")"; fail=1; }
}
refuse drs.ls '{"inputs":[]}' 'argument "inputs" needs at least one value'
refuse drs.ls '{"input":"drs/gen"}' 'unknown argument "input" (did you mean "inputs"?)'
refuse drs.ls '{"inputs":"drs/gen","deep":true}' 'unknown argument "deep"'
refuse drs.verify '{"inputs":"drs/gen","jobs":0}' 'argument "jobs": 0 is out of range 1..64'
refuse drs.verify '{"inputs":"drs/gen","kdf_budget":"big"}' 'argument "kdf_budget": expected an integer'
refuse drs.verify '{"inputs":"drs/gen","password":"x"}' 'unknown argument "password"'
refuse drs.extract '{"input":"drs/gen/s1"}' 'argument "out_dir" is required'
refuse drs.extract '{"input":"drs/gen/s1","out":"x","force":"yes"}' 'argument "force": expected true or false'
refuse drs.extract '{"input":"drs/gen/s1","out":"x","component":5}' 'argument "component": expected a string or a list of strings'
refuse drs.extract '{"input":"drs/gen/s1","out":"x","max_bytes":0}' 'argument "max_bytes": 0 is out of range'
refuse drs.extract '{"inputs":["drs/gen/s1"],"out":"x"}' 'unknown argument "inputs" (did you mean "input"?)'
refuse drs.rekey '{"input":"drs/gen/s2","out":"x"}' 'no new cluster security password given'
refuse drs.rekey '{"input":"drs/gen/s2","out":"x","new_password":"Secret#123"}' 'unknown argument "new_password"'
rm -rf "$box"
exit $fail
