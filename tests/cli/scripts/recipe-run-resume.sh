#!/bin/sh
# recipe-run --journal and --resume: a run on a terminal (script(1))
# waits for the operator's confirmation and is killed with SIGKILL there,
# between steps; resumed, the two steps that ran are reused (not run
# again) and the rest run; resumed once more after a step's input file
# changed, that step and the one that uses its result run again while the
# manual steps are reused; a changed recipe is refused, and so is a
# journal folder in use without --resume.
set -u
fail=0
W=$WORK/recipe-resume
rm -rf "$W"
mkdir -p "$W"
if ! command -v script >/dev/null 2>&1; then
	echo "script(1) not found (Debian: bsdutils)"
	exit 1
fi
cp "$DATA/recipes/good.yaml" "$W/r.yaml"
cp "$DATA/cluster/pub.tlv" "$W/itl.tlv"
printf 'cucm-pub\n' > "$W/confirm"
cp "$DATA/dumps/cucm10-show-itl-before-reset.txt" "$W/paste"
base="--var itl=$W/itl.tlv --var reset_itl=cluster/pub-reset.tlv --at 2016-01-01T00:00:00Z"
field() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
check() {
	[ "$2" = "$3" ] || { echo "$1: got \"$2\", expected \"$3\""; fail=1; }
}
steps() {
	grep -c '"step":' "$W/j/journal.jsonl"
}

# The first run, on a terminal whose operator never answers: it stops at
# the confirmation of step 3 and is killed there.
mkfifo "$W/tty-in"
script -qec "sh -c 'echo \$\$ > $W/pid; exec recipe-run $base --journal $W/j $W/r.yaml'" \
    /dev/null < "$W/tty-in" > "$W/script.out" 2>&1 &
spid=$!
exec 3> "$W/tty-in"
i=0
while [ $i -lt 100 ] && { [ ! -f "$W/j/journal.jsonl" ] || [ "$(steps)" != 2 ] ||
    ! grep -q 'Type "cucm-pub" to go on' "$W/script.out"; }; do
	sleep 0.1
	i=$((i + 1))
done
check "steps journaled before the kill" "$(steps)" 2
kill -9 "$(cat "$W/pid")"
exec 3>&-
wait $spid 2>/dev/null
check "journal after the kill" "$(grep -o '"step":"[a-z-]*"' "$W/j/journal.jsonl" | tr '\n' ' ')" \
    '"step":"show" "step":"trust" '

# On a terminal the operator types the word and pastes show itl, ended
# by a line holding a single ".": the run completes.
mkfifo "$W/tty2"
script -qec "recipe-run $base --json $DATA/recipes/good.yaml" /dev/null \
    < "$W/tty2" > "$W/tty2.out" 2>&1 &
spid=$!
exec 4> "$W/tty2"
printf 'cucm-pub\n' >&4
cat "$W/paste" >&4
printf '.\n' >&4
i=0
while [ $i -lt 100 ] && ! grep -q '"status":"complete"' "$W/tty2.out"; do
	sleep 0.1
	i=$((i + 1))
done
exec 4>&-
wait $spid 2>/dev/null
grep -q '"recipe":"test-good".*"status":"complete"' "$W/tty2.out" ||
    { echo "terminal run: $(tail -3 "$W/tty2.out")"; fail=1; }
grep -q 'Type "cucm-pub" to go on' "$W/tty2.out" &&
    grep -q 'Paste the output, then a line with a single "."' "$W/tty2.out" ||
    { echo "terminal prompts missing"; fail=1; }
grep -q "\"lines\":$(wc -l < "$W/paste" | tr -d ' ')}" "$W/tty2.out" ||
    { echo "terminal paste not whole"; fail=1; }

# Resumed: show and trust reused, the rest answered and run.
recipe-run $base --journal "$W/j" --resume --answer reset="$W/confirm" \
    --answer paste-itl="$W/paste" --json "$W/r.yaml" > "$W/2.json" 2> "$W/2.err"
check "resume exit" $? 0
check "resumed" "$(field "$W/2.json" "d['status'] + ' ' + ' '.join(s['id'] + '=' + str(s['reused']) for s in d['steps'])")" \
    "complete show=True trust=True reset=False paste-itl=False after=False"
check "reused result" "$(field "$W/2.json" "d['steps'][1]['result']['verdict']")" accept
grep -q '^  ok (reused)$' "$W/2.err" || { echo "reuse not said"; fail=1; }
check "journal headers" "$(grep -c '"journal":1' "$W/j/journal.jsonl")" 2

# The ITL changed: show and trust (which reads show's file) run again;
# the manual steps and the last step are reused.
cp "$DATA/cluster/pub-v2-ccm.tlv" "$W/itl.tlv"
recipe-run $base --journal "$W/j" --resume --json "$W/r.yaml" \
    > "$W/3.json" 2>/dev/null < /dev/null
check "rerun" "$(field "$W/3.json" "' '.join(s['id'] + '=' + str(s['reused']) for s in d['steps'][:4])")" \
    "show=False trust=False reset=True paste-itl=True"
check "rerun sha256" "$(field "$W/3.json" "d['steps'][0]['result']['sha256']")" \
    "$(sha256sum "$W/itl.tlv" | cut -d' ' -f1)"

# The recipe changed: refused.
echo '# a comment changes the recipe' >> "$W/r.yaml"
recipe-run $base --journal "$W/j" --resume "$W/r.yaml" > /dev/null 2> "$W/4.err"
check "changed recipe exit" $? 2
grep -q 'the recipe changed since this journal began (SHA-256 [0-9a-f]\{64\} then, [0-9a-f]\{64\} now): run it with a new journal' \
    "$W/4.err" || { echo "changed recipe: $(cat "$W/4.err")"; fail=1; }
# A journal in use, without --resume: refused.
recipe-run $base --journal "$W/j" "$DATA/recipes/good.yaml" > /dev/null 2> "$W/5.err"
check "journal in use exit" $? 2
grep -q 'a journal is there already: resume it, or give another folder (use --resume to continue it)' \
    "$W/5.err" || { echo "journal in use: $(cat "$W/5.err")"; fail=1; }
exit $fail
