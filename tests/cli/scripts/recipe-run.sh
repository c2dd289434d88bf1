#!/bin/sh
# recipe-run on tests/data/recipes/good.yaml with real jobs (itl.show and
# itl.trust on the generated cluster): a complete run with answer files
# (known results, audit trail), a failing expectation (exit 1, advice),
# pending and blocked steps without answers, a wrong confirmation word,
# --yes, an unreadable secret, and no password value in any output,
# journal or audit trail.
set -u
fail=0
W=$WORK/recipe-run
rm -rf "$W"
mkdir -p "$W"
R=$DATA/recipes/good.yaml
# The secret file holds two candidates; neither may show anywhere.
printf 'wrong-one\ncisco123\n' > "$W/pw"
chmod 600 "$W/pw"
printf 'cucm-pub\n' > "$W/confirm"
{ cat "$DATA/dumps/cucm10-show-itl-before-reset.txt"
  printf 'typed by mistake: cisco123\n'; } > "$W/paste"
base="--var itl=cluster/pub.tlv --var password=$W/pw --at 2016-01-01T00:00:00Z"

# field FILE PYTHON_EXPR: prints the value of the expression over the
# report d (python3 is a test dependency already).
field() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
check() {
	[ "$2" = "$3" ] || { echo "$1: got \"$2\", expected \"$3\""; fail=1; }
}

# 1. A complete run.
recipe-run $base --var reset_itl=cluster/pub-reset.tlv \
    --answer reset="$W/confirm" --answer paste-itl="$W/paste" \
    --audit "$W/audit1" --json "$R" > "$W/1.json" 2> "$W/1.err"
check "complete run exit" $? 0
check "complete run status" "$(field "$W/1.json" "d['status']")" complete
check "statuses" "$(field "$W/1.json" "' '.join(s['status'] for s in d['steps'])")" \
    "ok ok ok ok ok"
check "show signer" "$(field "$W/1.json" "d['steps'][0]['result']['signer']['serial']")" \
    "7A:D1:08:1D:AE:95:4C:59:62:59:80:95:26:1D:C4:D1"
check "items" "$(field "$W/1.json" "len(d['steps'][0]['result']['items'])")" 1
check "outcome" "$(field "$W/1.json" "d['steps'][1]['result']['outcome']")" 0
check "trust verdict" "$(field "$W/1.json" "d['steps'][1]['result']['verdict']")" accept
check "confirm result" "$(field "$W/1.json" "d['steps'][2]['result']")" \
    "{'confirmed': True}"
check "paste lines" "$(field "$W/1.json" "d['steps'][3]['result']['lines']")" \
    "$(wc -l < "$W/paste" | tr -d ' ')"
check "paste redacted" "$(field "$W/1.json" "d['steps'][3]['result']['text'].splitlines()[-1]")" \
    "typed by mistake: [redacted]"
check "expect recorded" "$(field "$W/1.json" "d['steps'][4]['expect']")" \
    "[{'condition': '\${steps.after.signer.name} != \${steps.show.signer.name}', 'result': True}]"
check "job of a manual step" "$(field "$W/1.json" "d['steps'][2]['job']")" None
check "audit lines" "$(wc -l < "$W/audit1" | tr -d ' ')" 5
grep -q '"step":"reset","kind":"manual","job":null,"status":"ok","reused":false,"confirmed_by":"answer-file","confirmation":"cucm-pub"}' \
    "$W/audit1" || { echo "audit lacks the confirmation of reset"; fail=1; }
grep -q '^\[3/5\] reset: manual$' "$W/1.err" || { echo "no progress"; fail=1; }
grep -q '^  CUCM command: utils itl reset localkey$' "$W/1.err" ||
    { echo "command not shown"; fail=1; }

# 2. A failing expectation: phones holding pub.tlv reject another
# cluster's ITL; the run stops there with the advice.
recipe-run $base --var reset_itl=cluster/foreign-pub.tlv \
    --answer reset="$W/confirm" "$R" > "$W/2.out" 2> "$W/2.err"
check "failed run exit" $? 1
grep -q '^  expect ${steps.trust.verdict} == '"'accept'"': false$' "$W/2.err" ||
    { echo "failed expectation not shown"; fail=1; }
grep -q '^  advice: Phones holding cluster/pub.tlv would not accept cluster/foreign-pub.tlv; do not reset.$' \
    "$W/2.err" || { echo "advice not shown"; fail=1; }
check "failed report" "$(sed -n 1,3p "$W/2.out" | tr '\n' '|')" \
    'test-good: failed|  ok       show (itl.show)|  failed   trust (itl.trust): itl.trust gave outcome 1 (a check failed); an expectation failed|'
grep -q 'skipped  reset (manual): the run stopped at step "trust"' "$W/2.out" ||
    { echo "steps after a stop not skipped"; fail=1; }

# 3. No terminal, no answers: pending and blocked, exit 0 (1 when complete
# is required).
recipe-run $base --var reset_itl=cluster/pub-reset.tlv --json "$R" \
    > "$W/3.json" 2> "$W/3.err" < /dev/null
check "incomplete exit" $? 0
check "incomplete" "$(field "$W/3.json" "d['status'] + ' ' + ' '.join(s['status'] for s in d['steps'])")" \
    "incomplete ok ok pending pending blocked"
check "blocked reason" "$(field "$W/3.json" "d['steps'][4]['reason']")" \
    'waits for step "paste-itl"'
recipe-run $base --var reset_itl=cluster/pub-reset.tlv --require-complete \
    "$R" > /dev/null 2>&1 < /dev/null
check "--require-complete exit" $? 1

# 4. --yes confirms, never pastes.
recipe-run $base --var reset_itl=cluster/pub-reset.tlv --yes --json "$R" \
    > "$W/4.json" 2>/dev/null < /dev/null
check "--yes" "$(field "$W/4.json" "' '.join(s['status'] for s in d['steps'])")" \
    "ok ok ok pending blocked"

# 5. A wrong confirmation word fails the step.
printf 'cucm-sub\n' > "$W/wrong"
recipe-run $base --var reset_itl=cluster/pub-reset.tlv \
    --answer reset="$W/wrong" "$R" > "$W/5.out" 2>/dev/null
check "wrong word exit" $? 1
grep -q 'failed   reset (manual): the confirmation does not match the word asked' \
    "$W/5.out" || { echo "wrong word accepted"; fail=1; }

# An answer file that cannot be read: exit 2, the step failed.
recipe-run $base --var reset_itl=cluster/pub-reset.tlv \
    --answer reset="$W/no-such" "$R" > "$W/5b.out" 2>/dev/null
check "unreadable answer exit" $? 2
grep -q 'failed   reset (manual): answer file: ' "$W/5b.out" ||
    { echo "unreadable answer: $(cat "$W/5b.out")"; fail=1; }

# 6. Answers for steps that cannot take one, an unreadable secret file.
recipe-run $base --var reset_itl=cluster/pub-reset.tlv --answer show="$W/paste" \
    "$R" > /dev/null 2> "$W/6.err"
check "answer for a run step" $? 2
grep -q 'an answer for a run step "show"' "$W/6.err" ||
    { echo "answer for a run step: $(cat "$W/6.err")"; fail=1; }
recipe-run --var itl=cluster/pub.tlv --var reset_itl=cluster/pub-reset.tlv \
    --var password="$W/no-such" "$R" > /dev/null 2> "$W/6.err"
check "unreadable secret" $? 2
grep -q 'input "password"' "$W/6.err" || { echo "unreadable secret: $(cat "$W/6.err")"; fail=1; }

# 7. A secret file others can read: a warning naming its mode.
cp "$W/pw" "$W/pw-open"
chmod 644 "$W/pw-open"
recipe-run --var itl=cluster/pub.tlv --var reset_itl=cluster/pub-reset.tlv \
    --var password="$W/pw-open" "$R" > /dev/null 2> "$W/7.err" < /dev/null
grep -q "^warning: $W/pw-open: this secret file can be read by its group and others (mode 0644): chmod 600 it$" \
    "$W/7.err" || { echo "no mode warning: $(head -2 "$W/7.err")"; fail=1; }

# 8. Listings: the jobs with their arguments, the shipped recipes (here
# the test folder) with their inputs, and a recipe run by its NAME.
recipe-run --list-jobs > "$W/jobs"
grep -q '^itl.show: ' "$W/jobs" && grep -q '^itl.trust: ' "$W/jobs" &&
    grep -q '^    input (string, required): ' "$W/jobs" &&
    grep -q '^    warn_days (int, 0..36500): ' "$W/jobs" &&
    grep -q '^  result fields: ' "$W/jobs" ||
    { echo "--list-jobs: $(head -5 "$W/jobs")"; fail=1; }
# libcore's jobs (those job-run lists), then the case layer's.
check "jobs listed" "$(grep -c '^[a-z0-9]*\.[a-z0-9]*: ' "$W/jobs")" \
    "$(($(job-run --list | grep -c '^[a-z]') + 1))"
check "case job listed" "$(grep '^case\.' "$W/jobs" | cut -d: -f1)" case.triage
# A step may run case.triage: the recipe validates against the same list.
cat > "$W/case.yaml" <<'EOF2'
recipe: test-case
version: 1
description: the customer's bundle triaged
inputs:
  bundle: {type: path, required: true, description: the bundle}
steps:
  - id: triage
    run: case.triage
    with: {inputs: ["${inputs.bundle}"]}
EOF2
recipe-run --check "$W/case.yaml" > "$W/case.out" 2>&1
check "case.triage step" "$? $(cat "$W/case.out")" \
    "0 $W/case.yaml: valid: recipe test-case, 1 inputs, 1 steps"
ITLKIT_RECIPES=$DATA/recipes recipe-run --list > "$W/list"
check "--list" "$(sed -n '1,2p;6p' "$W/list" | tr '\n' '|')" \
    "test-good: Shows the publisher's ITL, predicts that phones accept the reset one, then asks for the reset and show itl|  itl (path, required): the ITL of the publisher|invalid.yaml: not a valid recipe|"
ITLKIT_RECIPES=$DATA/recipes recipe-run --check good > "$W/8.out"
check "recipe by name" "$(cat "$W/8.out")" \
    "$DATA/recipes/good.yaml: valid: recipe test-good, 4 inputs, 5 steps"

# 9. A vars file, a --var given after it wins; a wrong vars file is
# refused with its line and column.
printf 'itl: cluster/pub.tlv\nreset_itl: cluster/pub-reset.tlv\npublisher: pub-two\n' \
    > "$W/vars.yaml"
recipe-run --dry-run --vars-file "$W/vars.yaml" "$R" > "$W/9.out"
check "vars file" "$(sed -n 's/^   On \(.*\), reset.*/\1/p' "$W/9.out")" pub-two
recipe-run --dry-run --vars-file "$W/vars.yaml" --var publisher=pub-three "$R" \
    > "$W/9.out"
check "--var wins" "$(sed -n 's/^   On \(.*\), reset.*/\1/p' "$W/9.out")" pub-three
printf 'itl: cluster/pub.tlv\nreset_itls: x\n' > "$W/bad-vars.yaml"
recipe-run --dry-run --vars-file "$W/bad-vars.yaml" "$R" > /dev/null 2> "$W/9.err"
check "bad vars file exit" $? 2
grep -q "^$W/bad-vars.yaml:2:1: unknown input \"reset_itls\" (did you mean \"reset_itl\"?)$" \
    "$W/9.err" || { echo "bad vars file: $(cat "$W/9.err")"; fail=1; }

# No password anywhere.
for f in "$W"/*.json "$W"/*.out "$W"/*.err "$W/audit1"; do
	for s in cisco123 wrong-one; do
		grep -q "$s" "$f" && { echo "$s in $f"; fail=1; }
	done
done
exit $fail
