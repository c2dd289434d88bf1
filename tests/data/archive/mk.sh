# Customer bundles for the archive cases, built at test time from the
# samples beside this folder (sourced from tests/data by the CLI cases).
# Member order is given explicitly, so that every tar lists the same
# members in the same order on every file system.  Zips are written by
# bsdtar (libarchive-tools, already a test dependency).
ARK_DATA=$(pwd)

# A fresh folder $WORK/NAME, printed.
ark_dir() {
	rm -rf "$WORK/$1" && mkdir -p "$WORK/$1" && echo "$WORK/$1"
}

# Deterministic bytes no compressor can shrink: AES-CTR of zeros.
ark_noise() {
	head -c "$1" /dev/zero | openssl enc -aes-128-ctr -nosalt \
	    -K 000102030405060708090a0b0c0d0e0f \
	    -iv 00000000000000000000000000000000
}

# What a customer sends, in DIR: three nodes' ITLs, a show itl paste,
# ITLRecovery.p12 and its candidate passwords, a phone alarm; as
# bundle.tgz (no passwords) and bundle.zip (the p12, its passwords and
# the publisher's ITL).
ark_bundle() {
	d=$1
	mkdir -p "$d/nodes/pub" "$d/nodes/sub1" "$d/nodes/sub2" "$d/keys" &&
	cp "$ARK_DATA/cluster/pub.tlv" "$d/nodes/pub/ITLFile.tlv" &&
	cp "$ARK_DATA/cluster/sub.tlv" "$d/nodes/sub1/ITLFile.tlv" &&
	cp "$ARK_DATA/cluster/sub-no-pub-tvs.tlv" "$d/nodes/sub2/ITLFile.tlv" &&
	cp "$ARK_DATA/dumps/cucm10-show-itl-after-reset.txt" "$d/show-itl.txt" &&
	cp "$ARK_DATA/p12/itlrecovery-modern.p12" "$d/keys/ITLRecovery.p12" &&
	cp "$ARK_DATA/p12/pw.txt" "$d/keys/passwords.txt" &&
	cp "$ARK_DATA/events/cisco-214535_devicetlinfo_alarm_home.xml" \
	    "$d/alarms.xml" &&
	(cd "$d" && tar -czf bundle.tgz nodes/pub/ITLFile.tlv \
	    nodes/sub1/ITLFile.tlv keys/ITLRecovery.p12 nodes/sub2/ITLFile.tlv \
	    alarms.xml show-itl.txt &&
	bsdtar --format zip -cf bundle.zip keys/ITLRecovery.p12 \
	    keys/passwords.txt nodes/pub/ITLFile.tlv)
}

# bomb.tgz in DIR: the publisher's ITL, then a member of 1 GiB of zeros:
# the tar headers gzip'd, then 1024 gzip members of 1 MiB of zeros each,
# which a gzip reader takes as one stream (made in a moment, about 1 MB).
ark_bomb() {
	d=$1
	mkdir -p "$d/b" && cp "$ARK_DATA/cluster/pub.tlv" "$d/b/pub.tlv" &&
	truncate -s 1073741824 "$d/b/zeros.bin" || return 1
	# pub.tlv's header and data (512 + 5120), zeros.bin's header (512).
	(cd "$d/b" && tar --format=ustar -cf - pub.tlv zeros.bin 2>/dev/null |
	    head -c 6144) | gzip -9 > "$d/bomb.tgz"
	head -c 1048576 /dev/zero | gzip -9 > "$d/z1"
	for n in 2 4 8 16 32 64 128 256 512 1024; do
		cat "$d/z$((n / 2))" "$d/z$((n / 2))" > "$d/z$n"
	done
	cat "$d/z1024" >> "$d/bomb.tgz"
	rm -rf "$d/b" "$d"/z[0-9]*
}
