#!/bin/sh
# Every finding code the sources emit is listed in docs/findings.md.
set -eu
root=$(cd "$DATA/../.." && pwd)
missing=0
for code in $(grep -rhoE 'IK_SEV_(INFO|WARNING|ERROR),[[:space:]]*"[A-Z][A-Z0-9_]+"' \
    "$root/libcore" "$root/tools" | grep -oE '"[A-Z][A-Z0-9_]+"' | tr -d '"' | sort -u); do
	if ! grep -q "\`$code\`" "$root/docs/findings.md"; then
		echo "finding code $code is not documented in docs/findings.md"
		missing=1
	fi
done
# Codes passed on a following line are matched by a second, looser pass.
for code in $(grep -rhoE '^[[:space:]]+"[A-Z][A-Z0-9]+(_[A-Z0-9]+)+", ' \
    "$root/libcore" "$root/tools" | grep -oE '"[A-Z][A-Z0-9_]+"' | tr -d '"' | sort -u); do
	if ! grep -q "\`$code\`" "$root/docs/findings.md"; then
		echo "finding code $code is not documented in docs/findings.md"
		missing=1
	fi
done
exit $missing
