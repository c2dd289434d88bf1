#!/bin/sh
# Makes sure the Debian packages itlkit builds and tests with are present.
# As root it installs what is missing; otherwise it prints the exact
# apt-get line and fails.  Usage: mk/deps.sh [build|test|fuzz|demo]
set -eu
want="${1:-test}"
pkgs="pkg-config libssl-dev openssl libarchive-dev libyaml-dev libexpat1-dev libjansson-dev"
case "$want" in
test|demo|fuzz|bench) pkgs="$pkgs check libsubunit-dev valgrind libarchive-tools xxd python3" ;;
esac
case "$want" in
fuzz) pkgs="$pkgs clang libclang-rt-14-dev" ;;
bench) pkgs="$pkgs time" ;;
esac
missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "itlkit: installing missing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
else
	echo "itlkit: missing Debian packages. Run as root:" >&2
	echo "  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
