#!/bin/sh
# CLI golden tests.  Usage: tests/cli/run.sh BIN_DIR
#
# A case is data: tests/cli/cases/NAME.cmd holds one shell command line run
# in tests/data with the tools first on PATH; NAME.out is the expected
# standard output (compared exactly), NAME.rc the expected exit status
# (default 0), NAME.err, when present, a fixed string standard error must
# contain.  tests/cli/scripts/*.sh are scripted checks (round trips with
# openssl and the like) that exit 0 on success.
#
# VALGRIND=1 runs every tool under valgrind; any error or leak fails.
# SANITIZER=1 (make check SANITIZE=1) runs the ASan/UBSan build with leak
# detection and a distinct exit status; any sanitizer report fails the
# case, whatever its expected status (a malformed input exits 1, and so
# would a leak under ASan's default exitcode).
# UPDATE=1 rewrites the .out files of the cases that pass every other
# check, printing the diff of each one it changes (review it before
# committing); a case whose exit status is wrong is not rewritten.
set -u
bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
data=$(cd "$here/../data" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
# Test programs (job-run) sit beside the tools' directory: ../tests/bin.
test_bin=
[ -d "$bin/../tests/bin" ] && test_bin=$(cd "$bin/../tests/bin" && pwd)
path_bin=$bin${test_bin:+:$test_bin}
if [ "${VALGRIND:-}" = 1 ]; then
	mkdir -p "$work/vg"
	for t in "$bin"/* ${test_bin:+"$test_bin"/*}; do
		n=$(basename "$t")
		cat > "$work/vg/$n" <<EOS
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \
  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
  --track-fds=no "$t" "\$@"
EOS
		chmod +x "$work/vg/$n"
	done
	path_bin=$work/vg
fi
if [ "${SANITIZER:-}" = 1 ]; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1:exitcode=86"
	UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"
	export ASAN_OPTIONS UBSAN_OPTIONS
fi
pass=0
fail=0
failed=""
for cmd in "$here"/cases/*.cmd; do
	[ -e "$cmd" ] || continue
	name=$(basename "$cmd" .cmd)
	want_rc=0
	[ -f "$here/cases/$name.rc" ] && want_rc=$(cat "$here/cases/$name.rc")
	(cd "$data" && PATH="$path_bin:$PATH" TZ=UTC LC_ALL=C WORK="$work" sh -c "$(cat "$cmd")") \
		> "$work/out" 2> "$work/err" < /dev/null
	rc=$?
	ok=1
	if [ "$rc" != "$want_rc" ]; then
		echo "FAIL $name: exit $rc, expected $want_rc"; ok=0
	fi
	if [ -f "$here/cases/$name.err" ]; then
		if ! grep -qF -- "$(cat "$here/cases/$name.err")" "$work/err"; then
			echo "FAIL $name: stderr lacks: $(cat "$here/cases/$name.err")"; ok=0
		fi
	fi
	if [ "${VALGRIND:-}" = 1 ] && grep -q "==[0-9]*==" "$work/err"; then
		echo "FAIL $name: valgrind reported:"; head -30 "$work/err"; ok=0
	fi
	if [ "${SANITIZER:-}" = 1 ] && grep -qE "ERROR: (Leak|Address)Sanitizer|runtime error:" "$work/err"; then
		echo "FAIL $name: sanitizer reported:"; grep -A12 -E "ERROR: |runtime error:" "$work/err" | head -30; ok=0
	fi
	# Standard output last: UPDATE=1 rewrites a golden only for a case
	# that passes every other check (a wrong exit status is a failure to
	# fix, not an output to record), and shows what it rewrites.
	golden=$here/cases/$name.out
	if [ "${UPDATE:-}" = 1 ]; then
		if [ $ok = 0 ]; then
			echo "FAIL $name: $name.out not rewritten"
		elif ! { [ -f "$golden" ] && cmp -s "$work/out" "$golden"; }; then
			echo "UPDATE $name.out:"
			if [ -f "$golden" ]; then
				diff -u "$golden" "$work/out"
			else
				diff -u /dev/null "$work/out"
			fi
			cp "$work/out" "$golden"
		fi
	elif [ -f "$golden" ] && ! cmp -s "$work/out" "$golden"; then
		echo "FAIL $name: stdout differs"; ok=0
		diff -u "$golden" "$work/out" | head -40
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed="$failed $name"
		sed 's/^/  stderr: /' "$work/err" | head -10
	fi
done
for script in "$here"/scripts/*.sh; do
	[ -e "$script" ] || continue
	name=$(basename "$script" .sh)
	if (cd "$data" && PATH="$path_bin:$PATH" TZ=UTC LC_ALL=C \
	    WORK="$work" DATA="$data" sh "$script") > "$work/out" 2>&1 < /dev/null; then
		pass=$((pass + 1))
	else
		echo "FAIL script $name:"; tail -30 "$work/out"
		fail=$((fail + 1)); failed="$failed $name"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
