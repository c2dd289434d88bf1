# Helpers for the per-job scripts (tests/cli/scripts/job-*.sh): a job run
# in-process by job-run must print what its tool prints.  Sourced; needs
# WORK; sets fail=1 on a mismatch.
#
# same RC MODE JOB ARGS_JSON TOOL TOOL_ARGS...
#   runs `job-run --tool TOOL [--text|--csv] JOB ARGS_JSON` and
#   `TOOL TOOL_ARGS...` (standard input from $IN, default /dev/null) and
#   checks that both exit RC and print the same bytes on standard output
#   and standard error.  MODE is json, text or csv.
same() {
	want=$1 mode=$2 job=$3 args=$4 tool=$5
	shift 5
	case $mode in
	json) flag= ;;
	*) flag=--$mode ;;
	esac
	job-run --tool "$tool" $flag "$job" "$args" < "${IN:-/dev/null}" \
	    > "$WORK/job.out" 2> "$WORK/job.err"
	jrc=$?
	"$tool" "$@" < "${IN:-/dev/null}" > "$WORK/tool.out" 2> "$WORK/tool.err"
	trc=$?
	if [ "$jrc" != "$want" ] || [ "$trc" != "$want" ]; then
		echo "$job $args ($mode): exit $jrc, $tool $*: exit $trc, expected $want"
		fail=1
	fi
	if ! cmp -s "$WORK/job.out" "$WORK/tool.out"; then
		echo "$job $args ($mode): output differs from $tool $*"
		diff "$WORK/tool.out" "$WORK/job.out" | head -5
		fail=1
	fi
	if ! cmp -s "$WORK/job.err" "$WORK/tool.err"; then
		echo "$job $args ($mode): messages differ from $tool $*"
		diff "$WORK/tool.err" "$WORK/job.err" | head -5
		fail=1
	fi
}

# refused JOB ARGS_JSON MESSAGE: the job refuses its arguments (exit 2)
# with MESSAGE on standard error.
refused() {
	job-run "$1" "$2" > "$WORK/job.out" 2> "$WORK/job.err"
	rc=$?
	if [ "$rc" != 2 ] || ! grep -qF -- "$3" "$WORK/job.err"; then
		echo "$1 $2: exit $rc, expected 2 and: $3"
		cat "$WORK/job.err"
		fail=1
	fi
}
