#!/bin/sh
# bench_drs.sh BIN_DIR: drs-verify --deep on a set with one large
# component, against
#  - the crypto floor: SHA-1 and AES-128-CBC decryption of the same bytes
#    at the rates `openssl speed -evp` gives in the same run (the least any
#    tool doing both on one core could take).  Target: at most 1.3 times;
#  - the standard tools doing the least comparable work on the same file:
#    `sha1sum FILE` plus `openssl enc -d -aes-128-cbc -md sha1 ... | tar -t`.
#    Target: no slower than the sum of those two.
# Peak RSS under 64 MiB and flat as the component grows.  The set is made
# in /tmp and deleted afterwards.  Every figure is the best of
# DRS_BENCH_RUNS rounds (default 3), the tools taking turns in each round
# so that the load of a shared machine falls on all alike.
# DRS_BENCH_SIZES (MiB, default "64 1024") sets the component sizes.
#
# drs-verify is timed twice: as run (SHA-1 on a second thread when a core
# is free) and on one core (`taskset -c 0`: with one CPU allowed the stream
# starts no hasher), both against the same floor.
#
# The floor is printed twice: from openssl speed's wall-clock rates
# (-elapsed), to set against drs-verify's wall time under the same load,
# and from its default CPU-time rates, to set against drs-verify's CPU time.
set -eu
bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../data/drs/mkset.sh"
sizes=${DRS_BENCH_SIZES:-64 1024}
runs=${DRS_BENCH_RUNS:-3}
tmp=$(mktemp -d /tmp/itlkit-bench-drs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
randpw=Bb4nChM4rKr4nd0mPw12
printf '%s\n' "$randpw" > "$tmp/randpw"
printf 'Bench#Cluster1\n' > "$tmp/cluster.pw"

# timed NAME CMD: runs CMD once, keeps its wall time, CPU time (user +
# system, children included) and peak RSS as NAME_t, NAME_c, NAME_m when
# its wall time is the best so far.
timed() {
	_n=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/t" sh -c "$*" > /dev/null 2>&1 || true
	read -r _t _u _k _m < "$tmp/t"
	eval "_b=\${${_n}_t:-}"
	if [ -z "$_b" ] || [ "$(echo "$_t < $_b" | bc)" = 1 ]; then
		eval "${_n}_t=$_t ${_n}_c=$(echo "$_u + $_k" | bc) ${_n}_m=$_m"
	fi
}

# rate ALGO [-elapsed] [-decrypt]: bytes per second from openssl speed on
# 64 KiB blocks (its last line: "name  NNNN.NNk", in 1000s of bytes).
rate() {
	_a=$1
	shift
	openssl speed "$@" -evp "$_a" -bytes 65536 -seconds 2 2> /dev/null |
		awk 'END { v = $NF; sub(/k$/, "", v); printf "%.0f\n", v * 1000 }'
}

# best NAME VALUE: keeps the highest VALUE as NAME.
best() {
	eval "_b=\${$1:-0}"
	if [ "$(echo "$2 > $_b" | bc)" = 1 ]; then
		eval "$1=$2"
	fi
}

r2() { echo "scale=2; $1" | bc | sed 's/^\./0./'; }

# One core for the one-core figure; without taskset it is not measured.
one=
command -v taskset > /dev/null 2>&1 && taskset -c 0 true 2> /dev/null &&
	one="taskset -c 0"

echo "# best of $runs rounds; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); $(openssl version | cut -d' ' -f1-2)${one:+; one core: $one}"
for mib in $sizes; do
	d=$tmp/set-$mib
	mkdir -p "$d" "$tmp/src"
	head -c $((mib * 1048576)) /dev/urandom > "$tmp/src/payload.bin"
	tar -cf "$tmp/plain.tar" -C "$tmp/src" payload.bin
	rm -f "$tmp/src/payload.bin"
	drs_mkset "$d" 2024-01-01-00-00-00 BENCH 12.0.1.10000-10 4 Bench#Cluster1 \
		"$randpw" CCMDB "$tmp/plain.tar"
	rm -f "$tmp/plain.tar"
	f=$d/2024-01-01-00-00-00_BENCH_UCM_CCMDB.tar
	bytes=$(wc -c < "$f")
	cat "$f" > /dev/null	# the same warm page cache for every tool
	"$bin/drs-verify" --deep --no-progress --password-file "$tmp/cluster.pw" "$d" > "$tmp/out" ||
		{ cat "$tmp/out"; echo "bench set does not verify"; exit 1; }
	unset v_t v1_t s_t o_t sha_w aes_w sha_c aes_c
	for i in $(seq "$runs"); do
		timed v "'$bin/drs-verify' --deep --no-progress --password-file '$tmp/cluster.pw' '$d'"
		[ -z "$one" ] ||
			timed v1 "$one '$bin/drs-verify' --deep --no-progress --password-file '$tmp/cluster.pw' '$d'"
		best sha_w "$(rate sha1 -elapsed)"
		best aes_w "$(rate aes-128-cbc -elapsed -decrypt)"
		best sha_c "$(rate sha1)"
		best aes_c "$(rate aes-128-cbc -decrypt)"
		timed s "sha1sum '$f'"
		timed o "openssl enc -d -aes-128-cbc -md sha1 -pass 'file:$tmp/randpw' -in '$f' | tar -tf -"
	done
	floor_w=$(echo "scale=3; $bytes / $sha_w + $bytes / $aes_w" | bc)
	floor_c=$(echo "scale=3; $bytes / $sha_c + $bytes / $aes_c" | bc)
	sum=$(echo "$s_t + $o_t" | bc)
	echo
	echo "## ${mib} MiB component ($bytes bytes)"
	echo "openssl speed, 64 KiB blocks, MB/s: SHA-1 $((sha_w / 1000000)) wall / $((sha_c / 1000000)) CPU, AES-128-CBC decrypt $((aes_w / 1000000)) wall / $((aes_c / 1000000)) CPU"
	printf '%-30s %8s %8s\n' "" "wall s" "CPU s"
	printf '%-30s %8s %8s\n' "drs-verify --deep" "$v_t" "$(r2 "$v_c")"
	printf '%-30s %8s %8s\n' "floor (SHA-1 + AES at speed)" "$(r2 "$floor_w / 1")" "$(r2 "$floor_c / 1")"
	printf '%-30s %8s %8s\n' "ratio to the floor" "$(r2 "$v_t / $floor_w")" "$(r2 "$v_c / $floor_c")"
	if [ -n "$one" ]; then
		printf '%-30s %8s %8s\n' "drs-verify, one core" "$v1_t" "$(r2 "$v1_c")"
		printf '%-30s %8s %8s\n' "one core: ratio to the floor" "$(r2 "$v1_t / $floor_w")" "$(r2 "$v1_c / $floor_c")"
	fi
	printf '%-30s %8s %8s\n' "sha1sum" "$s_t" "$(r2 "$s_c")"
	printf '%-30s %8s %8s\n' "openssl enc -d | tar -t" "$o_t" "$(r2 "$o_c")"
	printf '%-30s %8s %8s\n' "ratio to sha1sum + openssl" "$(r2 "$v_t / $sum")" "$(r2 "$v_c / ($s_c + $o_c)")"
	printf '%-30s %8s\n' "drs-verify peak RSS MiB" "$(r2 "$v_m / 1024")"
	[ "$v_m" -lt 65536 ] || { echo "peak RSS over 64 MiB"; exit 1; }
	if [ -n "$one" ]; then
		printf '%-30s %8s\n' "one core: peak RSS MiB" "$(r2 "$v1_m / 1024")"
		[ "$v1_m" -lt 65536 ] || { echo "peak RSS over 64 MiB"; exit 1; }
	fi
	rm -rf "$d"
done
