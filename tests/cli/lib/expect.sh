# Helpers for tests/cli/scripts: run a tool, check its exit status and
# what it printed.  Sourced; needs W (a scratch directory).
fail() {
	echo "FAIL: $*"
	exit 1
}

# expect STATUS CMD...: runs CMD, output in $W/out and $W/err.
expect() {
	want=$1
	shift
	set +e
	"$@" > "$W/out" 2> "$W/err"
	rc=$?
	set -e
	if [ "$rc" != "$want" ]; then
		echo "command: $*"
		cat "$W/out" "$W/err"
		fail "exit $rc, expected $want"
	fi
}

has() {
	grep -qF -- "$1" "$W/out" || { cat "$W/out"; fail "output lacks: $1"; }
}

lacks() {
	if grep -qF -- "$1" "$W/out" "$W/err"; then
		cat "$W/out" "$W/err"
		fail "output holds: $1"
	fi
}

# gen NAME CN BITS: a self-signed certificate $W/NAME.pem and key $W/NAME.key
# with a CUCM-style subject (C, ST, L, O, OU, CN).
gen() {
	openssl req -x509 -newkey "rsa:$3" -nodes -keyout "$W/$1.key" \
		-out "$W/$1.pem" -days 1825 \
		-subj "/C=US/ST=nc/L=rtp/O=cisco/OU=tac/CN=$2" 2>/dev/null
}
