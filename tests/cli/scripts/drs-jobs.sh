#!/bin/sh
# --jobs N reads components in parallel; the report must not depend on it.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
rc1=0; drs-verify --json --deep --no-progress --password-file drs/gen/cluster.pw drs/gen > "$WORK/j1" || rc1=$?
rc4=0; drs-verify --json --deep --no-progress --jobs 4 --password-file drs/gen/cluster.pw drs/gen > "$WORK/j4" || rc4=$?
[ $rc1 = 1 ] && [ $rc4 = 1 ] || fail "exit $rc1 / $rc4, expected 1"
cmp -s "$WORK/j1" "$WORK/j4" || { diff "$WORK/j1" "$WORK/j4" | head; fail "--jobs 4 changes the report"; }
[ "$(grep -c '"status":"ok"' "$WORK/j1")" = 10 ] || fail "ok sets"
echo ok
