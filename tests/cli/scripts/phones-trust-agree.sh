#!/bin/sh
# One trust engine for every tool: for every pair of the cluster fixtures
# (a phone holding HELD while its node serves CUR), itl-phones and itl-trust
# given the same two files agree: itl-trust accept <=> itl-phones
# stale-recoverable by the same path with no remedy; otherwise
# stale-recoverable only through resign-itl-recovery, else
# stale-depends by the same path when itl-trust says depends, else
# stale-unrecoverable.  Runs in tests/data with WORK a scratch dir.
set -eu
. "$(dirname "$0")/../lib/expect.sh"
W=$WORK/agree
mkdir -p "$W"
# field NAME: the value of "NAME" in the first JSON object of $W/out.
field() {
	head -1 "$W/out" | grep -o "\"$1\":\(\"[^\"]*\"\|null\)" | head -1 |
		sed 's/^[^:]*://; s/"//g'
}
n=0 accepted=0 depends=0
for held in cluster/*.tlv; do
	for cur in cluster/*.tlv; do
		[ "$held" = "$cur" ] && continue
		sha=$(sha1sum "$held" | cut -c1-40)
		[ "$sha" = "$(sha1sum "$cur" | cut -c1-40)" ] && continue
		printf '%s\n' "x : %UC_CALLMANAGER-6-DeviceTLInfo: %[DeviceName=SEP00000000AB01][IPv4Address=10.0.0.1][ITL_Signature=$sha][ITL_TFTP_Server=node]: Device trust list information" \
			> "$W/ev.log"
		set +e
		itl-trust --json --installed "$held" --candidate "$cur" > "$W/out" 2>&1
		set -e
		verdict=$(field verdict)
		tpath=$(field path)
		set +e
		itl-phones --json --itl "node=$cur" --history "$held" "$W/ev.log" > "$W/out" 2>&1
		set -e
		status=$(field status)
		ppath=$(field path)
		remedy=$(field remedy)
		case "$verdict" in
		accept)
			accepted=$((accepted + 1))
			[ "$status/$ppath/$remedy" = "stale-recoverable/$tpath/null" ] ||
				fail "$held -> $cur: itl-trust accept ($tpath), itl-phones $status/$ppath/$remedy" ;;
		depends)
			depends=$((depends + 1))
			case "$status/$ppath/$remedy" in
			stale-recoverable/itl-recovery/resign-itl-recovery) ;;
			"stale-depends/$tpath/"*) ;;
			*) fail "$held -> $cur: itl-trust depends ($tpath), itl-phones $status/$ppath/$remedy" ;;
			esac ;;
		*)
			case "$status/$remedy" in
			stale-recoverable/resign-itl-recovery|stale-unrecoverable/*) ;;
			*) fail "$held -> $cur: itl-trust $verdict, itl-phones $status/$remedy" ;;
			esac ;;
		esac
		n=$((n + 1))
	done
done
[ "$n" -gt 40 ] || fail "only $n pairs compared"
[ "$accepted" -gt 10 ] || fail "only $accepted pairs accepted"
[ "$depends" -gt 0 ] || fail "no pair gave depends"
exit 0
