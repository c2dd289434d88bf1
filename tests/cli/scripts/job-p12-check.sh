#!/bin/sh
# p12.check run in-process (job-run, passwords by --secrets) prints byte
# for byte what p12-check prints on the same inputs, in JSON and in text:
# good files, a wrong password, no password, damaged, truncated and
# unreadable inputs, a trust list given as a p12, batches and extraction
# (the written files byte-identical, with the same modes).  The job
# refuses bad arguments, and no password or key reaches its output.
set -u
fail=0
W=$WORK/job-p12
rm -rf "$W"
mkdir -p "$W"
at=2016-01-01T00:00:00Z
p=$DATA/p12
printf 'not-it\n' > "$W/wrong.pw"
{ head -c 600 "$p/itlrecovery-legacy.p12"; printf X; tail -c +602 "$p/itlrecovery-legacy.p12"; } > "$W/damaged.p12"
head -c 700 "$p/itlrecovery-legacy.p12" > "$W/truncated.p12"
mkdir "$W/dir.p12"
mkfifo "$W/fifo.p12"

# No password, no key in anything the job printed.
clean() {
	for s in wrong-one cisco123 not-it "PRIVATE KEY"; do
		if grep -qF -- "$s" "$W/job.out" "$W/job.err"; then
			echo "job-run printed \"$s\" ($1)"
			fail=1
		fi
	done
}

# same LABEL STATUS PWFILE ARGS_JSON P12CHECK_ARGS...: job-run and
# p12-check (in directories of their own, $W/j and $W/t, holding the file
# $pre when set) agree in JSON and in text and exit with STATUS.  PWFILE
# empty: no password source at all; p12-check then says so, and only that
# line is its own.
pre=
same() {
	label=$1 want=$2 spw=$3 args=$4
	shift 4
	for mode in json text; do
		rm -rf "$W/j" "$W/t"
		mkdir "$W/j" "$W/t"
		if [ -n "$pre" ]; then
			echo old > "$W/j/$pre"
			echo old > "$W/t/$pre"
		fi
		jm=--text tm=
		[ $mode = json ] && jm= tm=--json
		(cd "$W/j" && exec timeout 20 job-run --tool p12-check \
		    $jm \
		    ${spw:+--secrets "$spw"} p12.check "$args") \
		    > "$W/job.out" 2> "$W/job.err" < /dev/null
		jrc=$?
		(cd "$W/t" && exec timeout 20 p12-check $tm --at "$at" \
		    ${spw:+--password-file "$spw"} "$@") \
		    > "$W/tool.out" 2> "$W/tool.err.all" < /dev/null
		trc=$?
		if [ -z "$spw" ]; then
			grep -qx 'p12-check: no password: use --password-file FILE or --password-env VAR' \
			    "$W/tool.err.all" || { echo "$label: no word of the password"; fail=1; }
			grep -v '^p12-check: no password: ' "$W/tool.err.all" > "$W/tool.err"
		else
			cp "$W/tool.err.all" "$W/tool.err"
		fi
		[ "$jrc" = "$trc" ] ||
			{ echo "$label ($mode): exit $jrc, p12-check $trc"; fail=1; }
		[ "$jrc" = "$want" ] ||
			{ echo "$label ($mode): exit $jrc, expected $want"; fail=1; }
		cmp -s "$W/job.out" "$W/tool.out" ||
			{ echo "$label ($mode): output differs"; diff "$W/job.out" "$W/tool.out" | head -6; fail=1; }
		cmp -s "$W/job.err" "$W/tool.err" ||
			{ echo "$label ($mode): messages differ"; diff "$W/job.err" "$W/tool.err"; fail=1; }
		for f in $(ls -A "$W/t") $(ls -A "$W/j"); do
			cmp -s "$W/j/$f" "$W/t/$f" ||
				{ echo "$label ($mode): $f differs"; fail=1; }
			[ "$(stat -c %a "$W/j/$f")" = "$(stat -c %a "$W/t/$f")" ] ||
				{ echo "$label ($mode): $f mode differs"; fail=1; }
		done
		clean "$label"
	done
}

pw=$p/pw.txt
same good 0 "$pw" "{\"inputs\":\"$p/itlrecovery-legacy.p12\",\"itl\":[\"$p/before.tlv\"],\"at\":\"$at\"}" \
    --itl "$p/before.tlv" "$p/itlrecovery-legacy.p12"
same modern 0 "$pw" "{\"inputs\":[\"$p/itlrecovery-modern.p12\"],\"warn_days\":3650,\"at\":\"$at\"}" \
    --warn-days 3650 "$p/itlrecovery-modern.p12"
same foreign 1 "$pw" "{\"inputs\":\"$p/foreign.p12\",\"itl\":\"$p/before.tlv\",\"at\":\"2021-01-01T00:00:00Z\"}" \
    --at 2021-01-01T00:00:00Z --itl "$p/before.tlv" "$p/foreign.p12"
same wrong-password 1 "$W/wrong.pw" "{\"inputs\":\"$p/itlrecovery-legacy.p12\",\"itl\":[\"$p/before.tlv\"],\"at\":\"$at\"}" \
    --itl "$p/before.tlv" "$p/itlrecovery-legacy.p12"
same no-password 2 "" "{\"inputs\":\"$p/itlrecovery-legacy.p12\",\"at\":\"$at\"}" \
    "$p/itlrecovery-legacy.p12"
same damaged 1 "$pw" "{\"inputs\":\"$W/damaged.p12\",\"at\":\"$at\"}" "$W/damaged.p12"
same truncated 1 "$pw" "{\"inputs\":\"$W/truncated.p12\",\"itl\":\"$p/before.tlv\",\"at\":\"$at\"}" \
    --itl "$p/before.tlv" "$W/truncated.p12"
for u in "$W/no-such.p12" "$W/dir.p12" "$W/fifo.p12"; do
	same unreadable 2 "$pw" "{\"inputs\":\"$u\",\"at\":\"$at\"}" "$u"
done
same given-itl 1 "$pw" "{\"inputs\":\"$DATA/cluster/pub.tlv\",\"at\":\"$at\"}" "$DATA/cluster/pub.tlv"
same batch 2 "$pw" "{\"inputs\":[\"$p/itlrecovery-legacy.p12\",\"$W/no-such.p12\",\"$p/callmanager.p12\",\"$W/damaged.p12\",\"$p/itlrecovery-3des.p12\"],\"itl\":[\"$p/before.tlv\",\"$p/forged-recovery.tlv\"],\"at\":\"$at\"}" \
    --itl "$p/before.tlv" --itl "$p/forged-recovery.tlv" "$p/itlrecovery-legacy.p12" \
    "$W/no-such.p12" "$p/callmanager.p12" "$W/damaged.p12" "$p/itlrecovery-3des.p12"
# A trust list that cannot be used stops everything before any input.
for i in "$W/no-such.tlv" "$p/rec.pem" "$p/itlrecovery-legacy.p12"; do
	same bad-itl 2 "$pw" "{\"inputs\":\"$p/itlrecovery-legacy.p12\",\"itl\":[\"$p/before.tlv\",\"$i\"],\"at\":\"$at\"}" \
	    --itl "$p/before.tlv" --itl "$i" "$p/itlrecovery-legacy.p12"
done

# Extraction: the same files, modes 0644 and 0600; refusals alike.
same extract 0 "$pw" "{\"inputs\":\"$p/itlrecovery-legacy.p12\",\"extract_cert\":\"c.pem\",\"extract_key\":\"k.pem\",\"at\":\"$at\"}" \
    --extract-cert c.pem --extract-key k.pem "$p/itlrecovery-legacy.p12"
[ "$(stat -c %a "$W/j/c.pem" "$W/j/k.pem" | tr '\n' ' ')" = "644 600 " ] ||
	{ echo "extracted: $(ls -l "$W/j")"; fail=1; }
pre=k.pem
same exists 2 "$pw" "{\"inputs\":\"$p/itlrecovery-modern.p12\",\"extract_key\":\"k.pem\",\"at\":\"$at\"}" \
    --extract-key k.pem "$p/itlrecovery-modern.p12"
[ "$(cat "$W/j/k.pem")" = old ] || { echo "replaced without force"; fail=1; }
same force 0 "$pw" "{\"inputs\":\"$p/itlrecovery-modern.p12\",\"extract_key\":\"k.pem\",\"force\":true,\"at\":\"$at\"}" \
    --extract-key k.pem --force "$p/itlrecovery-modern.p12"
pre=
same not-recovery 1 "$pw" "{\"inputs\":\"$p/callmanager.p12\",\"extract_key\":\"k.pem\",\"extract_cert\":\"c.pem\",\"at\":\"$at\"}" \
    --extract-key k.pem --extract-cert c.pem "$p/callmanager.p12"
same nothing 1 "$pw" "{\"inputs\":\"$W/truncated.p12\",\"extract_key\":\"k.pem\",\"extract_cert\":\"c.pem\",\"at\":\"$at\"}" \
    --extract-key k.pem --extract-cert c.pem "$W/truncated.p12"
[ -z "$(ls -A "$W/j")" ] || { echo "written from a truncated file: $(ls -A "$W/j")"; fail=1; }
grep -qx "p12-check: $W/truncated.p12: no usable key to extract; nothing written" "$W/job.err" ||
	{ echo "nothing: $(cat "$W/job.err")"; fail=1; }
same extract-wrong 1 "$W/wrong.pw" "{\"inputs\":\"$p/itlrecovery-legacy.p12\",\"extract_key\":\"k.pem\",\"at\":\"$at\"}" \
    --extract-key k.pem "$p/itlrecovery-legacy.p12"
[ -e "$W/j/k.pem" ] && { echo "a key extracted with a wrong password"; fail=1; }
# An input is evidence: never replaced, even with force.
cp "$p/itlrecovery-3des.p12" "$W/ev.p12"
cp "$W/ev.p12" "$W/ev.keep"
same evidence 2 "$pw" "{\"inputs\":\"$W/ev.p12\",\"extract_cert\":\"$W/ev.p12\",\"force\":true,\"at\":\"$at\"}" \
    --extract-cert "$W/ev.p12" --force "$W/ev.p12"
cmp -s "$W/ev.p12" "$W/ev.keep" || { echo "evidence replaced"; fail=1; }

# Without a tool's option names (no --tool: as a recipe step runs it) the
# hint is the neutral reason alone.
job-run --secrets "$pw" p12.check \
    "{\"inputs\":\"$DATA/cluster/pub.tlv\"}" > "$W/job.out" 2> "$W/job.err"
[ "$(cat "$W/job.err")" = "job-run: $DATA/cluster/pub.tlv: this is a trust list" ] ||
	{ echo "neutral hint: $(cat "$W/job.err")"; fail=1; }

# Refusals: nothing read, nothing written, exit 2, said why.
refused() {	# ARGS_JSON MESSAGE
	(cd "$W/j" && job-run --secrets "$pw" p12.check "$1") > "$W/job.out" 2> "$W/job.err"
	jrc=$?
	[ $jrc = 2 ] || { echo "accepted ($jrc): $1"; fail=1; }
	grep -qF -- "$2" "$W/job.err" || { echo "refusal of $1: $(cat "$W/job.err")"; fail=1; }
	[ -s "$W/job.out" ] && { echo "output for refused $1"; fail=1; }
	clean "refused $1"
}
rm -rf "$W/j"; mkdir "$W/j"
refused '{"input":"x.p12"}' 'unknown argument "input" (did you mean "inputs"?)'
refused '{"inputs":"x.p12","itls":"y"}' 'unknown argument "itls" (did you mean "itl"?)'
refused '{"inputs":"x.p12","password":"cisco123"}' 'unknown argument "password"'
refused '{"inputs":[]}' 'argument "inputs" needs at least one value'
refused '{"itl":"x"}' 'argument "inputs" is required'
refused '{"inputs":"x","warn_days":40000}' 'argument "warn_days": 40000 is out of range 0..36500'
refused '{"inputs":"x","force":"yes"}' 'argument "force": expected true or false'
refused '{"inputs":"x","at":"yesterday"}' 'argument "at": expected an RFC 3339 time'
refused '{"inputs":[1]}' 'argument "inputs": expected a string or a list of strings'
refused "{\"inputs\":[\"$p/itlrecovery-legacy.p12\",\"$p/itlrecovery-3des.p12\"],\"extract_key\":\"k.pem\"}" \
    'the certificate and the key are extracted from a single input, not from 2'
[ -z "$(ls -A "$W/j")" ] || { echo "a refused job wrote $(ls -A "$W/j")"; fail=1; }
# The job takes no password but the context's: none given, none used.
(cd "$W/j" && job-run p12.check "{\"inputs\":\"$p/itlrecovery-legacy.p12\",\"extract_key\":\"k.pem\"}") \
    > "$W/job.out" 2> "$W/job.err"
[ $? = 2 ] && grep -q '"password":"not-given"' "$W/job.out" && [ ! -e "$W/j/k.pem" ] ||
	{ echo "a key extracted without a password"; fail=1; }
rm -rf "$W"
exit $fail
