#!/bin/sh
# bench_drs.sh BIN_DIR: drs-verify --deep on a set with one large
# component, against the standard tools doing the least comparable work on
# the same file in the same run: `sha1sum FILE` plus
# `openssl enc -d -aes-128-cbc -md sha1 ... | tar -t`.  Target: no slower
# than the sum of those two; peak RSS under 64 MiB, flat from a 64 MiB to
# a 1 GiB component.  The set is made in /tmp and deleted afterwards.
# DRS_BENCH_SIZES (MiB, default "64 1024") and DRS_BENCH_RUNS (default 3,
# best run kept) tune it.
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

# best_of CMD...: the best wall time, with the CPU time (user + system,
# children included) and the peak RSS of that run.
best_of() {
	best=
	for i in $(seq "$runs"); do
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/t" sh -c "$*" > /dev/null 2>&1 || true
		read -r t u k m < "$tmp/t"
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then
			best=$t; cpu=$(echo "$u + $k" | bc); rss=$m
		fi
	done
	echo "$best $cpu $rss"
}

echo "# wall seconds (CPU seconds), best of $runs; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-8s %14s %14s %16s %14s %7s %7s %8s\n' size verify sha1sum openssl+tar sum ratio cpu_r rss_MiB
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
	cat "$f" > /dev/null	# the same warm page cache for every tool
	"$bin/drs-verify" --deep --no-progress --password-file "$tmp/cluster.pw" "$d" > "$tmp/out" ||
		{ cat "$tmp/out"; echo "bench set does not verify"; exit 1; }
	set -- $(best_of "'$bin/drs-verify' --deep --no-progress --password-file '$tmp/cluster.pw' '$d'")
	v=$1 vc=$2 vrss=$3
	set -- $(best_of "sha1sum '$f'")
	s=$1 sc=$2
	set -- $(best_of "openssl enc -d -aes-128-cbc -md sha1 -pass 'file:$tmp/randpw' -in '$f' | tar -tf -")
	o=$1 oc=$2
	sum=$(echo "$s + $o" | bc)
	sumc=$(echo "$sc + $oc" | bc)
	printf '%-8s %14s %14s %16s %14s %7s %7s %8s\n' "${mib}MiB" "$v ($vc)" "$s ($sc)" "$o ($oc)" \
		"$sum ($sumc)" "$(echo "scale=2; $v / $sum" | bc)" "$(echo "scale=2; $vc / $sumc" | bc)" \
		"$(echo "scale=1; $vrss / 1024" | bc)"
	[ "$vrss" -lt 65536 ] || { echo "peak RSS over 64 MiB"; exit 1; }
	rm -rf "$d"
done
