#!/bin/sh
# Every shipped recipe (recipes/*.yaml) run by recipe-run on a demo case
# generated afresh (samples/mkdemo.sh), with the operator's pastes and
# confirmations from its answers/, against known outcomes:
#   publisher-rebuild: a good run (complete, exit 0); the pasted show itl
#     still signed by CallManager (show-itl failed, exit 1); a wrong
#     cluster password (verify failed, nothing after it run, exit 1);
#   itl-bulk-reset: good; show itl still signed by CallManager;
#   backup-audit: good; wrong password;
#   phones-missing-recovery: with the served history (phones not current,
#     so the step fails as itl-phones does, but every expectation holds: a
#     bulk reset reaches them all); without it (phones unknown);
#   cert-regen-preflight: the reset ITL as the new list (accepted); the
#     phones' reports (some still on the 2019 list: stop); the 2019 list
#     as the new one, CallManager and TVS both differ (rejected).
# And no password appears in any output.
set -eu
fail() { echo "FAIL: $*"; exit 1; }
box=$WORK/recipes-shipped
rm -rf "$box"
mkdir -p "$box"
bindir=$(dirname "$(command -v itl-sign)")
recipes=$DATA/../../recipes
sh "$DATA/../../samples/mkdemo.sh" "$box/case" "$bindir" > "$box/gen" 2>&1 ||
    { cat "$box/gen"; fail "mkdemo.sh failed"; }
c=$box/case
a=$c/answers
. "$c/truth.env"
printf 'Wrong#Password1\n' > "$box/wrong.pw"
chmod 600 "$box/wrong.pw"

# check NAME RC WANT_RC STATUS [STEP=STATUS | STEP:expect=true|false]...:
# the last run (box/NAME.json, exit status RC) ended with WANT_RC and
# STATUS, those steps with those statuses, and every expectation of a step
# held (true) or not (false).
check() {
	_n=$1 _rc=$2 _want_rc=$3 _st=$4
	shift 4
	[ "$_rc" = "$_want_rc" ] || { cat "$box/$_n.json" "$box/$_n.err"; fail "$_n: exit $_rc, not $_want_rc"; }
	python3 - "$box/$_n.json" "$_st" "$@" <<'EOP' || fail "$_n: report"
import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip()]
o = json.loads(lines[-1])
if o.get("status") != sys.argv[2]:
    sys.exit("status %r, not %r" % (o.get("status"), sys.argv[2]))
steps = {s["id"]: s for s in o["steps"]}
for want in sys.argv[3:]:
    sid, st = want.split("=")
    if sid.endswith(":expect"):
        # every expectation of the step held (true) or one did not (false)
        sid = sid[:-7]
        got = all(e.get("result") is True
                  for e in steps.get(sid, {}).get("expect", []))
        if str(got).lower() != st:
            sys.exit("step %s: expectations held: %r" % (sid, got))
        continue
    got = steps.get(sid, {}).get("status")
    if got != st:
        sys.exit("step %s: %r, not %r" % (sid, got, st))
EOP
	for _pw in 'Demo#Cluster2025' 'Wrong#Password1'; do
		! grep -qF -- "$_pw" "$box/$_n.json" "$box/$_n.err" ||
		    fail "$_n: a password is in the output"
	done
}
# run NAME ARGS...: recipe-run --json as of the case's day, output in
# box/NAME.json and box/NAME.err, exit status in rc; box/NAME/ made for
# the recipe's out (an input of type dir is an existing folder).
run() {
	_n=$1
	shift
	mkdir -p "$box/$_n"
	rc=0
	recipe-run --json --at "$CASE_AT" "$@" > "$box/$_n.json" 2> "$box/$_n.err" || rc=$?
}

# ---- publisher-rebuild ---------------------------------------------------
rebuild() { # NAME PASSWORD_FILE SHOW_ITL
	run "$1" --var "backup=$c/backup" --var "cluster_password=$2" \
	    --var "out=$box/$1" \
	    --answer "reinstall=$a/confirm-publisher.txt" \
	    --answer "backup-device=$a/confirm-restore.txt" \
	    --answer "backup-files=$a/show-backupfiles.txt" \
	    --answer "restore=$a/confirm-publisher.txt" \
	    --answer "restore-status=$a/drs-status-restore.txt" \
	    --answer "restart=$a/confirm-publisher.txt" \
	    --answer "replication=$a/dbreplication-runtimestate.txt" \
	    --answer "itl-reset=$a/confirm-publisher.txt" \
	    --answer "show-itl=$a/$3" \
	    --answer "reset-phones=$a/confirm-reset.txt" \
	    "$recipes/publisher-rebuild.yaml"
}
rebuild good "$c/cluster.pw" show-itl-after-reset.txt
check good "$rc" 0 complete verify=ok extract=ok platform=ok backed-up-itl=ok \
    key-backup=ok key-given=skipped predicted-backup=ok \
    phones-accept-backup=ok restore-status=ok replication=ok show-itl=ok \
    reset-phones=ok
# The install values printed are the backup's (mkdemo.sh's publisher).
grep -q "hostname $PUB, *IP address $PUB_IP mask" "$box/good.err" ||
    fail "reinstall values from platformConfig.xml"
# The predicted reset ITL is the one mkdemo.sh made (same records, signer).
itl-show --json "$box/good/ITLFile-reset.tlv" > "$box/reset.json"
grep -q "\"signer\":{[^}]*\"record\":$RESET_ITL_SIGNER_RECORD}" "$box/reset.json" ||
    fail "reset ITL signer"
rebuild callmanager "$c/cluster.pw" show-itl-still-callmanager.txt
check callmanager "$rc" 1 failed verify=ok restore-status=ok show-itl=failed
rebuild wrongpw "$box/wrong.pw" show-itl-after-reset.txt
check wrongpw "$rc" 1 failed verify=failed

# ---- itl-bulk-reset ------------------------------------------------------
cat > "$box/bulk.vars.yaml" <<EOV
itl: ["$c/tftp/$PUB/ITLFile.tlv", "$c/tftp/$SUB/ITLFile.tlv"]
p12: "$c/ITLRecovery.p12"
EOV
bulk() { # NAME SHOW_ITL
	run "$1" --vars-file "$box/bulk.vars.yaml" \
	    --var "p12_password=$c/p12.pw" --var "out=$box/$1" \
	    --answer "reset=$a/confirm-publisher-fqdn.txt" \
	    --answer "show-itl-after-reset=$a/$2" \
	    --answer "enterprise-parameters=$a/confirm-reset.txt" \
	    --answer "tftp-restart=$a/confirm-restarted.txt" \
	    --answer "reset-devices=$a/confirm-reset.txt" \
	    "$recipes/itl-bulk-reset.yaml"
}
bulk bulk-good show-itl-after-reset.txt
check bulk-good "$rc" 0 complete key=ok nodes=ok predicted=ok reach=ok \
    show-itl-after-reset=ok reset-devices=ok
bulk bulk-callmanager show-itl-still-callmanager.txt
check bulk-callmanager "$rc" 1 failed predicted=ok show-itl-after-reset=failed

# ---- backup-audit -----------------------------------------------------------
run audit --var "root=$c/backup" --var "cluster_password=$c/cluster.pw" \
    "$recipes/backup-audit.yaml"
check audit "$rc" 0 complete sets=ok verify=ok
run audit-wrong --var "root=$c/backup" --var "cluster_password=$box/wrong.pw" \
    "$recipes/backup-audit.yaml"
check audit-wrong "$rc" 1 failed sets=ok verify=failed

# ---- phones-missing-recovery --------------------------------------------------
cat > "$box/phones.vars.yaml" <<EOV
itl: ["$c/tftp/$PUB/ITLFile.tlv", "$c/tftp/$SUB/ITLFile.tlv"]
events: ["$c/alarms/CiscoSyslog.txt"]
history: ["$c/history/$PUB/ITLFile.tlv", "$c/history/$SUB/ITLFile.tlv"]
EOV
# Not every phone is current (8 hold the 2019 lists, 1 none): the step
# fails as itl-phones exits 1, but with the history every one of them is
# reached by a bulk reset.
run phones --vars-file "$box/phones.vars.yaml" \
    "$recipes/phones-missing-recovery.yaml"
check phones "$rc" 1 failed phones=failed phones:expect=true \
    delete-by-hand=skipped
run phones-nohist --var "itl=$c/tftp/$PUB/ITLFile.tlv" \
    --var "events=$c/alarms/CiscoSyslog.txt" \
    "$recipes/phones-missing-recovery.yaml"
check phones-nohist "$rc" 1 failed phones=failed phones:expect=false \
    delete-by-hand=skipped

# ---- cert-regen-preflight ------------------------------------------------------
preflight() { # NAME ITL [--var new_itl=...] [--var events=...]
	_n=$1 _i=$2
	shift 2
	run "$_n" --var "itl=$_i" "$@" \
	    --answer "registered=$a/confirm-registered.txt" \
	    --answer "regen-callmanager=$a/confirm-regenerate.txt" \
	    --answer "hold-timer=$a/confirm-registered.txt" \
	    --answer "regen-tvs=$a/confirm-regenerate.txt" \
	    "$recipes/cert-regen-preflight.yaml"
}
preflight regen-good "$c/tftp/$PUB/ITLFile.tlv" \
    --var "new_itl=$c/expected/ITLFile-reset.tlv"
check regen-good "$rc" 0 complete current=ok phones=skipped new-list=ok \
    regen-tvs=ok
# The phones' reports: 8 still hold the 2019 list, which blocks the change.
preflight regen-stale "$c/tftp/$PUB/ITLFile.tlv" \
    --var "events=$c/alarms/CiscoSyslog.txt"
check regen-stale "$rc" 1 failed current=ok phones=failed new-list=skipped
preflight regen-old "$c/tftp/$PUB/ITLFile.tlv" \
    --var "new_itl=$c/history/$PUB/ITLFile.tlv"
check regen-old "$rc" 1 failed current=ok new-list=failed
exit 0
