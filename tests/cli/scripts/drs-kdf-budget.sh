#!/bin/sh
# drs-verify --deep opens every PKCS#12 member with every candidate; the
# key derivations of a whole run share one budget (--kdf-budget), and what
# the budget did not pay for is a finding, never a silent verdict.  A set
# of four p12 members (2048 iterations each) made with the openssl command
# line (tests/data/drs/mkset.sh).
set -eu
fail() { echo "FAIL: $*"; exit 1; }
. drs/mkset.sh
box=$WORK/drs-kdf-box
rm -rf "$box"; mkdir -p "$box/m/keys" "$box/s"
for n in a b c d; do cp p12/itlrecovery-legacy.p12 "$box/m/keys/$n.p12"; done
tar -cf "$box/m.tar" -C "$box/m" keys
drs_mkset "$box/s" 2023-03-01-00-00-00 PUB 12.0.1.10000-10 4 cisco123 Aa11Bb22Cc33Dd44Ee55 CLM "$box/m.tar"
printf 'first-guess\nsecond-guess\ncisco123\n' > "$box/pw"

# 1. The default budget pays for all four: each is judged.
drs-verify --json --deep --no-progress --password-file "$box/pw" "$box/s" > "$box/out" \
	|| { cat "$box/out"; fail "default budget: exit $?"; }
[ "$(grep -o '"verdict":"[a-z-]*"' "$box/out" | sort | uniq -c | tr -s ' ')" = " 4 \"verdict\":\"matched\"" ] \
	|| { cat "$box/out"; fail "default budget: not all four judged"; }
grep -q 'DRS_ARTIFACT_NOT_CHECKED' "$box/out" && fail "default budget: something not checked"

# 2. A budget of 5000 iterations pays for two MAC checks and a few bags:
# the rest are reported not checked, with the finding, never as wrong.
drs-verify --json --deep --no-progress --kdf-budget 5000 --password-file "$box/pw" "$box/s" > "$box/out" \
	|| { cat "$box/out"; fail "small budget: exit $?"; }
grep -q '"verdict":"not-checked"' "$box/out" || { cat "$box/out"; fail "small budget: no artifact left unchecked"; }
grep -q '"code":"DRS_ARTIFACT_NOT_CHECKED"' "$box/out" || fail "small budget: no finding"
grep -q '"verdict":"wrong-password"' "$box/out" && fail "small budget: reported as a wrong password"

# 3. p12-check says before the work why a file may take long: ten
# candidates at 400,000 iterations for the MAC and each of two items may
# cost 12,000,000 (here the first candidate is right: 1,200,000 are spent).
openssl pkcs12 -export -inkey p12/rec.key -in p12/rec.pem -out "$box/slow.p12" \
	-passout pass:cisco123 -iter 400000 -maciter > /dev/null 2>&1 || fail "openssl pkcs12"
{ echo cisco123; for i in 1 2 3 4 5 6 7 8 9; do echo "guess$i"; done; } > "$box/pw10"
rc=0; p12-check --password-file "$box/pw10" "$box/slow.p12" > "$box/out" 2> "$box/err" || rc=$?
grep -q 'slow.p12: opening may take up to 12000000 key-derivation iterations' "$box/err" \
	|| { cat "$box/err"; fail "p12-check: no warning before a slow file"; }
grep -q 'P12_SLOW_KDF' "$box/out" || { cat "$box/out"; fail "p12-check: no finding"; }
rm -rf "$box"
echo ok
