#!/bin/sh
# The demo case: what itlkit tells about the sample trust lists.
# Usage: samples/demo.sh BIN_DIR   (make demo)
set -u
bin=$(cd "$1" && pwd)
cd "$(dirname "$0")"
PATH="$bin:$PATH"
AT=2016-01-01T00:00:00Z

step() { printf '\n### %s\n$ %s\n' "$1" "$2"; }

step "A real CUCM CTL, judged as of $AT: valid signature, ITLRECOVERY record, 1024-bit keys" \
    "itl-show --at $AT cucm-tokenless-CTLFile.tlv | tail -16"
itl-show --at $AT cucm-tokenless-CTLFile.tlv | tail -16

step "The same file fuzzed: malformed, the offset named, exit 1" \
    "itl-show --at $AT cucm-CTLFile-corrupted.tlv | grep -- '^-- ' | head -6"
itl-show --at $AT cucm-CTLFile-corrupted.tlv > /tmp/itlkit-demo.$$
rc=$?
grep -- '^-- ' /tmp/itlkit-demo.$$ | head -6
echo "(exit status $rc: 1 expected)"

step "A batch as JSON Lines: one object per file, worst exit status" \
    "itl-show --json --at $AT *.tlv | cut -c1-160"
itl-show --json --at $AT *.tlv > /tmp/itlkit-demo.$$ 2>/dev/null
rc=$?
cut -c1-160 /tmp/itlkit-demo.$$
rm -f /tmp/itlkit-demo.$$
echo "(exit status $rc: 1 expected, the fuzzed file is malformed)"
exit 0
