#!/bin/sh
# Makes sure the packages itlkit builds and tests with are present.
# Usage: mk/deps.sh [--check] [build|test|fuzz|bench]
#
# On Debian (dpkg present), as root it installs the missing packages;
# otherwise it prints the exact apt-get line and fails.  --check never
# installs (make, make install, sudo make install): it says what is
# missing and fails.  Without dpkg, pkg-config alone decides: the
# libraries' modules must be found, and nothing is installed.
set -eu
install=1
if [ "${1:-}" = --check ]; then
	install=0
	shift
fi
want="${1:-test}"
pkgs="pkg-config libssl-dev openssl libarchive-dev libyaml-dev libexpat1-dev libjansson-dev"
mods="openssl libarchive yaml-0.1 expat jansson"
case "$want" in
test|demo|fuzz|bench)
	pkgs="$pkgs check libsubunit-dev valgrind libarchive-tools xxd python3 groff-base time"
	mods="$mods check"
	;;
esac
case "$want" in
fuzz) pkgs="$pkgs clang libclang-rt-14-dev" ;;
esac

# OpenSSL 1.1 has the same pkg-config module (and is libssl-dev before
# Debian 12): itlkit needs the providers of OpenSSL 3.
openssl3()
{
	command -v pkg-config >/dev/null 2>&1 || return 0
	pkg-config --exists openssl || return 0
	pkg-config --atleast-version=3.0 openssl && return 0
	echo "itlkit: OpenSSL 3.0 or later is needed; pkg-config finds" \
	    "openssl $(pkg-config --modversion openssl)" >&2
	return 1
}

if ! command -v dpkg-query >/dev/null 2>&1; then
	if ! command -v pkg-config >/dev/null 2>&1; then
		echo "itlkit: pkg-config not found; it and the development" \
		    "files of these modules are needed: $mods" >&2
		exit 1
	fi
	missing=""
	for m in $mods; do
		pkg-config --exists "$m" || missing="$missing $m"
	done
	if [ -z "$missing" ]; then
		openssl3
		exit
	fi
	echo "itlkit: pkg-config does not find:$missing" >&2
	echo "  install their development packages (or set PKG_CONFIG_PATH)" >&2
	exit 1
fi

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	openssl3
	exit
fi
if [ "$install" = 1 ] && [ "$(id -u)" = 0 ]; then
	echo "itlkit: installing missing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
	openssl3
else
	echo "itlkit: missing Debian packages:$missing" >&2
	echo "  install them with \`make deps' as root, or:" >&2
	echo "  apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
