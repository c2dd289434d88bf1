#!/bin/sh
# The demo case: a cluster whose phones stopped trusting it, worked through
# with itlkit on the files a customer would hand over (samples/ and
# samples/case/).  Usage: samples/demo.sh BIN_DIR   (make demo)
set -u
bin=$(cd "$1" && pwd)
cd "$(dirname "$0")"
PATH="$bin:$PATH"
# The publisher-rebuild case (samples/demo/), generated once when absent.
if [ ! -d demo ]; then
	echo "generating the demo case into samples/demo/ (samples/mkdemo.sh)"
	sh ./mkdemo.sh demo "$bin" || exit 2
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-demo.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

step() { printf '\n### %s\n$ %s\n' "$1" "$2"; }
# run CMD [FILTER]: the command's own exit status is shown, not the filter's.
run() {
	sh -c "$1" > "$out/o" 2>&1
	rc=$?
	if [ -n "${2:-}" ]; then sh -c "$2" < "$out/o"; else cat "$out/o"; fi
	echo "(exit status $rc)"
}

step "1. A real CUCM CTL: signature, records, the ITLRECOVERY record (judged as of 2016-01-01)" \
    "itl-show --at 2016-01-01T00:00:00Z cucm-tokenless-CTLFile.tlv | tail -14"
run "itl-show --at 2016-01-01T00:00:00Z cucm-tokenless-CTLFile.tlv" "tail -14"

step "2. The same file fuzzed: malformed, with the offset" \
    "itl-show cucm-CTLFile-corrupted.tlv | grep -- '^-- ' | head -4"
run "itl-show --at 2016-01-01T00:00:00Z cucm-CTLFile-corrupted.tlv" "grep -e '^-- ' -e 'offset' | head -5"

step "3. Real 'show itl' output pasted into a case, before and after 'utils itl reset': will phones accept it?" \
    "itl-trust --installed cucm10-show-itl-before-reset.txt --candidate cucm10-show-itl-after-reset.txt"
run "itl-trust --installed cucm10-show-itl-before-reset.txt --candidate cucm10-show-itl-after-reset.txt"

step "4. The lockout: CallManager and TVS certificates regenerated together; phones hold the old ITL" \
    "itl-diff --at 2024-06-01T00:00:00Z pub=case/cluster/pub.tlv pub=case/cluster/pub-v2-both.tlv | tail -12"
run "itl-diff --at 2024-06-01T00:00:00Z pub=case/cluster/pub.tlv pub=case/cluster/pub-v2-both.tlv" "tail -12"

step "5. The same new ITL re-signed with the ITLRecovery key: accepted" \
    "itl-trust --installed case/cluster/pub.tlv --candidate case/cluster/pub-v2-both-reset.tlv"
run "itl-trust --installed case/cluster/pub.tlv --candidate case/cluster/pub-v2-both-reset.tlv"

step "6. ITLRecovery.p12 opened with the candidate passwords; is it the key in the served ITL?" \
    "p12-check --password-file case/p12/passwords.txt --itl case/p12/ITLFile.tlv --at 2014-03-01T00:00:00Z case/p12/ITLRecovery.p12"
run "p12-check --password-file case/p12/passwords.txt --itl case/p12/ITLFile.tlv --at 2014-03-01T00:00:00Z case/p12/ITLRecovery.p12"

step "7. The offline 'utils itl reset': re-sign the ITL with that key, then verify the result" \
    "itl-sign --resign case/p12/ITLFile.tlv --p12 case/p12/ITLRecovery.p12 --password-file ... --out reset.tlv"
sed -n 2p case/p12/passwords.txt > "$out/pw"
run "itl-sign --resign case/p12/ITLFile.tlv --p12 case/p12/ITLRecovery.p12 --password-file '$out/pw' --timestamp 1393440886 --out '$out/ITLFile-reset.tlv'"
run "itl-show --at 2014-03-01T00:00:00Z '$out/ITLFile-reset.tlv'" "grep -e HeaderLength -e SIGNERNAME -e 'used to sign' -e verified -e '^-- itlkit'"

step "8. Which phones hold which ITL (DeviceTLInfo alarms from a syslog export)" \
    "itl-phones --itl pub=case/cluster/pub.tlv --itl sub=case/cluster/sub.tlv case/alarms/syslog-mixed.txt | tail -8"
run "itl-phones --itl pub=case/cluster/pub.tlv --itl sub=case/cluster/sub.tlv case/alarms/syslog-mixed.txt" "tail -8"

step "9. Is the DRS backup restorable with the cluster security password?" \
    "drs-verify --deep --password-file case/drs/synthetic.pw case/drs/synthetic"
run "drs-verify --deep --no-progress --password-file case/drs/synthetic.pw case/drs/synthetic"
exit 0
