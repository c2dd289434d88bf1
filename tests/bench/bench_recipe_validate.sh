#!/bin/sh
# Validating a 200-step recipe (issue: under 10 ms): YAML, schema,
# references and conditions, as recipe-run --check does before any step
# runs.  The recipe is generated: run steps of itl.show taking inputs
# and earlier results, manual steps with a paste, conditions over both.
# Usage: bench_recipe_validate.sh BIN_DIR
set -eu
b=${BENCH_BIN:-build/bench}/recipe-validate
n=${STEPS:-200}
limit=${LIMIT_MS:-10}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
awk -v n="$n" 'BEGIN {
	print "recipe: bench"
	print "version: 1"
	print "description: generated for the validation benchmark"
	print "inputs:"
	print "  itl: {type: paths, required: true, description: the ITLs}"
	print "  host: {type: string, pattern: \"[a-z][a-z0-9-]*\", default: pub}"
	print "  days: {type: int, default: 30}"
	print "  deep: {type: bool, default: true}"
	print "steps:"
	for (i = 0; i < n; i++) {
		if (i % 2 == 0) {
			printf "  - id: show-%d\n    run: itl.show\n", i
			printf "    with: {input: \"${inputs.itl[%d]}\", ", i % 4
			print "verify: \"${inputs.deep}\", warn_days: \"${inputs.days}\"}"
			printf "    expect: [\"${steps.show-%d.status} == %s\"]\n", i, "'\''ok'\''"
		} else {
			printf "  - id: paste-%d\n", i
			print "    manual: On ${inputs.host}, paste the output of show itl."
			print "    cli: show itl"
			print "    paste: show-itl"
			printf "    when: ${inputs.deep} and ${inputs.days} > 3\n"
			printf "    expect:\n      - ${steps.paste-%d.signer.serial} == ${steps.show-%d.signer.serial}\n", i, i - 1
			printf "      - not (${steps.paste-%d.status} in [%s, %s])\n", i, "'\''failed'\''", "'\''malformed'\''"
			print "    on_fail: continue"
			print "    advice: Run it again on ${inputs.host}."
		}
	}
}' > "$t/bench.yaml"
out=$("$b" "$t/bench.yaml" 200)
echo "$out"
med=$(echo "$out" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p')
if awk -v m="$med" -v l="$limit" 'BEGIN { exit !(m < l) }'; then
	echo "  under $limit ms: ok"
else
	echo "  over $limit ms: FAIL"
	exit 1
fi
