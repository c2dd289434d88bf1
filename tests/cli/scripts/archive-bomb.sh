#!/bin/sh
# A decompression bomb costs a bounded run.  bomb.tgz (about 1 MB) holds
# a 1 GiB member of zeros: itl-show and p12-check refuse it as a bomb once
# it expands 100 times its size, from a file and from a pipe (where the
# ratio is of the bytes read so far, and the refusal comes at 64 MiB),
# within seconds and a maximum resident size far under what holding it
# would take (/usr/bin/time, Debian package time).  Under ASan the
# memory bound is wider; under valgrind, whose own memory would be
# counted, time and memory are not measured.
set -u
fail() { echo "FAIL: $*"; exit 1; }
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (Debian package time)"
. archive/mk.sh
d=$(ark_dir arch-bomb-rss) || exit 1
ark_bomb "$d" || fail "cannot build the bomb"
cd "$d" || exit 1
[ "$(wc -c < bomb.tgz)" -lt 2000000 ] || fail "the bomb is not small"
lim=32768
[ "${SANITIZER:-}" = 1 ] && lim=131072

# run LABEL COMMAND...: exit 1, the refusal said, bounded.
run() {
	label=$1
	shift
	start=$(date +%s)
	/usr/bin/time -f %M -o rss "$@" > out 2> err
	rc=$?
	end=$(date +%s)
	[ $rc = 1 ] || { cat err; fail "$label: exit $rc, expected 1"; }
	grep -q "refused as a decompression bomb" err ||
	    { cat err; fail "$label: no refusal"; }
	[ "${VALGRIND:-}" = 1 ] && return 0
	rss=$(tail -1 rss)
	[ "$rss" -lt $lim ] || fail "$label: max RSS $rss KiB, over $lim KiB"
	[ $((end - start)) -le 20 ] || fail "$label: $((end - start)) s"
	echo "$label: refused, max RSS $rss KiB, $((end - start)) s"
}
run "itl-show" itl-show --json bomb.tgz
grep -q '"member":"pub.tlv"' out || fail "itl-show: the ITL before the bomb is not shown"
run "p12-check" p12-check --json bomb.tgz
run "itl-show from a pipe" sh -c 'cat bomb.tgz | itl-show -'
grep -q "expands more than 100 times (6[0-9]\{7\} bytes from " err ||
    { cat err; fail "pipe: not refused near 64 MiB"; }
echo ok
