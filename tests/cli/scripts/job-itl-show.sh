#!/bin/sh
# itl.show run in-process (job-run) prints byte for byte what itl-show
# --json prints, on binary lists, dumps, a multi-dump file, a malformed
# and an unreadable input; text mode too; exit statuses agree.
set -u
fail=0
at=2026-01-01T00:00:00Z
for f in cucm-tokenless-CTLFile.tlv cucm-CTLFile-corrupted.tlv \
    certutils-built-ITLFile.tlv $(ls dumps/* | head -6) no-such-file; do
	job-run --tool itl-show itl.show "{\"input\":\"$f\",\"at\":\"$at\"}" \
	    > "$WORK/job.json" 2> "$WORK/job.err"
	jrc=$?
	itl-show --json --at "$at" "$f" > "$WORK/tool.json" 2> "$WORK/tool.err"
	trc=$?
	if [ "$jrc" != "$trc" ] || ! cmp -s "$WORK/job.json" "$WORK/tool.json"; then
		echo "itl.show differs from itl-show --json on $f (exit $jrc vs $trc)"
		fail=1
	fi
	cmp -s "$WORK/job.err" "$WORK/tool.err" ||
		{ echo "itl.show messages differ on $f"; fail=1; }
	job-run --tool itl-show --text itl.show \
	    "{\"input\":\"$f\",\"at\":\"$at\",\"warn_days\":30,\"verify\":false}" \
	    > "$WORK/job.txt" 2>/dev/null
	itl-show --at "$at" --warn-days 30 --no-verify "$f" > "$WORK/tool.txt" 2>/dev/null
	cmp -s "$WORK/job.txt" "$WORK/tool.txt" ||
		{ echo "itl.show text differs from itl-show on $f"; fail=1; }
done
# The job refuses what the tool could never pass it.
job-run itl.show '{"input":"x","warn_days":-1}' 2> "$WORK/e" && fail=1
grep -q 'argument "warn_days": -1 is out of range 0..36500' "$WORK/e" ||
	{ echo "range not checked"; fail=1; }
job-run itl.show '{"file":"x"}' 2> "$WORK/e" && fail=1
grep -q 'unknown argument "file"' "$WORK/e" || { echo "unknown key accepted"; fail=1; }
job-run itl.show '{"verify":true}' 2> "$WORK/e" && fail=1
grep -q 'argument "input" is required' "$WORK/e" || { echo "required not checked"; fail=1; }
exit $fail
