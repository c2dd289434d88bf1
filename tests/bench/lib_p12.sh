# Shared by bench_p12.sh and bench_itl_sign.sh (sourced): timing helpers and
# the keys both use.  Sets tmp (removed on exit).
tmp=$(mktemp -d "${TMPDIR:-/tmp}/itlkit-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# A CallManager and an ITLRecovery certificate (RSA 2048), and rec.p12 in
# the legacy format old appliances write (RC2-40 / 3DES, SHA-1 MAC).
make_keys() {
	for c in ccm:test10pub.example.com rec:ITLRECOVERY_test10pub.example.com; do
		openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/${c%%:*}.key" \
			-out "$tmp/${c%%:*}.pem" -days 1825 \
			-subj "/C=US/ST=nc/L=rtp/O=cisco/OU=tac/CN=${c#*:}" 2>/dev/null
	done
	printf 'cisco123\n' > "$tmp/pw"
	openssl pkcs12 -export -legacy -inkey "$tmp/rec.key" -in "$tmp/rec.pem" \
		-passout pass:cisco123 -out "$tmp/rec.p12"
}
