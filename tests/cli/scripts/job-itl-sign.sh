#!/bin/sh
# itl.resign and itl.build run in-process (job-run) print byte for byte
# what itl-sign prints, --json and text, with the same messages and exit
# status, and write byte-identical files: a re-sign with the ITLRecovery
# p12, a batch under out_dir, builds, a foreign signer refused and forced,
# SAST records by hash only, malformed and unreadable inputs, an output
# that exists.  Where itl-sign names the option that would lift a refusal,
# the job says the same without those words.  Then the jobs' own argument
# refusals.  Runs in tests/data with WORK a scratch dir.
set -u
fail=0
W=$WORK/job-sign
rm -rf "$W"
mkdir -p "$W"
O=$W/out
sign="--p12 p12/itlrecovery-legacy.p12 --password-file p12/pw.txt --timestamp 1393440886"
js='"p12":"p12/itlrecovery-legacy.p12","timestamp":1393440886'
pem="--key p12/ccm.key --cert p12/ccm.pem --timestamp 1393440886"
jp='"key":"p12/ccm.key","cert":"p12/ccm.pem","timestamp":1393440886'
bld="--signer-key p12/ccm.key --signer-cert p12/ccm.pem --timestamp 1393439067"
jb='"signer_key":"p12/ccm.key","signer_cert":"p12/ccm.pem","timestamp":1393439067'

bad() {
	echo "$*"
	fail=1
}

# A fresh output folder (with PRE run in it, e.g. to make an output
# exist); after a run, the files it holds and their SHA-256.
fresh() {
	rm -rf "$O"
	mkdir "$O"
	[ -z "${PRE:-}" ] || (cd "$O" && eval "$PRE")
}
files() {
	(cd "$O" && find . -type f | sort | while read -r f; do
		echo "$f $(sha256sum < "$f")"; done)
}

# run MODE JOB ARGS -- TOOL_ARGS: the tool, then the job, each from a
# fresh folder: W/{tool,job}.{out,err,rc,files}.
run() {
	mode=$1 job=$2 args=$3
	shift 4
	tm=--json jm=
	[ "$mode" = text ] && tm= jm=--text
	fresh
	itl-sign $tm "$@" > "$W/tool.out" 2> "$W/tool.err"
	echo $? > "$W/tool.rc"
	files > "$W/tool.files"
	fresh
	# shellcheck disable=SC2086
	job-run --tool itl-sign $jm --secrets "${SECRETS:-p12/pw.txt}" "$job" "$args" \
	    > "$W/job.out" 2> "$W/job.err"
	echo $? > "$W/job.rc"
	files > "$W/job.files"
}

# same RC NAME JOB ARGS -- TOOL_ARGS: both modes agree, and exit RC.
same() {
	want=$1 name=$2
	shift 2
	for mode in json text; do
		run "$mode" "$@"
		for x in out err rc files; do
			cmp -s "$W/tool.$x" "$W/job.$x" ||
				bad "$name ($mode): $x differs: $(diff "$W/tool.$x" "$W/job.$x" | head -5)"
		done
		[ "$(cat "$W/tool.rc")" = "$want" ] ||
			bad "$name ($mode): exit $(cat "$W/tool.rc"), expected $want"
	done
}

# The offline utils itl reset: the known output of itl-sign-reset-show.
same 0 resign itl.resign "{\"inputs\":\"p12/before.tlv\",$js,\"out\":\"$O/ITLFile.tlv\"}" -- \
    --resign p12/before.tlv $sign --out "$O/ITLFile.tlv"
grep -q "ITLFile.tlv 83a9d512997b445bc0a9f5e7f3f9f74b59556adeed2c728015fdc140b34b33ea" \
    "$W/job.files" || bad "resign: not the known output: $(cat "$W/job.files")"
# A batch: outputs at their inputs' paths, a refused input in the middle.
same 1 batch itl.resign "{\"inputs\":[\"p12/before.tlv\",\"dumps/cucm10-show-itl-before-reset.txt\",\"cluster/pub.tlv\"],$jp,\"force\":true,\"out_dir\":\"$O\"}" -- \
    --resign p12/before.tlv $pem --force --out-dir "$O" dumps/cucm10-show-itl-before-reset.txt cluster/pub.tlv
[ "$(wc -l < "$W/job.files")" = 2 ] || bad "batch: $(cat "$W/job.files")"
same 1 foreign itl.resign "{\"inputs\":[\"p12/before.tlv\"],\"p12\":\"p12/foreign.p12\",\"out\":\"$O/x.tlv\"}" -- \
    --resign p12/before.tlv --p12 p12/foreign.p12 --password-file p12/pw.txt --out "$O/x.tlv"
same 0 foreign-forced itl.resign "{\"inputs\":[\"p12/before.tlv\"],\"p12\":\"p12/foreign.p12\",\"timestamp\":7,\"force\":true,\"out\":\"$O/x.tlv\"}" -- \
    --resign p12/before.tlv --p12 p12/foreign.p12 --password-file p12/pw.txt --timestamp 7 --force --out "$O/x.tlv"
same 2 hash-only-signer itl.resign "{\"inputs\":[\"p12/forged-recovery.tlv\"],$js,\"force\":true,\"out\":\"$O/x.tlv\"}" -- \
    --resign p12/forged-recovery.tlv $sign --force --out "$O/x.tlv"
same 1 not-a-trust-list itl.resign "{\"inputs\":[\"p12/itlrecovery-legacy.p12\"],$jp,\"out\":\"$O/x.tlv\"}" -- \
    --resign p12/itlrecovery-legacy.p12 $pem --out "$O/x.tlv"
head -c 100 p12/before.tlv > "$W/truncated.tlv"
same 1 truncated itl.resign "{\"inputs\":[\"$W/truncated.tlv\"],$jp,\"out\":\"$O/x.tlv\"}" -- \
    --resign "$W/truncated.tlv" $pem --out "$O/x.tlv"
same 1 dump itl.resign "{\"inputs\":[\"dumps/cucm10-show-itl-before-reset.txt\"],$jp,\"out\":\"$O/x.tlv\"}" -- \
    --resign dumps/cucm10-show-itl-before-reset.txt $pem --out "$O/x.tlv"
same 2 unreadable itl.resign "{\"inputs\":[\"no-such.tlv\"],$jp,\"out\":\"$O/x.tlv\"}" -- \
    --resign no-such.tlv $pem --out "$O/x.tlv"
grep -q "^itl-sign: no-such.tlv: cannot open" "$W/job.err" || bad "unreadable: $(cat "$W/job.err")"
PRE="echo old > x.tlv"
same 2 exists itl.resign "{\"inputs\":[\"p12/before.tlv\"],$js,\"out\":\"$O/x.tlv\"}" -- \
    --resign p12/before.tlv $sign --out "$O/x.tlv"
grep -q "x.tlv: exists" "$W/job.err" || bad "exists: $(cat "$W/job.err")"
same 0 exists-forced itl.resign "{\"inputs\":[\"p12/before.tlv\"],$js,\"force\":true,\"out\":\"$O/x.tlv\"}" -- \
    --resign p12/before.tlv $sign --force --out "$O/x.tlv"
PRE=
printf 'wrong\n' > "$W/wrong.pw"
SECRETS=$W/wrong.pw
same 1 wrong-password itl.resign "{\"inputs\":[\"p12/before.tlv\"],$js,\"out\":\"$O/x.tlv\"}" -- \
    --resign p12/before.tlv --p12 p12/itlrecovery-legacy.p12 --password-file "$W/wrong.pw" \
    --timestamp 1393440886 --out "$O/x.tlv"
grep -q "P12_WRONG_PASSWORD" "$W/job.err" || bad "wrong password: $(cat "$W/job.err")"
SECRETS=
same 2 p12-is-a-trust-list itl.resign "{\"inputs\":[\"cluster/pub.tlv\"],\"p12\":\"cluster/sub.tlv\",\"out\":\"$O/x.tlv\"}" -- \
    --resign cluster/pub.tlv --p12 cluster/sub.tlv --password-file p12/pw.txt --out "$O/x.tlv"
same 2 collision itl.resign "{\"inputs\":[\"p12/before.tlv\",\"./p12/before.tlv\"],$jp,\"out_dir\":\"$O\"}" -- \
    --resign p12/before.tlv $pem --out-dir "$O" ./p12/before.tlv

same 0 build itl.build "{\"records\":[\"sast:p12/ccm.pem\",\"hash-only:capf:p12/capf.pem\",\"tftp:p12/ccm.pem\",\"sast:p12/rec.pem\"],$jb,\"digest\":\"sha256\",\"filename\":\"CTLFile.tlv\",\"out\":\"$O/b.tlv\"}" -- \
    --build $bld --record sast:p12/ccm.pem --hash-only capf:p12/capf.pem --record tftp:p12/ccm.pem \
    --record sast:p12/rec.pem --digest sha256 --filename CTLFile.tlv --out "$O/b.tlv"
same 2 build-hash-only-sast itl.build "{\"records\":[\"sast:p12/ccm.pem\",\"hash-only:sast:p12/rec.pem\"],$jb,\"out\":\"$O/b.tlv\"}" -- \
    --build $bld --record sast:p12/ccm.pem --hash-only sast:p12/rec.pem --out "$O/b.tlv"
same 0 build-foreign-forced itl.build "{\"records\":[\"sast:p12/rec.pem\"],$jb,\"force\":true,\"out\":\"$O/b.tlv\"}" -- \
    --build $bld --record sast:p12/rec.pem --force --out "$O/b.tlv"
same 2 build-unreadable-record itl.build "{\"records\":[\"sast:p12/none.pem\"],$jb,\"out\":\"$O/b.tlv\"}" -- \
    --build $bld --record sast:p12/none.pem --out "$O/b.tlv"

# Refusals an option lifts: itl-sign names the option, the job does not.
# hint MODE WORDS: the tool's output is the job's with WORDS added.
hint() {
	grep -qF -- "$2" "$W/tool.out" || bad "$name ($1): itl-sign lacks: $2"
	if grep -qF -- "--" "$W/job.out"; then bad "$name ($1): the job names an option"; fi
	[ "$(cat "$W/tool.rc")" = 1 ] && [ "$(cat "$W/job.rc")" = 1 ] ||
		bad "$name ($1): exit $(cat "$W/tool.rc") / $(cat "$W/job.rc")"
	cmp -s "$W/tool.err" "$W/job.err" || bad "$name ($1): messages differ"
}
{ head -c 2000 p12/before.tlv; printf X; tail -c +2002 p12/before.tlv; } > "$W/tampered.tlv"
name=invalid-input
for mode in json text; do
	run "$mode" itl.resign "{\"inputs\":[\"$W/tampered.tlv\"],$jp,\"out\":\"$O/t.tlv\"}" -- \
	    --resign "$W/tampered.tlv" $pem --out "$O/t.tlv"
	hint "$mode" " (--resign-invalid to sign it anyway)"
	sed 's/ (--resign-invalid to sign it anyway)//' "$W/tool.out" | cmp -s - "$W/job.out" ||
		bad "$name ($mode): differs beyond the option's words"
done
same 0 invalid-input-allowed itl.resign "{\"inputs\":[\"$W/tampered.tlv\"],$jp,\"resign_invalid\":true,\"out\":\"$O/t.tlv\"}" -- \
    --resign "$W/tampered.tlv" $pem --resign-invalid --out "$O/t.tlv"
name=build-foreign
for mode in json text; do
	run "$mode" itl.build "{\"records\":[\"sast:p12/rec.pem\"],$jb,\"out\":\"$O/b.tlv\"}" -- \
	    --build $bld --record sast:p12/rec.pem --out "$O/b.tlv"
	hint "$mode" "must also be given as --record sast:CERT"
	sed 's/given as --record sast:CERT/given as a SAST record/' "$W/tool.out" |
		cmp -s - "$W/job.out" || bad "$name ($mode): differs beyond the option's words"
done

# The password never shows.
for l in $(cat p12/pw.txt); do
	if grep -rqF -- "$l" "$W"/*.out "$W"/*.err; then bad "a password was printed"; fi
done

# The jobs' own refusals, in argument terms.
refused() {
	job-run "$1" "$2" > /dev/null 2> "$W/e" && bad "$1 $2: accepted"
	grep -qF -- "$3" "$W/e" || bad "$1 $2: $(cat "$W/e"), expected: $3"
	if grep -qF -- "--" "$W/e"; then bad "$1: names an option: $(cat "$W/e")"; fi
}
refused itl.resign '{"inptus":["a"],"p12":"p","out":"o"}' \
    'unknown argument "inptus" (did you mean "inputs"?)'
refused itl.build '{"record":["sast:a"],"signer_key":"k","signer_cert":"c","out":"o"}' \
    'unknown argument "record" (did you mean "records"?)'
refused itl.resign '{"p12":"p","out":"o"}' 'argument "inputs" is required'
refused itl.build '{"records":["sast:a"],"signer_key":"k","out":"o"}' \
    'argument "signer_cert" is required'
refused itl.resign '{"inputs":["a"],"p12":"p","out":"o","out_dir":"d"}' \
    'itl.resign: give exactly one of "out" and "out_dir"'
refused itl.resign '{"inputs":["a","b"],"p12":"p","out":"o"}' '"out" takes one input'
refused itl.resign '{"inputs":["a"],"p12":"p","key":"k","out":"o"}' \
    'sign with "p12", or with both "key" and "cert"'
refused itl.resign '{"inputs":["a"],"p12":"p","out":"o","digest":"md5"}' \
    'argument "digest": expected sha1, sha256 or sha512'
refused itl.build '{"records":["sast:a"],"signer_key":"k","signer_cert":"c","out":"o","timestamp":4294967296}' \
    'argument "timestamp": 4294967296 is out of range 0..4294967295'
refused itl.build "{\"records\":[\"boss:p12/ccm.pem\"],$jb,\"out\":\"$O/b.tlv\"}" \
    "itl.build: unknown role 'boss' (sast, ccm, ccm+tftp, tftp, capf, tvs, app-server)"
[ ! -e "$O/b.tlv" ] || bad "a refused build wrote its output"
exit $fail
