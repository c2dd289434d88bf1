/*
 * test_recipe.c: the recipe language (libcore/recipe): a table of invalid
 * recipes, each with its exact errors (line:column: message), valid
 * recipes read into the expected model, the rendering of errors with the
 * source line and caret, references filled in, and conditions evaluated
 * to known answers (type errors included).  Jobs come from a table made
 * for the tests beside the real itl.show, so that result fields and
 * argument types of every kind are covered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "ik_recipe.h"

/* ---- a job table for the tests ---------------------------------------- */

static void
no_run(const json_t *args, const ik_job_ctx *ctx, ik_job_result *res)
{
	(void)args;
	(void)ctx;
	(void)res;
}

static const ik_arg_spec check_args[] = {
	{ "files", IK_ARG_STRINGS, true, 0, 0, "the files to check" },
	{ "itl", IK_ARG_STRINGS, false, 0, 0, NULL },
	{ "at", IK_ARG_TIME, false, 0, 0, NULL },
	{ "deep", IK_ARG_BOOL, false, 0, 0, NULL },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

static const ik_result_field check_results[] = {
	{ "status", IK_FIELD_STRING, NULL },
	{ "password", IK_FIELD_STRING, NULL },
	{ "certificate", IK_FIELD_OBJECT, NULL },
	{ "certificate.serial", IK_FIELD_STRING, NULL },
	{ "certificate.days_left", IK_FIELD_INT, NULL },
	{ "key_matches_certificate", IK_FIELD_BOOL, NULL },
	{ "itl_matches", IK_FIELD_ARRAY, NULL },
	{ "itl_matches[].matches", IK_FIELD_BOOL, NULL },
	{ NULL, IK_FIELD_ANY, NULL }
};

static const ik_arg_spec sign_args[] = {
	{ "input", IK_ARG_STRING, true, 0, 0, "the ITL to re-sign" },
	{ "p12", IK_ARG_STRING, false, 0, 0, NULL },
	{ "password_file", IK_ARG_SECRET_FILE, false, 0, 0, NULL },
	{ "out_dir", IK_ARG_STRING, false, 0, 0, NULL },
	{ "keep", IK_ARG_INT, false, 1, 10, NULL },
	{ "options", IK_ARG_OBJECT, false, 0, 0, NULL },
	{ NULL, IK_ARG_STRING, false, 0, 0, NULL }
};

static const ik_result_field sign_results[] = {
	{ "status", IK_FIELD_STRING, NULL },
	{ "signer.serial", IK_FIELD_STRING, NULL },
	{ "signer.name", IK_FIELD_STRING, NULL },
	{ "records_sha1", IK_FIELD_STRING, NULL },
	{ "records", IK_FIELD_INT, NULL },
	{ "findings", IK_FIELD_ARRAY, NULL },
	{ NULL, IK_FIELD_ANY, NULL }
};

static const ik_job fake_check = { "fake.check", "test", check_args, no_run,
    check_results };
static const ik_job fake_sign = { "fake.sign", "test", sign_args, no_run,
    sign_results };

static const ik_job *jobs[3];

static void
setup_jobs(void)
{
	jobs[0] = ik_job_find("itl.show");
	jobs[1] = &fake_check;
	jobs[2] = &fake_sign;
}

/* Loads text; returns the status and every error as "L:C: msg\n". */
static ik_status
load(const char *text, size_t len, ik_recipe **r, char *out, size_t size)
{
	ik_recipe_diags d;
	ik_status st;
	size_t i, n = 0;

	ik_recipe_diags_init(&d);
	st = ik_recipe_load((const uint8_t *)text, len, jobs, 3, r, &d);
	out[0] = '\0';
	for (i = 0; i < d.n && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%u:%u: %s\n",
		    d.v[i].pos.line, d.v[i].pos.col, d.v[i].msg);
	ik_recipe_diags_free(&d);
	return st;
}

/* ---- invalid recipes -------------------------------------------------- */

#define HEAD \
	"recipe: t\n" \
	"version: 1\n" \
	"inputs:\n" \
	"  itl: {type: paths, required: true}\n" \
	"  p12: {type: path}\n" \
	"  pw: {type: secret-file}\n" \
	"  host: {type: string, pattern: \"[a-z0-9-]+\"}\n" \
	"  note: {type: string}\n" \
	"  n: {type: int, default: 3}\n" \
	"  flag: {type: bool, default: false}\n" \
	"steps:\n"
/* Step a (lines 12-14): a run step usable by later ones. */
#define STEP_A \
	"  - id: a\n" \
	"    run: fake.sign\n" \
	"    with: {input: x}\n"

static const struct bad {
	const char *name;
	const char *yaml;
	const char *want;
} bad[] = {
	{ "alias", "recipe: t\nversion: 1\nsteps: *s\n",
	    "3:8: alias *s: anchors and aliases are not accepted (write the "
	    "value out)\n" },
	{ "anchor", "recipe: &n t\nversion: 1\nsteps: [{id: a, manual: x}]\n",
	    "1:9: anchor &n: anchors and aliases are not accepted (write the "
	    "value out)\n" },
	{ "tag", "recipe: t\nversion: !!int 1\nsteps: [{id: a, manual: x}]\n",
	    "2:10: tag !!int: tags are not accepted (the schema gives every "
	    "value its type)\n" },
	{ "merge key", "recipe: t\nversion: 1\nsteps:\n  - id: a\n"
	    "    <<: {manual: x}\n",
	    "5:5: merge key <<: merge keys are not accepted (write the keys "
	    "out)\n" },
	{ "duplicate key", HEAD "  - id: a\n    manual: x\n    manual: y\n",
	    "14:5: duplicate key \"manual\" (first at line 13)\n" },
	{ "tab indentation", "recipe: t\nversion: 1\nsteps:\n \t- id: a\n",
	    "4:2: tab in the indentation: indent with spaces\n" },
	{ "unknown top-level key", "recipe: t\nversion: 1\n"
	    "steps: [{id: a, manual: x}]\ndescripton: d\n",
	    "4:1: unknown key \"descripton\" (did you mean \"description\"?)\n" },
	{ "unknown step key", HEAD "  - id: a\n    manual: x\n    advise: y\n",
	    "14:5: unknown key \"advise\" in a step (did you mean "
	    "\"advice\"?)\n" },
	{ "yes as a boolean (input)", "recipe: t\nversion: 1\ninputs:\n"
	    "  x: {type: path, required: yes}\nsteps: [{id: a, manual: x}]\n",
	    "4:29: required: expected true or false, not \"yes\"\n" },
	{ "yes as a boolean (argument)", HEAD "  - id: a\n    run: itl.show\n"
	    "    with: {input: x, verify: yes}\n",
	    "14:30: argument \"verify\" of itl.show: expected true or false, "
	    "not \"yes\"\n" },
	{ "yes as a boolean (condition)", HEAD STEP_A
	    "    when: ${inputs.flag} == yes\n",
	    "15:29: \"yes\" is not a boolean: write true or false\n" },
	{ "bad reference", HEAD "  - id: a\n    run: fake.sign\n"
	    "    with: {input: \"${input.p12}\"}\n",
	    "14:20: bad reference \"${input.p12}\": it starts with inputs. or "
	    "steps.\n" },
	{ "unterminated reference", HEAD "  - id: a\n"
	    "    manual: \"see ${inputs.p12\"\n",
	    "13:18: unterminated reference: \"${\" without \"}\"\n" },
	{ "reference to a later step", HEAD "  - id: a\n    run: fake.sign\n"
	    "    with: {input: \"${steps.b.status}\"}\n"
	    "  - id: b\n    run: fake.sign\n    with: {input: x}\n",
	    "14:20: step \"b\" comes later: a step uses only the results of the "
	    "steps before it\n" },
	{ "cycle of references", HEAD "  - id: a\n    run: fake.sign\n"
	    "    with: {input: \"${steps.b.status}\"}\n"
	    "  - id: b\n    run: fake.sign\n"
	    "    with: {input: \"${steps.a.status}\"}\n",
	    "14:20: step \"b\" comes later: a step uses only the results of the "
	    "steps before it\n" },
	{ "self reference", HEAD "  - id: a\n    run: fake.sign\n"
	    "    with: {input: \"${steps.a.status}\"}\n",
	    "14:20: step \"a\" refers to its own result, which is not known "
	    "before it runs\n" },
	{ "self reference in when", HEAD STEP_A
	    "    when: \"${steps.a.status} == 'ok'\"\n",
	    "15:12: step \"a\" refers to its own result, which is not known "
	    "before it runs\n" },
	{ "unknown input", HEAD "  - id: a\n    run: fake.sign\n"
	    "    with: {input: \"${inputs.itls[0]}\"}\n",
	    "14:20: unknown input \"itls\" (did you mean \"itl\"?)\n" },
	{ "unknown step", HEAD STEP_A "  - id: b\n    run: fake.sign\n"
	    "    with: {input: \"${steps.aa.status}\"}\n",
	    "17:20: unknown step \"aa\" (did you mean \"a\"?)\n" },
	{ "type mismatch: paths into a string", HEAD "  - id: a\n"
	    "    run: fake.sign\n    with: {input: \"${inputs.itl}\"}\n",
	    "14:20: type mismatch: argument \"input\" of fake.sign takes a "
	    "string, input \"itl\" is paths\n" },
	{ "type mismatch: int into a string", HEAD "  - id: a\n"
	    "    run: fake.sign\n    with: {input: \"${inputs.n}\"}\n",
	    "14:20: type mismatch: argument \"input\" of fake.sign takes a "
	    "string, input \"n\" is int\n" },
	{ "type mismatch: result field", HEAD STEP_A "  - id: b\n"
	    "    run: fake.sign\n    with: {input: x, keep: \"${steps.a.status}\"}\n",
	    "17:29: type mismatch: argument \"keep\" of fake.sign takes an "
	    "integer, ${steps.a.status} is a string\n" },
	{ "unknown job", HEAD "  - id: a\n    run: fake.sing\n",
	    "13:10: unknown job \"fake.sing\" (did you mean \"fake.sign\"?)\n" },
	{ "unknown argument", HEAD "  - id: a\n    run: fake.sign\n"
	    "    with: {inptu: x}\n",
	    "14:12: unknown argument \"inptu\" for fake.sign (did you mean "
	    "\"input\"?)\n" },
	{ "missing argument", HEAD "  - id: a\n    run: fake.check\n"
	    "    with: {deep: true}\n",
	    "14:5: fake.check needs argument \"files\" (the files to check)\n" },
	{ "integer out of range", HEAD "  - id: a\n    run: fake.sign\n"
	    "    with: {input: x, keep: 11}\n",
	    "14:28: argument \"keep\" of fake.sign: 11 is out of range 1..10\n" },
	{ "missing id", HEAD "  - id: a\n    manual: x\n  - manual: y\n",
	    "14:5: step 2 has no id\n" },
	{ "duplicate id", HEAD "  - id: a\n    manual: x\n  - id: a\n"
	    "    manual: y\n",
	    "14:9: duplicate step id \"a\" (first at line 12)\n" },
	{ "bad id", HEAD "  - id: Step_1\n    manual: x\n",
	    "12:9: step id \"Step_1\": use a-z, 0-9 and -\n" },
	{ "two kinds in one step", HEAD "  - id: a\n    run: fake.sign\n"
	    "    with: {input: x}\n    manual: y\n",
	    "15:5: a step is run: or manual:, not both\n" },
	{ "no kind", HEAD "  - id: a\n    advice: y\n",
	    "12:5: step \"a\" needs run: JOB or manual: TEXT\n" },
	{ "bad paste parser", HEAD "  - id: a\n    manual: x\n"
	    "    paste: show_itl\n",
	    "14:12: unknown paste parser \"show_itl\" (did you mean "
	    "\"show-itl\"?)\n" },
	{ "with in a manual step", HEAD "  - id: a\n    manual: x\n"
	    "    with: {input: x}\n",
	    "14:5: \"with\" belongs to a run step, not a manual step\n" },
	{ "cli in a run step", HEAD STEP_A "    cli: utils itl reset\n",
	    "15:5: \"cli\" belongs to a manual step, not a run step\n" },
	{ "bad on_fail", HEAD STEP_A "    on_fail: skip\n",
	    "15:14: on_fail: expected stop or continue, not \"skip\"\n" },
	{ "deep nesting 33", "recipe: t\nversion: 1\nsteps: [{id: a, manual: x}]\n"
	    "x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
	    "4:35: nesting deeper than 32 levels\n" },
	{ "two documents", "recipe: t\nversion: 1\n---\nrecipe: u\n",
	    "3:1: a second YAML document: a recipe is exactly one document\n" },
	{ "no document", "# nothing\n",
	    "1:1: no YAML document: the recipe is empty\n" },
	{ "not a mapping", "- a\n- b\n",
	    "1:1: a recipe is a mapping (recipe, version, description, inputs, "
	    "steps), not a list\n" },
	{ "empty list", "[]\n",
	    "1:1: a recipe is a mapping (recipe, version, description, inputs, "
	    "steps), not a list\n" },
	{ "empty mapping", "{}\n",
	    "1:1: missing key \"recipe\": the recipe's name\n"
	    "1:1: missing key \"version\": the recipe's version, 1 or more\n"
	    "1:1: missing key \"steps\": the list of steps\n" },
	{ "YAML syntax", "recipe: t\nversion: [1\n",
	    "3:1: YAML syntax: did not find expected ',' or ']' (while parsing "
	    "a flow sequence at 2:10)\n" },
	{ "lone carriage return", "recipe: t\rversion: 1\n",
	    "1:10: carriage return without a line feed: lines end with LF or "
	    "CRLF\n" },
	{ "byte-order mark skipped", "\xef\xbb\xbfrecipe: t\nversion: 1\n"
	    "steps: [{id: a, manual: x, wiht: 1}]\n",
	    "3:28: unknown key \"wiht\" in a step (did you mean \"with\"?)\n" },
	{ "not UTF-8", "recipe: t\nversion: 1\n"
	    "steps: [{id: a, manual: \"x \xff\"}]\n",
	    "3:28: bad character: invalid leading UTF-8 octet\n" },
	{ "control character", "recipe: t\nversion: 1\n"
	    "steps: [{id: a, manual: \"x \x01\"}]\n",
	    "3:28: bad character: control characters are not allowed\n" },
	{ "NUL escape", "recipe: t\nversion: 1\n"
	    "steps: [{id: a, manual: \"x \\0\"}]\n",
	    "3:25: NUL character in a value\n" },
	{ "complex key", "recipe: t\nversion: 1\n? [a]\n: b\n"
	    "steps: [{id: a, manual: x}]\n",
	    "3:3: a key must be a scalar, not a mapping or a list\n" },
	{ "bad pattern", "recipe: t\nversion: 1\ninputs:\n"
	    "  h: {type: string, pattern: \"[a-\"}\nsteps: [{id: a, manual: x}]\n",
	    "4:30: bad pattern: Unmatched [, [^, [:, [., or [=\n" },
	{ "pattern with a huge count", "recipe: t\nversion: 1\ninputs:\n"
	    "  h: {type: string, pattern: \"(a{1,9999})\"}\n"
	    "steps: [{id: a, manual: x}]\n",
	    "4:30: bad pattern: repetition counts above 64 are refused\n" },
	{ "pattern of repeated repetitions", "recipe: t\nversion: 1\ninputs:\n"
	    "  h: {type: string, pattern: \"[a-z]*++++++++++++++++\"}\n"
	    "steps: [{id: a, manual: x}]\n",
	    "4:30: bad pattern: it would expand past 4096 parts when compiled "
	    "(repetitions of repetitions)\n" },
	{ "pattern of nested counts", "recipe: t\nversion: 1\ninputs:\n"
	    "  h: {type: string, pattern: \"((a{1,60}){1,60}){1,60}\"}\n"
	    "steps: [{id: a, manual: x}]\n",
	    "4:30: bad pattern: it would expand past 4096 parts when compiled "
	    "(repetitions of repetitions)\n" },
	{ "pattern groups too deep", "recipe: t\nversion: 1\ninputs:\n"
	    "  h: {type: string, pattern: \"((((((((((((((((((a))))))))))))))))))\"}\n"
	    "steps: [{id: a, manual: x}]\n",
	    "4:30: bad pattern: groups nested deeper than 16\n" },
	{ "pattern on a path", "recipe: t\nversion: 1\ninputs:\n"
	    "  h: {type: path, pattern: x}\nsteps: [{id: a, manual: x}]\n",
	    "4:28: pattern applies to string inputs only (this one is path)\n" },
	{ "default not matching", "recipe: t\nversion: 1\ninputs:\n"
	    "  h: {type: string, pattern: \"[a-z]+\", default: Pub1}\n"
	    "steps: [{id: a, manual: x}]\n",
	    "4:49: default \"Pub1\" does not match the pattern\n" },
	{ "required and default", "recipe: t\nversion: 1\ninputs:\n"
	    "  h: {type: int, required: true, default: 3}\n"
	    "steps: [{id: a, manual: x}]\n",
	    "4:34: input \"h\" is required and has a default: give one or the "
	    "other\n" },
	{ "unknown type", "recipe: t\nversion: 1\ninputs:\n"
	    "  h: {type: strng}\nsteps: [{id: a, manual: x}]\n",
	    "4:13: unknown type \"strng\" (did you mean \"string\"?)\n" },
	{ "unknown input key", "recipe: t\nversion: 1\ninputs:\n"
	    "  h: {type: dir, requird: true}\nsteps: [{id: a, manual: x}]\n",
	    "4:18: unknown key \"requird\" in input \"h\" (did you mean "
	    "\"required\"?)\n" },
	{ "bad input name", "recipe: t\nversion: 1\ninputs:\n"
	    "  Out-Dir: {type: dir}\nsteps: [{id: a, manual: x}]\n",
	    "4:3: input name \"Out-Dir\": use a-z, 0-9 and _, starting with a "
	    "letter\n" },
	{ "version not an integer", "recipe: t\nversion: one\n"
	    "steps: [{id: a, manual: x}]\n",
	    "2:10: version: expected an integer, not \"one\"\n" },
	{ "missing steps", "recipe: t\nversion: 1\n",
	    "1:1: missing key \"steps\": the list of steps\n" },
	{ "empty steps", "recipe: t\nversion: 1\nsteps: []\n",
	    "3:8: steps: expected a list of steps, not an empty list\n" },
	{ "no value", "recipe: t\nversion: 1\ndescription:\n"
	    "steps: [{id: a, manual: x}]\n",
	    "3:13: description has no value\n" },
	{ "expression syntax", HEAD STEP_A
	    "    expect: [\"${steps.a.status} == 'ok' and\"]\n",
	    "15:44: expected a value, not the end\n" },
	{ "expression: = for ==", HEAD STEP_A
	    "    expect: [\"${steps.a.records} = 3\"]\n",
	    "15:34: \"=\" is not an operator: compare with ==\n" },
	{ "expression: chained comparison", HEAD STEP_A
	    "    expect: [\"1 < ${steps.a.records} < 9\"]\n",
	    "15:38: comparisons do not chain: join them with and\n" },
	{ "expression: unclosed parenthesis", HEAD STEP_A
	    "    expect: [\"(${steps.a.records} > 1\"]\n",
	    "15:15: \"(\" is not closed\n" },
	{ "expression: reference in quotes", HEAD STEP_A
	    "    expect: [\"${steps.a.status} == '${inputs.host}'\"]\n",
	    "15:37: a reference inside quotes is not expanded: write it outside "
	    "the quotes\n" },
	{ "expression: not a boolean", HEAD STEP_A
	    "    expect: [\"${steps.a.status}\"]\n",
	    "15:15: a condition must give a boolean, not a string\n" },
	{ "expression: and over a string", HEAD STEP_A
	    "    expect: [\"${inputs.flag} and ${steps.a.signer.name}\"]\n",
	    "15:34: \"and\" needs a boolean on each side, not a string\n" },
	{ "expression: == between types", HEAD STEP_A
	    "    expect: [\"${steps.a.records} == '3'\"]\n",
	    "15:34: \"==\" compares a number with a string\n" },
	{ "expression: in over a string", HEAD STEP_A
	    "    when: \"'a' in ${inputs.note}\"\n",
	    "15:19: \"in\" needs a list on its right, not a string\n" },
	{ "condition place after escapes", HEAD STEP_A
	    "    expect: [\"\\\"ok\\\" == x\"]\n",
	    "15:25: unknown word \"x\": quote strings ('x')\n" },
	{ "condition place after quotes", HEAD STEP_A
	    "    when: '${inputs.note} == ''it'' and x'\n",
	    "15:41: unknown word \"x\": quote strings ('x')\n" },
	{ "condition place, folded", HEAD STEP_A
	    "    when: >-\n      ${inputs.flag} and\n      x\n",
	    "17:7: unknown word \"x\": quote strings ('x')\n" },
	{ "condition place, plain on two lines", HEAD STEP_A
	    "    when: ${inputs.flag}\n      and x\n",
	    "16:11: unknown word \"x\": quote strings ('x')\n" },
	{ "unknown result field", HEAD STEP_A
	    "    expect: [\"${steps.a.signer.serail} == 'x'\"]\n",
	    "15:15: unknown field \"signer.serail\" in the result of fake.sign "
	    "(did you mean \"signer.serial\"?)\n" },
	{ "field of a scalar field", HEAD STEP_A
	    "    expect: [\"${steps.a.status.code} == 'x'\"]\n",
	    "15:15: ${steps.a.status.code}: field \"status\" of fake.sign is a "
	    "string: it has no fields\n" },
	{ "result of a manual step", HEAD "  - id: a\n    manual: x\n"
	    "  - id: b\n    manual: \"after ${steps.a.x}\"\n",
	    "15:20: step \"a\" has no result (a manual step without paste:)\n" },
	{ "secret printed", HEAD "  - id: a\n    manual: \"key in ${inputs.pw}\"\n",
	    "13:21: input \"pw\" is a secret-file: it is never printed\n" },
	{ "cli value without a pattern", HEAD "  - id: a\n    manual: x\n"
	    "    cli: \"set note ${inputs.note}\"\n",
	    "14:20: input \"note\" is printed in a CUCM command: give it a "
	    "pattern\n" },
	{ "list in a text", HEAD "  - id: a\n    manual: \"files ${inputs.itl}\"\n",
	    "13:20: ${inputs.itl} is a list: it cannot be part of a text (one "
	    "path of it: [0])\n" },
	{ "index on a path", HEAD "  - id: a\n    run: fake.sign\n"
	    "    with: {input: \"${inputs.p12[0]}\"}\n",
	    "14:20: input \"p12\" is path, not a list: it takes no index\n" },
	{ "bad time", HEAD "  - id: a\n    run: fake.check\n"
	    "    with: {files: [x], at: yesterday}\n",
	    "14:28: argument \"at\" of fake.check: expected an RFC 3339 time "
	    "such as 2024-05-01T00:00:00Z, not \"yesterday\"\n" },
	{ "list for a string", HEAD "  - id: a\n    run: fake.sign\n"
	    "    with: {input: [a, b]}\n",
	    "14:19: argument \"input\" of fake.sign takes a string, not a list\n" },
	{ "expect not a list", HEAD STEP_A "    expect: \"true\"\n",
	    "15:13: expect: expected a list of conditions, not \"true\"\n" },
};

START_TEST(invalid_recipes)
{
	const struct bad *b = &bad[_i];
	ik_recipe *r = (ik_recipe *)1;
	char got[4096];
	ik_status st;

	st = load(b->yaml, strlen(b->yaml), &r, got, sizeof(got));
	if (strcmp(got, b->want) != 0)
		ck_abort_msg("%s:\n got: %s want: %s", b->name, got, b->want);
	ck_assert_int_eq(st, IK_FAILED);
	ck_assert_ptr_null(r);
}
END_TEST

/* ---- a valid recipe and its model ------------------------------------- */

static const char good[] =
    "recipe: itl-bulk-reset\n"
    "version: 2\n"
    "description: The seed procedure, checked\n"
    "inputs:\n"
    "  itl: {type: paths, required: true, description: the TFTP nodes' ITLs}\n"
    "  p12: {type: path, required: true}\n"
    "  p12_password: {type: secret-file, required: true}\n"
    "  out: {type: dir, default: out}\n"
    "  host: {type: string, pattern: \"[a-z][a-z0-9-]*\", default: cucm-pub}\n"
    "  days: {type: int, default: 30}\n"
    "  deep: {type: bool, default: true}\n"
    "steps:\n"
    "  - id: key\n"
    "    run: fake.check\n"
    "    with: {files: [\"${inputs.p12}\", extra.p12], itl: \"${inputs.itl}\",\n"
    "           deep: \"${inputs.deep}\"}\n"
    "    expect: [\"${steps.key.status} == 'ok'\",\n"
    "             \"${steps.key.certificate.days_left} > ${inputs.days}\"]\n"
    "  - id: predicted\n"
    "    run: fake.sign\n"
    "    with:\n"
    "      input: \"${inputs.itl[0]}\"\n"
    "      password_file: \"${inputs.p12_password}\"\n"
    "      out_dir: \"${inputs.out}/reset\"\n"
    "      keep: 2\n"
    "      options: {mode: fast, from: \"${steps.key.password}\"}\n"
    "    on_fail: continue\n"
    "  - id: reset\n"
    "    manual: |\n"
    "      On ${inputs.host}, reset the ITL with the recovery key.\n"
    "    cli: utils itl reset localkey ${inputs.host}\n"
    "    confirm: ${inputs.host}\n"
    "  - id: show-itl-after-reset\n"
    "    manual: Paste the output of show itl from the publisher.\n"
    "    paste: show-itl\n"
    "    when: not (${steps.predicted.records} == 0)\n"
    "    expect:\n"
    "      - ${steps.show-itl-after-reset.signer.serial} == "
    "${steps.predicted.signer.serial}\n"
    "      - \"'ITLRECOVERY' in ${steps.show-itl-after-reset.roles}\"\n"
    "    advice: Still not signed by ITLRecovery; reset again on "
    "${inputs.host}.\n";

static ik_recipe *
load_good(void)
{
	ik_recipe *r;
	char got[4096];

	ck_assert_int_eq(load(good, strlen(good), &r, got, sizeof(got)), IK_OK);
	ck_assert_str_eq(got, "");
	ck_assert_ptr_nonnull(r);
	return r;
}

START_TEST(valid_model)
{
	const ik_recipe_step *s;
	const ik_recipe_arg *a;
	uint8_t sha[32];
	ik_recipe *r;

	r = load_good();
	ck_assert_str_eq(r->name, "itl-bulk-reset");
	ck_assert_int_eq(r->version, 2);
	ck_assert_str_eq(r->description, "The seed procedure, checked");
	ik_digest_buf(IK_SHA256, good, strlen(good), sha);
	ck_assert_mem_eq(r->sha256, sha, 32);

	ck_assert_uint_eq(r->ninputs, 7);
	ck_assert_str_eq(r->inputs[0].name, "itl");
	ck_assert_int_eq(r->inputs[0].type, IK_RTYPE_PATHS);
	ck_assert(r->inputs[0].required);
	ck_assert_str_eq(r->inputs[0].description, "the TFTP nodes' ITLs");
	ck_assert_int_eq(r->inputs[2].type, IK_RTYPE_SECRET_FILE);
	ck_assert(r->inputs[2].secret);
	ck_assert(!r->inputs[1].secret);
	ck_assert_str_eq(json_string_value(r->inputs[3].def), "out");
	ck_assert_str_eq(r->inputs[4].pattern, "[a-z][a-z0-9-]*");
	ck_assert_str_eq(json_string_value(r->inputs[4].def), "cucm-pub");
	ck_assert_int_eq(json_integer_value(r->inputs[5].def), 30);
	ck_assert(json_is_true(r->inputs[6].def));
	ck_assert_ptr_eq(ik_recipe_input_find(r, "days"), &r->inputs[5]);

	ck_assert_uint_eq(r->nsteps, 4);
	s = &r->steps[0];
	ck_assert_str_eq(s->id, "key");
	ck_assert_int_eq(s->kind, IK_STEP_RUN);
	ck_assert_ptr_eq(s->job, &fake_check);
	ck_assert_uint_eq(s->nargs, 3);
	a = &s->args[0];
	ck_assert_str_eq(a->name, "files");
	ck_assert_int_eq(a->value.kind, IK_VAL_LIST);
	ck_assert_uint_eq(a->value.n, 2);
	ck_assert_int_eq(a->value.items[0].kind, IK_VAL_REF);
	ck_assert_str_eq(a->value.items[0].ref->text, "inputs.p12");
	ck_assert_uint_eq(a->value.items[0].ref->target, 1);
	ck_assert_int_eq(a->value.items[1].kind, IK_VAL_LITERAL);
	ck_assert_str_eq(json_string_value(a->value.items[1].literal),
	    "extra.p12");
	ck_assert_int_eq(s->args[2].value.kind, IK_VAL_REF);
	ck_assert_uint_eq(s->nexpect, 2);
	ck_assert_str_eq(s->expect[1].text,
	    "${steps.key.certificate.days_left} > ${inputs.days}");
	ck_assert_uint_eq(s->expect[1].pos.line, 18);
	ck_assert_uint_eq(s->expect[1].pos.col, 14);
	ck_assert(!s->on_fail_continue);
	ck_assert_ptr_null(s->when);

	s = &r->steps[1];
	ck_assert_uint_eq(s->nargs, 5);
	ck_assert_int_eq(s->args[0].value.kind, IK_VAL_REF);
	ck_assert_uint_eq(s->args[0].value.ref->npath, 1);
	ck_assert_ptr_null(s->args[0].value.ref->path[0].key);
	ck_assert_uint_eq(s->args[0].value.ref->path[0].index, 0);
	ck_assert(s->args[1].secret);
	ck_assert(!s->args[0].secret);
	ck_assert_int_eq(s->args[2].value.kind, IK_VAL_TEXT);
	ck_assert_uint_eq(s->args[2].value.text.n, 2);
	ck_assert_str_eq(s->args[2].value.text.v[1].lit, "/reset");
	ck_assert_int_eq(s->args[3].value.kind, IK_VAL_LITERAL);
	ck_assert_int_eq(json_integer_value(s->args[3].value.literal), 2);
	ck_assert_int_eq(s->args[4].value.kind, IK_VAL_MAP);
	ck_assert_str_eq(s->args[4].value.keys[1], "from");
	ck_assert(s->on_fail_continue);

	s = &r->steps[2];
	ck_assert_int_eq(s->kind, IK_STEP_MANUAL);
	ck_assert_ptr_null(s->job);
	ck_assert_uint_eq(s->manual.n, 3);
	ck_assert_str_eq(s->manual.v[0].lit, "On ");
	ck_assert_str_eq(s->manual.v[1].ref->name, "host");
	ck_assert_uint_eq(s->manual.v[1].ref->pos.line, 30);
	ck_assert_uint_eq(s->manual.v[1].ref->pos.col, 10);
	ck_assert_str_eq(s->manual.v[2].lit,
	    ", reset the ITL with the recovery key.\n");
	ck_assert_uint_eq(s->cli.n, 2);
	ck_assert_uint_eq(s->confirm.n, 1);
	ck_assert(!ik_recipe_text_secret(&s->cli));
	ck_assert_int_eq(s->paste, IK_PASTE_NONE);

	s = ik_recipe_step_find(r, "show-itl-after-reset");
	ck_assert_ptr_eq(s, &r->steps[3]);
	ck_assert_int_eq(s->paste, IK_PASTE_SHOW_ITL);
	ck_assert_str_eq(ik_recipe_paste_name(s->paste), "show-itl");
	ck_assert_ptr_nonnull(s->when);
	ck_assert_uint_eq(s->nexpect, 2);
	ck_assert_uint_eq(s->advice.n, 3);
	ck_assert_ptr_null(ik_recipe_step_find(r, "nope"));
	{
		size_t v[4];

		/* show-itl-after-reset uses "predicted" (when, expect) and
		 * itself (expect: not a need). */
		ck_assert_uint_eq(ik_recipe_step_needs(r, s, v, 4), 1);
		ck_assert_uint_eq(v[0], 1);
		ck_assert_uint_eq(ik_recipe_step_needs(r, &r->steps[1], v, 4),
		    1);
		ck_assert_uint_eq(v[0], 0);
		ck_assert_uint_eq(ik_recipe_step_needs(r, &r->steps[0], v, 4),
		    0);
	}
	ik_recipe_free(r);
}
END_TEST

/* References filled in from the runner's values, placeholders for a
 * dry run, absent optional values. */
START_TEST(values_filled_in)
{
	ik_recipe_lookup lk;
	json_t *scope, *args;
	ik_recipe *r;
	ik_error err;
	char *s;
	bool ok;
	ik_recipe_diag d;
	ik_sb sb;

	r = load_good();
	scope = json_loads("{\"inputs\": {\"itl\": [\"a.tlv\", \"b.tlv\"],"
	    "\"p12\": \"k.p12\", \"p12_password\": \"pw.txt\", \"out\": \"/o\","
	    "\"host\": \"pub\", \"days\": 30, \"deep\": true},"
	    "\"steps\": {\"key\": {\"status\": \"ok\", \"password\": \"matched\","
	    "\"certificate\": {\"days_left\": 40}}}}", 0, NULL);
	ck_assert_ptr_nonnull(scope);
	ik_error_clear(&err);

	lk = ik_recipe_step_args(&r->steps[0], ik_recipe_resolve_json, scope,
	    false, &args, &err);
	ck_assert_int_eq(lk, IK_LOOKUP_FOUND);
	s = json_dumps(args, JSON_COMPACT);
	ck_assert_str_eq(s, "{\"files\":[\"k.p12\",\"extra.p12\"],"
	    "\"itl\":[\"a.tlv\",\"b.tlv\"],\"deep\":true}");
	free(s);
	json_decref(args);

	lk = ik_recipe_step_args(&r->steps[1], ik_recipe_resolve_json, scope,
	    false, &args, &err);
	ck_assert_int_eq(lk, IK_LOOKUP_FOUND);
	s = json_dumps(args, JSON_COMPACT);
	ck_assert_str_eq(s, "{\"input\":\"a.tlv\",\"password_file\":\"pw.txt\","
	    "\"out_dir\":\"/o/reset\",\"keep\":2,"
	    "\"options\":{\"mode\":\"fast\",\"from\":\"matched\"}}");
	free(s);
	json_decref(args);

	ck_assert_int_eq(ik_recipe_expr_eval(r->steps[0].expect[0].expr,
	    ik_recipe_resolve_json, scope, &ok, &d), IK_LOOKUP_FOUND);
	ck_assert(ok);
	ck_assert_int_eq(ik_recipe_expr_eval(r->steps[0].expect[1].expr,
	    ik_recipe_resolve_json, scope, &ok, &d), IK_LOOKUP_FOUND);
	ck_assert(ok);
	/* "predicted" has not run: the condition waits. */
	ck_assert_int_eq(ik_recipe_expr_eval(r->steps[3].when->expr,
	    ik_recipe_resolve_json, scope, &ok, &d), IK_LOOKUP_PENDING);
	ck_assert_uint_eq(d.pos.line, 36);
	ck_assert_uint_eq(d.pos.col, 16);
	ck_assert_str_eq(d.msg, "${steps.predicted.records}: not known yet");

	ik_sb_init(&sb);
	ck_assert_int_eq(ik_recipe_text_expand(&r->steps[2].manual,
	    ik_recipe_resolve_json, scope, false, &sb, &err), IK_LOOKUP_FOUND);
	ck_assert_str_eq(sb.s, "On pub, reset the ITL with the recovery key.\n");
	ik_sb_reset(&sb);
	ck_assert_int_eq(ik_recipe_text_expand(&r->steps[3].advice,
	    ik_recipe_resolve_json, scope, false, &sb, &err), IK_LOOKUP_FOUND);
	ck_assert_str_eq(sb.s, "Still not signed by ITLRecovery; reset again on "
	    "pub.");
	ik_sb_free(&sb);

	/* A dry run: results not known yet are shown as such. */
	json_object_del(scope, "steps");
	ck_assert_int_eq(ik_recipe_step_args(&r->steps[1],
	    ik_recipe_resolve_json, scope, false, &args, &err),
	    IK_LOOKUP_PENDING);
	ck_assert_int_eq(ik_recipe_step_args(&r->steps[1],
	    ik_recipe_resolve_json, scope, true, &args, &err), IK_LOOKUP_FOUND);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(args,
	    "options"), "from")), "(from step key)");
	json_decref(args);

	/* An optional input not given: its argument is left out, and a
	 * text that needs it cannot be made. */
	json_object_del(json_object_get(scope, "inputs"), "deep");
	json_object_del(json_object_get(scope, "inputs"), "out");
	ck_assert_int_eq(ik_recipe_step_args(&r->steps[0],
	    ik_recipe_resolve_json, scope, false, &args, &err), IK_LOOKUP_FOUND);
	ck_assert_ptr_null(json_object_get(args, "deep"));
	json_decref(args);
	ck_assert_int_eq(ik_recipe_step_args(&r->steps[1],
	    ik_recipe_resolve_json, scope, true, &args, &err), IK_LOOKUP_ABSENT);
	ck_assert_str_eq(err.msg, "${inputs.out}: no value");
	json_decref(scope);
	ik_recipe_free(r);
}
END_TEST

START_TEST(input_values)
{
	const ik_recipe_input *in;
	ik_recipe *r;
	ik_error err;
	json_t *v;

	r = load_good();
	ik_error_clear(&err);
	in = ik_recipe_input_find(r, "host");
	ck_assert_int_eq(ik_recipe_input_value(in, "pub-1", &v, &err), IK_OK);
	ck_assert_str_eq(json_string_value(v), "pub-1");
	json_decref(v);
	ck_assert(ik_recipe_input_matches(in, "a"));
	ck_assert(!ik_recipe_input_matches(in, "pub;reboot"));
	ck_assert(!ik_recipe_input_matches(in, "1pub"));
	ck_assert_int_eq(ik_recipe_input_value(in, "pub 1", &v, &err),
	    IK_FAILED);
	ck_assert_str_eq(err.msg, "input \"host\": the value does not match "
	    "the pattern [a-z][a-z0-9-]*");
	in = ik_recipe_input_find(r, "days");
	ck_assert_int_eq(ik_recipe_input_value(in, "-7", &v, &err), IK_OK);
	ck_assert_int_eq(json_integer_value(v), -7);
	json_decref(v);
	ck_assert_int_eq(ik_recipe_input_value(in, "0x10", &v, &err),
	    IK_FAILED);
	in = ik_recipe_input_find(r, "deep");
	ck_assert_int_eq(ik_recipe_input_value(in, "yes", &v, &err), IK_FAILED);
	ck_assert_str_eq(err.msg, "input \"deep\": expected true or false");
	ck_assert_int_eq(ik_recipe_input_value(in, "false", &v, &err), IK_OK);
	ck_assert(json_is_false(v));
	json_decref(v);
	in = ik_recipe_input_find(r, "itl");
	ck_assert_int_eq(ik_recipe_input_value(in, "a.tlv", &v, &err), IK_OK);
	ck_assert_uint_eq(json_array_size(v), 1);
	json_decref(v);
	ik_recipe_free(r);
}
END_TEST

START_TEST(vars_and_inputs)
{
	static const char vars[] = "itl: [a.tlv, b.tlv]\np12: k.p12\n"
	    "p12_password: pw.txt\nhost: pub\ndays: 7\ndeep: false\n";
	static const char bad_vars[] = "itl: a.tlv\nhots: x\ndays: ten\n"
	    "host: \"Pub 1\"\ndeep: yes\n";
	ik_recipe_diags d;
	json_t *given, *in;
	ik_recipe *r;
	ik_error err;
	char *s;

	r = load_good();
	ik_recipe_diags_init(&d);
	ck_assert_int_eq(ik_recipe_vars_load(r, (const uint8_t *)vars,
	    strlen(vars), &given, &d), IK_OK);
	ck_assert_uint_eq(d.n, 0);
	ik_error_clear(&err);
	ck_assert_int_eq(ik_recipe_inputs(r, given, &in, &err), IK_OK);
	s = json_dumps(in, JSON_COMPACT);
	ck_assert_str_eq(s, "{\"itl\":[\"a.tlv\",\"b.tlv\"],\"p12\":\"k.p12\","
	    "\"p12_password\":\"pw.txt\",\"out\":\"out\",\"host\":\"pub\","
	    "\"days\":7,\"deep\":false}");
	free(s);
	json_decref(in);

	/* Required, typed, known. */
	json_object_del(given, "itl");
	ck_assert_int_eq(ik_recipe_inputs(r, given, &in, &err), IK_FAILED);
	ck_assert_str_eq(err.msg, "input \"itl\" is required (the TFTP nodes' "
	    "ITLs)");
	json_object_set_new(given, "itl", json_pack("[s]", "a.tlv"));
	json_object_set_new(given, "days", json_string("7"));
	ck_assert_int_eq(ik_recipe_inputs(r, given, &in, &err), IK_FAILED);
	ck_assert_str_eq(err.msg, "input \"days\": expected int");
	json_object_set_new(given, "days", json_integer(7));
	json_object_set_new(given, "host", json_string("pub;reload"));
	ck_assert_int_eq(ik_recipe_inputs(r, given, &in, &err), IK_FAILED);
	ck_assert_str_eq(err.msg, "input \"host\": expected string matching its "
	    "pattern");
	json_object_del(given, "host");
	json_object_set_new(given, "hots", json_string("x"));
	ck_assert_int_eq(ik_recipe_inputs(r, given, &in, &err), IK_FAILED);
	ck_assert_str_eq(err.msg, "unknown input \"hots\" (did you mean "
	    "\"host\"?)");
	json_decref(given);

	/* A vars file: the same strict YAML, every error with its place. */
	ck_assert_int_eq(ik_recipe_vars_load(r, (const uint8_t *)bad_vars,
	    strlen(bad_vars), &given, &d), IK_FAILED);
	ck_assert_ptr_null(given);
	ck_assert_uint_eq(d.n, 4);
	ck_assert_str_eq(d.v[0].msg, "unknown input \"hots\" (did you mean "
	    "\"host\"?)");
	ck_assert_uint_eq(d.v[0].pos.line, 2);
	ck_assert_str_eq(d.v[1].msg, "days: expected an integer, not \"ten\"");
	ck_assert_uint_eq(d.v[1].pos.col, 7);
	ck_assert_str_eq(d.v[2].msg, "host \"Pub 1\" does not match the "
	    "pattern");
	ck_assert_str_eq(d.v[3].msg, "deep: expected true or false, not "
	    "\"yes\"");
	ik_recipe_diags_free(&d);
	ik_recipe_free(r);
}
END_TEST

/* ---- errors as printed ------------------------------------------------ */

static void
render(const char *text, char *out, size_t size)
{
	ik_recipe_diags d;
	ik_recipe *r;
	ik_sb sb;

	ik_recipe_diags_init(&d);
	ck_assert_int_eq(ik_recipe_load((const uint8_t *)text, strlen(text),
	    jobs, 3, &r, &d), IK_FAILED);
	ik_sb_init(&sb);
	ik_recipe_diags_render(&sb, &d, "r.yaml", (const uint8_t *)text,
	    strlen(text));
	snprintf(out, size, "%s", sb.s != NULL ? sb.s : "");
	ik_sb_free(&sb);
	ik_recipe_diags_free(&d);
}

START_TEST(errors_rendered)
{
	char out[4096];
	static char big[IK_RECIPE_MAX_BYTES + 2];

	render("recipe: t\nversion: 1\nstpes: []\n", out, sizeof(out));
	ck_assert_str_eq(out,
	    "r.yaml:1:1: missing key \"steps\": the list of steps\n"
	    "  recipe: t\n"
	    "  ^\n"
	    "r.yaml:3:1: unknown key \"stpes\" (did you mean \"steps\"?)\n"
	    "  stpes: []\n"
	    "  ^\n");
	/* The caret stays under the character as the line is shown, a
	 * tab escaped before it; CRLF line ends are not shown. */
	render("recipe: t\r\nversion: 1\r\n"
	    "steps: [{id: a,\tmanual: x, wiht: 1}]\r\n", out, sizeof(out));
	ck_assert_str_eq(out,
	    "r.yaml:3:28: unknown key \"wiht\" in a step (did you mean "
	    "\"with\"?)\n"
	    "  steps: [{id: a,\\x09manual: x, wiht: 1}]\n"
	    "                                ^\n");
	/* A hostile key is shown printable, in the message and the line. */
	render("recipe: t\nversion: 1\nsteps: [{id: a, manual: x}]\n"
	    "\"\\e[2J\": 1\n", out, sizeof(out));
	ck_assert_ptr_null(strchr(out, 0x1b));
	ck_assert_ptr_nonnull(strstr(out, "4:1: unknown key \"\\x1b[2J\"\n"));
	/* Columns count characters, not bytes. */
	render("recipe: t\nversion: 1\ndescription: é\nstep: []\n", out,
	    sizeof(out));
	ck_assert_ptr_nonnull(strstr(out, "r.yaml:4:1: unknown key \"step\""));
	render("recipe: t\nversion: 1\nsteps: [{id: é, manual: x}]\n", out,
	    sizeof(out));
	ck_assert_str_eq(out, "r.yaml:3:14: step id \"é\": use a-z, 0-9 and -\n"
	    "  steps: [{id: é, manual: x}]\n"
	    "               ^\n");
	/* Too large: refused as a whole. */
	memset(big, ' ', sizeof(big) - 1);
	render(big, out, sizeof(out));
	ck_assert_str_eq(out, "r.yaml: larger than 1048576 bytes: not a "
	    "recipe\n");
}
END_TEST

START_TEST(errors_bounded)
{
	ik_recipe_diags d;
	ik_recipe *r;
	ik_sb sb, text;
	int i;

	/* 150 unknown keys: 100 listed, the rest counted. */
	ik_sb_init(&text);
	ik_sb_puts(&text, "recipe: t\nversion: 1\nsteps: [{id: a, manual: x}]\n");
	for (i = 0; i < 150; i++)
		ik_sb_printf(&text, "k%d: 1\n", i);
	ik_recipe_diags_init(&d);
	ck_assert_int_eq(ik_recipe_load((const uint8_t *)text.s, text.len, jobs,
	    3, &r, &d), IK_FAILED);
	ck_assert_uint_eq(d.n, IK_RECIPE_MAX_DIAGS);
	ck_assert_uint_eq(d.dropped, 50);
	ik_sb_init(&sb);
	ik_recipe_diags_render(&sb, &d, "r.yaml", (const uint8_t *)text.s,
	    text.len);
	ck_assert_ptr_nonnull(strstr(sb.s, "\nr.yaml: 50 more errors not "
	    "shown\n"));
	ik_sb_free(&sb);
	ik_sb_free(&text);
	ik_recipe_diags_free(&d);
}
END_TEST

/* 200 steps, each a run step with references and a condition: valid,
 * and validated quickly (the bench script gives the figure). */
START_TEST(two_hundred_steps)
{
	struct timespec t0, t1;
	ik_recipe_diags d;
	ik_recipe *r;
	ik_sb text;
	double ms;
	int i;

	ik_sb_init(&text);
	ik_sb_puts(&text, "recipe: big\nversion: 1\ninputs:\n"
	    "  itl: {type: paths, required: true}\nsteps:\n");
	for (i = 0; i < 200; i++) {
		ik_sb_printf(&text, "  - id: s%d\n    run: fake.sign\n"
		    "    with: {input: \"${inputs.itl[0]}\", out_dir: \"o/%d\"}\n",
		    i, i);
		if (i > 0)
			ik_sb_printf(&text, "    expect: [\"${steps.s%d.records} "
			    "== ${steps.s%d.records}\"]\n", i, i - 1);
	}
	ik_recipe_diags_init(&d);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(ik_recipe_load((const uint8_t *)text.s, text.len, jobs,
	    3, &r, &d), IK_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	ck_assert_uint_eq(r->nsteps, 200);
	ck_assert_uint_eq(d.n, 0);
	/* Generous: sanitizers and valgrind are slow; quadratic is not. */
	ck_assert_msg(ms < 1000, "200 steps took %.1f ms", ms);
	ik_recipe_free(r);
	ik_recipe_diags_free(&d);
	ik_sb_free(&text);
}
END_TEST

/* ---- conditions ------------------------------------------------------- */

static const struct expr_case {
	const char *expr;
	const char *want;	/* true, false, or "STATUS L:C: message" */
} exprs[] = {
	{ "1 == 1", "true" },
	{ "1 == 1.0", "true" },
	{ "'a' == \"a\"", "true" },
	{ "'a' != 'b'", "true" },
	{ "2 < 10", "true" },
	{ "'10' < '9'", "true" },
	{ "-1 < 0", "true" },
	{ "${inputs.n} >= 3", "true" },
	{ "${inputs.n} > 3", "false" },
	{ "${inputs.r} > 2", "true" },
	{ "${steps.a.status} == 'ok' and ${steps.a.count} == 2", "true" },
	{ "${steps.a.flag} or ${inputs.b}", "true" },
	{ "not ${steps.a.flag}", "true" },
	{ "not not true", "true" },
	{ "'x' in ${inputs.l}", "true" },
	{ "'z' in ${inputs.l}", "false" },
	{ "${inputs.l} contains 'y'", "true" },
	{ "${inputs.s} contains 'bc'", "true" },
	{ "${inputs.s} contains 'cb'", "false" },
	{ "2 in ${steps.a.list}", "true" },
	{ "'2' in ${steps.a.list}", "false" },
	{ "[1, 2] == [1, 2.0]", "true" },
	{ "[1, 'a'] == [1, 'b']", "false" },
	{ "${steps.a.signer} == ${steps.a.signer}", "true" },
	{ "${steps.a.signer.serial} == '61:40'", "true" },
	{ "${steps.a.list[2]} == 3", "true" },
	{ "${inputs.l[1]} == 'y'", "true" },
	{ "${steps.a.none} == 'x'", "false" },
	{ "${steps.a.none} != 'x'", "true" },
	{ "(true)", "true" },
	{ "(1 < 2) and (2 < 3) and not (3 < 2)", "true" },
	{ "false or false or true", "true" },
	{ "false and ${steps.b.x}", "false" },
	{ "'it\\'s' == \"it's\"", "true" },
	{ "${steps.a.count} == 'x'",
	    "error 1:18: \"==\" compares a number with a string" },
	{ "'a' < 1", "error 1:5: \"<\" compares a string with a number" },
	{ "${steps.a.list} < 1",
	    "error 1:1: \"<\" compares numbers or strings, not a list" },
	{ "'a' in 'abc'", "error 1:8: \"in\" needs a list on its right, not a "
	    "string" },
	{ "${inputs.s}", "error 1:1: a condition must give a boolean, not a "
	    "string" },
	{ "not 'x'", "error 1:5: \"not\" needs a boolean, not a string" },
	{ "true and 1", "error 1:10: \"and\" needs a boolean on each side, not "
	    "a number" },
	{ "1 contains 1", "error 1:1: \"contains\" needs a list or a string on "
	    "its left, not a number" },
	{ "'abc' contains 1", "error 1:16: \"contains\" looks for a string in a "
	    "string, not a number" },
	{ "'é' == 1", "error 1:5: \"==\" compares a string with a number" },
	{ "${steps.a.missing} == 1", "absent 1:1: ${steps.a.missing}: no value" },
	{ "${steps.b.status} == 'ok'",
	    "pending 1:1: ${steps.b.status}: not known yet" },
	{ "", "syntax 1:1: empty condition" },
	{ "1 ==", "syntax 1:5: expected a value, not the end" },
	{ "(1 == 1", "syntax 1:1: \"(\" is not closed" },
	{ "[1, 2", "syntax 1:1: \"[\" is not closed" },
	{ "[1 2]", "syntax 1:4: expected \",\" or \"]\", not \"2\"" },
	{ "'abc", "syntax 1:1: unterminated string" },
	{ "1 = 1", "syntax 1:3: \"=\" is not an operator: compare with ==" },
	{ "a == 1", "syntax 1:1: unknown word \"a\": quote strings ('a')" },
	{ "True", "syntax 1:1: \"True\" is not a boolean: write true or false" },
	{ "1 && 1", "syntax 1:3: \"&\" is not an operator: use and" },
	{ "1 ! 1", "syntax 1:3: \"!\" is not an operator: use not" },
	{ "1 == 1 2", "syntax 1:8: expected an operator or the end, not \"2\"" },
	{ "'a\\n'", "syntax 1:3: unknown escape \"\\\\n\" in a string (only \\\\, "
	    "\\' and \\\")" },
	{ "1. == 1", "syntax 1:1: bad number: digits after \".\"" },
	{ "99999999999999999999 > 1", "syntax 1:1: number out of range" },
	{ "${inputs.} == 1", "syntax 1:1: bad reference \"${inputs.}\": "
	    "expected ${inputs.NAME}" },
	{ "${steps.a.b[1234567890]} == 1", "syntax 1:1: bad reference "
	    "\"${steps.a.b[1234567890]}\": expected an index such as [0]" },
	{ "${bad} == 1", "syntax 1:1: bad reference \"${bad}\": it starts with "
	    "inputs. or steps." },
	{ "${steps.a.x == 1", "syntax 1:1: unterminated reference: \"${\" "
	    "without \"}\"" },
	{ "1 == $x", "syntax 1:6: unexpected \"$\": a reference is "
	    "${inputs.NAME} or ${steps.ID.FIELD}" },
	{ "1 == é", "syntax 1:6: unexpected character" },
	{ "1 == 1 ; 2", "syntax 1:8: unexpected character \";\"" },
	{ "1 < 2 < 3", "syntax 1:7: comparisons do not chain: join them with and" },
	{ "(((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))",
	    "syntax 1:33: nested deeper than 32 levels" },
	{ "((((((((((((((((((((((((((((((((true))))))))))))))))))))))))))))))))",
	    "true" },
};

START_TEST(conditions)
{
	static const char *const names[] = { "found", "absent", "pending",
	    "error" };
	const struct expr_case *c = &exprs[_i];
	ik_recipe_lookup lk;
	ik_recipe_expr *e;
	ik_recipe_diag d;
	json_t *scope;
	char got[700];
	bool ok;

	scope = json_loads("{\"inputs\": {\"n\": 3, \"s\": \"abc\", \"l\": "
	    "[\"x\", \"y\"], \"b\": true, \"r\": 2.5}, \"steps\": {\"a\": "
	    "{\"status\": \"ok\", \"count\": 2, \"signer\": {\"serial\": "
	    "\"61:40\"}, \"list\": [1, 2, 3], \"none\": null, \"flag\": false}}}",
	    0, NULL);
	ck_assert_ptr_nonnull(scope);
	if (ik_recipe_expr_parse(c->expr, strlen(c->expr), &e, &d) != IK_OK) {
		ck_assert_ptr_null(e);
		snprintf(got, sizeof(got), "syntax %u:%u: %s", d.pos.line,
		    d.pos.col, d.msg);
	} else {
		lk = ik_recipe_expr_eval(e, ik_recipe_resolve_json, scope, &ok,
		    &d);
		if (lk == IK_LOOKUP_FOUND)
			snprintf(got, sizeof(got), "%s", ok ? "true" : "false");
		else
			snprintf(got, sizeof(got), "%s %u:%u: %s", names[lk],
			    d.pos.line, d.pos.col, d.msg);
		ik_recipe_expr_free(e);
	}
	json_decref(scope);
	if (strcmp(got, c->want) != 0)
		ck_abort_msg("%s:\n got: %s\nwant: %s", c->expr, got, c->want);
}
END_TEST

START_TEST(condition_refs)
{
	const ik_recipe_ref *v[4];
	ik_recipe_expr *e;
	ik_recipe_diag d;
	const char *t = "${steps.a.x} == 1 and ${inputs.y[2]} in [${steps.b.c}]";

	ck_assert_int_eq(ik_recipe_expr_parse(t, strlen(t), &e, &d), IK_OK);
	ck_assert_uint_eq(ik_recipe_expr_refs(e, v, 4), 3);
	ck_assert_str_eq(v[0]->text, "steps.a.x");
	ck_assert(!v[1]->step);
	ck_assert_str_eq(v[1]->name, "y");
	ck_assert_uint_eq(v[1]->path[0].index, 2);
	ck_assert_uint_eq(v[1]->pos.col, 23);
	ck_assert_str_eq(v[2]->name, "b");
	ck_assert_uint_eq(ik_recipe_expr_refs(e, v, 1), 3);
	ik_recipe_expr_free(e);
}
END_TEST

Suite *suite_recipe(void);

Suite *
suite_recipe(void)
{
	Suite *s = suite_create("recipe");
	TCase *tc = tcase_create("core");

	/* Refused patterns are sized before regcomp; slow under ASan and load. */
	tcase_set_timeout(tc, 60);

	setup_jobs();
	tcase_add_loop_test(tc, invalid_recipes, 0,
	    (int)(sizeof(bad) / sizeof(bad[0])));
	tcase_add_test(tc, valid_model);
	tcase_add_test(tc, values_filled_in);
	tcase_add_test(tc, input_values);
	tcase_add_test(tc, vars_and_inputs);
	tcase_add_test(tc, errors_rendered);
	tcase_add_test(tc, errors_bounded);
	tcase_add_test(tc, two_hundred_steps);
	tcase_add_loop_test(tc, conditions, 0,
	    (int)(sizeof(exprs) / sizeof(exprs[0])));
	tcase_add_test(tc, condition_refs);
	suite_add_tcase(s, tc);
	return s;
}
