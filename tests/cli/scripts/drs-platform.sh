#!/bin/sh
# drs-platform on a subscriber's platformConfig.xml generated here with
# known values (answer-file element names), on the one inside a generated
# DRS set (extracted first), on hostile files; drs.platform run in-process
# (job-run) prints byte for byte what the tool prints; a password
# element's value is never printed.
set -u
fail=0
box=$WORK/drs-platform
rm -rf "$box"; mkdir -p "$box"
SECRET=Zq7PlatformSecretValue0042
p() { # ELEMENT VALUE
	printf '  <%s><ParamNameText>x</ParamNameText><ParamDefaultValue>d</ParamDefaultValue><ParamValue>%s</ParamValue></%s>\n' "$1" "$2" "$1"
}
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<PlatformData>\n  <Version>11.5.1.12900-21</Version>\n'
	p LocalHostName cucm-sub7
	p LocalHostIP0 198.51.100.27
	p LocalHostMask0 255.255.255.128
	p LocalHostGW0 198.51.100.1
	p LocalHostDnsPrimary 198.51.100.2
	p LocalHostDomain uc.example.org
	p LocalHostTimezone Asia/Tokyo
	p CcmFirstNode no
	p CcmDBHost cucm-pub7
	p CcmDBIpAddr 198.51.100.20
	p NTPServerHost cucm-pub7
	p NTPServerIpAddr 198.51.100.20
	p ApplUserPwCrypt "$SECRET"
	printf '</PlatformData>\n'
} > "$box/sub.xml"
drs-platform --json "$box/sub.xml" > "$box/out" || { echo "subscriber not ok"; fail=1; }
for kv in '"version":"11.5.1.12900-21"' '"hostname":"cucm-sub7"' \
    '"ip":"198.51.100.27"' '"mask":"255.255.255.128"' \
    '"gateway":"198.51.100.1"' '"domain":"uc.example.org"' \
    '"timezone":"Asia/Tokyo"' '"first_node":"no"' \
    '"publisher_host":"cucm-pub7","publisher_ip":"198.51.100.20"' \
    '"dns":\["198.51.100.2"\],"ntp":\["cucm-pub7","198.51.100.20"\]' \
    '"secrets":\[{"element":"ApplUserPwCrypt","value":"present"}\]' \
    '"status":"ok","findings":\[\]'; do
	grep -q "$kv" "$box/out" || { echo "subscriber: no $kv"; fail=1; }
done
drs-platform "$box/sub.xml" >> "$box/out" 2>&1
grep -q '^  secrets        ApplUserPwCrypt: present$' "$box/out" ||
	{ echo "text: secret line"; fail=1; }

# The platformConfig.xml inside a generated set's PLATFORM component.
drs-extract --no-progress --password-file drs/gen/cluster.pw --component PLATFORM \
    --out "$box/x" drs/gen/s1 > /dev/null 2>&1 || { echo "extract PLATFORM"; fail=1; }
rc=0
drs-platform --json "$box/x/PUB1_UCM_PLATFORM/common/platformConfig.xml" > "$box/o" || rc=$?
[ $rc = 1 ] || { echo "fixture platformConfig.xml: exit $rc, want 1"; fail=1; }
grep -q '"status":"incomplete".*no value for hostname, ip, mask, gateway, domain, timezone, version' "$box/o" ||
	{ echo "fixture platformConfig.xml not incomplete"; fail=1; }

# Parity with the job, on every kind of input; messages and exits too.
for f in "$box/sub.xml" drs/platform/pub-platformConfig.xml \
    drs/platform/hostile-platformConfig.xml drs/platform/dtd-platformConfig.xml \
    drs/gen/s2/2020-02-02-03-04-05_PUB_drfComponent.xml no-such-file; do
	job-run --tool drs-platform drs.platform "{\"input\":\"$f\"}" \
	    > "$box/job.json" 2> "$box/job.err"
	jrc=$?
	drs-platform --json "$f" > "$box/tool.json" 2> "$box/tool.err"
	trc=$?
	cat "$box/job.json" "$box/tool.json" "$box/job.err" >> "$box/out"
	if [ "$jrc" != "$trc" ] || ! cmp -s "$box/job.json" "$box/tool.json"; then
		echo "drs.platform differs from drs-platform --json on $f (exit $jrc vs $trc)"
		fail=1
	fi
	cmp -s "$box/job.err" "$box/tool.err" ||
		{ echo "drs.platform messages differ on $f"; fail=1; }
	job-run --tool drs-platform --text drs.platform "{\"input\":\"$f\"}" \
	    > "$box/job.txt" 2>/dev/null
	drs-platform "$f" > "$box/tool.txt" 2>/dev/null
	cat "$box/tool.txt" >> "$box/out"
	cmp -s "$box/job.txt" "$box/tool.txt" ||
		{ echo "drs.platform text differs on $f"; fail=1; }
done
job-run drs.platform '{}' 2> "$box/e" && fail=1
grep -q 'argument "input" is required' "$box/e" || { echo "required not checked"; fail=1; }
job-run drs.platform '{"input":"x","json":true}' 2> "$box/e" && fail=1
grep -q 'unknown argument "json"' "$box/e" || { echo "unknown key accepted"; fail=1; }

# Inside a customer's bundle: each platformConfig.xml or drfComponent.xml
# member is one input (file: the archive, member: the path inside); other
# files are skipped and counted; a gzip'd file reads as gunzip gives it.
mkdir -p "$box/bundle/sub7" "$box/bundle/backup"
cp "$box/sub.xml" "$box/bundle/sub7/platformConfig.xml"
cp drs/gen/s2/2020-02-02-03-04-05_PUB_drfComponent.xml "$box/bundle/backup/"
cp drs/platform/pub-platformConfig.xml "$box/bundle/notes.xml"
(cd "$box/bundle" && tar czf ../bundle.tgz sub7 backup notes.xml)
rc=0
drs-platform --json "$box/bundle.tgz" > "$box/o" 2> "$box/e" || rc=$?
cat "$box/o" "$box/e" >> "$box/out"
[ "$(grep -c '"tool":"drs-platform"' "$box/o")" = 2 ] || { echo "bundle: not two objects"; fail=1; }
grep -q "\"file\":\"$box/bundle.tgz\",\"member\":\"sub7/platformConfig.xml\".*\"hostname\":\"cucm-sub7\"" "$box/o" ||
	{ echo "bundle: the subscriber's member"; fail=1; }
grep -q '"member":"backup/2020-02-02-03-04-05_PUB_drfComponent.xml","sha256"' "$box/o" ||
	{ echo "bundle: the manifest member"; fail=1; }
grep -q 'notes.xml' "$box/o" && { echo "bundle: notes.xml read"; fail=1; }
grep -q 'skipped: 1 unrecognised file' "$box/e" || { echo "bundle: skipped member not counted"; fail=1; }
drs-platform "$box/bundle.tgz" > "$box/o" 2>&1 || true
grep -q "$box/bundle.tgz:sub7/platformConfig.xml" "$box/o" || { echo "bundle: text name"; fail=1; }
gzip -c "$box/sub.xml" > "$box/sub.xml.gz"
drs-platform --json "$box/sub.xml.gz" > "$box/o" 2>&1 || { echo "gzip'd: not ok"; fail=1; }
grep -q '"member":"sub.xml".*"hostname":"cucm-sub7"' "$box/o" || { echo "gzip'd file"; fail=1; }
printf 'x' > "$box/empty.txt"; (cd "$box" && tar czf none.tgz empty.txt)
rc=0; drs-platform "$box/none.tgz" > "$box/o" 2>&1 || rc=$?
[ $rc = 1 ] || { echo "no platform file inside: exit $rc, want 1"; fail=1; }

# No value of a password element in any output.
grep -q -e "$SECRET" -e HOSTILE-SECRET-VALUE -e 033D77E90D853E03 "$box/out" &&
	{ echo "a secret value was printed"; fail=1; }
rm -rf "$box"
[ $fail = 0 ] && echo ok
exit $fail
