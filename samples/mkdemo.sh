#!/bin/sh
# mkdemo.sh: generate the demo case, a two-node CUCM 12.0 cluster whose
# publisher must be rebuilt from its DRS backup while part of its phones
# still hold a stale ITL.  Everything is made here with the openssl command
# line and itlkit's own tools (itl-sign, itl-show): nothing comes from CUCM,
# and the known truth is written into OUTDIR/README.md and OUTDIR/truth.env.
#
# Usage: samples/mkdemo.sh OUTDIR BIN_DIR
#
# OUTDIR must not exist (or be empty); it appears complete or not at all.
# Keys are random (openssl cannot make RSA keys from a seed), so hashes
# differ from run to run; dates, serials, timestamps, names, passwords and
# archive metadata are fixed.
set -eu
umask 022

if [ $# -ne 2 ]; then
	echo "usage: mkdemo.sh OUTDIR BIN_DIR" >&2
	exit 2
fi
out=$1
bin=$(cd "$2" && pwd) || exit 2
here=$(cd "$(dirname "$0")" && pwd)
for t in itl-sign itl-show; do
	if [ ! -x "$bin/$t" ]; then
		echo "mkdemo.sh: $bin/$t not found (build first)" >&2
		exit 2
	fi
done
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
	echo "mkdemo.sh: $out exists and is not empty" >&2
	exit 2
fi
PATH="$bin:$PATH"
export PATH
# The DRS manifest value schemes (platform encoding, scheme keys) are the
# ones the DRS tests use to cross-check itlkit with the openssl CLI.
. "$here/../tests/data/drs/mkset.sh"

mkdir -p "$(dirname "$out")"
parent=$(cd "$(dirname "$out")" && pwd)
out=$parent/$(basename "$out")
tmp=$(mktemp -d "$parent/.mkdemo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP
w=$tmp/work		# keys, CSRs, staging: never part of the case
c=$tmp/case		# becomes OUTDIR
mkdir -p "$w" "$c"
log=$w/log
die() {
	echo "mkdemo.sh: $*" >&2
	[ -s "$log" ] && tail -5 "$log" >&2
	exit 1
}

# ---- the cluster -----------------------------------------------------
DOMAIN=uc.example.com
PUB=cucm-pub
SUB=cucm-sub
PUB_FQDN=$PUB.$DOMAIN
SUB_FQDN=$SUB.$DOMAIN
PUB_IP=192.0.2.10
SUB_IP=192.0.2.11
MASK=255.255.255.0
GW=192.0.2.1
DNS1=192.0.2.53
DNS2=192.0.2.54
NTP=192.0.2.123
TZNAME=America/New_York
VERSION=12.0.1.10000-10
ORG_SUBJ="/C=US/ST=NC/L=Raleigh/O=Example Health/OU=Voice"
CLUSTER_PW='Demo#Cluster2025'
CAPF_CN=CAPF-5a1e77c3
# Times (UTC): install 2019-06-03, certificates regenerated one at a time
# on 2024-05-21 (20 minutes apart: the hold timer respected), nightly
# backup 2025-03-09 02:00, publisher disk lost 2025-03-10, rebuilt and
# `utils itl reset` the same day.
T_OLD_ITL=1559571600		# 2019-06-03T14:20:00Z, the 2019 ITLs and CTL
T_CUR_ITL=1716255000		# 2024-05-21T01:30:00Z, after the last regeneration
T_BACKUP=1741485600		# 2025-03-09T02:00:00Z
T_RESET=1741623600		# 2025-03-10T16:20:00Z, the reset ITL
BACKUP_ID=2025-03-09-02-00-00
CASE_AT=2025-03-10T12:00:00Z	# "now" for judging validity

# ---- certificates ------------------------------------------------------
# A self-signed certificate with fixed dates and serial needs `openssl ca
# -selfsign` (OpenSSL 3.0's req -x509 sets no start date).
cat > "$w/ca.cnf" <<'EOC'
[ca]
default_ca = demo
[demo]
database = $ENV::MKDEMO_W/index.txt
new_certs_dir = $ENV::MKDEMO_W
serial = $ENV::MKDEMO_W/serial
default_md = sha256
policy = anything
unique_subject = no
preserve = yes
copy_extensions = none
[anything]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
[node]
basicConstraints = CA:TRUE
keyUsage = digitalSignature, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign
extendedKeyUsage = serverAuth, clientAuth, ipsecEndSystem
subjectKeyIdentifier = hash
subjectAltName = DNS:$ENV::MKDEMO_SAN
[recovery]
basicConstraints = CA:TRUE
keyUsage = digitalSignature, keyEncipherment, dataEncipherment, keyCertSign
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
EOC
MKDEMO_W=$w
export MKDEMO_W

# RSA 2048 keys, made in parallel: key generation is most of the run time.
for n in old-pub-ccm old-pub-tvs old-sub-ccm old-sub-tvs old-capf rec \
    pub-ccm pub-tvs sub-ccm sub-tvs capf; do
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	    -out "$w/$n.key" 2> "$w/$n.keylog" &
done
wait
# cert NAME CN SERIAL START END EXT: w/NAME.pem for the key w/NAME.key.
cert() {
	[ -s "$w/$1.key" ] || { cat "$w/$1.keylog" >> "$log"; die "key $1"; }
	: > "$w/index.txt"
	echo "$3" > "$w/serial"
	MKDEMO_SAN=${2#ITLRECOVERY_}
	export MKDEMO_SAN
	openssl req -new -key "$w/$1.key" -subj "$ORG_SUBJ/CN=$2" \
	    -out "$w/$1.csr" 2>> "$log" || die "request $1"
	openssl ca -batch -notext -selfsign -config "$w/ca.cnf" \
	    -extensions "$6" -keyfile "$w/$1.key" -in "$w/$1.csr" \
	    -startdate "$4" -enddate "$5" -out "$w/$1.pem" \
	    >> "$log" 2>&1 || die "certificate $1"
}
# Before 2024-05-21: the certificates of the 2019 install (5 years).
cert old-pub-ccm "$PUB_FQDN" 3A4C5E7091B2D3F405162738495A6B7C 20190603140000Z 20240601140000Z node
cert old-pub-tvs "$PUB_FQDN" 2B3D4F617283A4B5C6D7E8F901122334 20190603140500Z 20240601140500Z node
cert old-sub-ccm "$SUB_FQDN" 4D5E6F708192A3B4C5D6E7F8091A2B3C 20190603141000Z 20240601141000Z node
cert old-sub-tvs "$SUB_FQDN" 5E6F708192A3B4C5D6E7F8091A2B3C4D 20190603141500Z 20240601141500Z node
cert old-capf "$CAPF_CN" 6F708192A3B4C5D6E7F8091A2B3C4D5E 20190603140000Z 20240601140000Z node
# The publisher's ITLRecovery certificate: 20 years, never regenerated.
cert rec "ITLRECOVERY_$PUB_FQDN" 71A2B3C4D5E6F708192A3B4C5D6E7F80 20190603140000Z 20390529140000Z recovery
# Regenerated 2024-05-21, one at a time.
cert pub-ccm "$PUB_FQDN" 12E4F60718293A4B5C6D7E8F90A1B2C3 20240521010000Z 20290520010000Z node
cert pub-tvs "$PUB_FQDN" 23F5061728394A5B6C7D8E9FA0B1C2D3 20240521012000Z 20290520012000Z node
cert sub-ccm "$SUB_FQDN" 34061728394A5B6C7D8E9FA0B1C2D3E4 20240521010500Z 20290520010500Z node
cert sub-tvs "$SUB_FQDN" 4517283A4B5C6D7E8F90A1B2C3D4E5F6 20240521012500Z 20290520012500Z node
cert capf "$CAPF_CN" 56283A4B5C6D7E8F90A1B2C3D4E5F607 20240521011000Z 20290520011000Z node

# ---- trust lists ---------------------------------------------------------
# CUCM ITL layout: the node's CallManager certificate as SAST and TFTP,
# CAPF and the node's TVS by hash, the publisher's ITLRECOVERY as SAST,
# the other node's TVS by hash.  SHA-1 digest (what every phone accepts).
# itl NODE PEER PREFIX TIMESTAMP OUT
itl() {
	itl-sign --build --signer-key "$w/$3$1-ccm.key" \
	    --signer-cert "$w/$3$1-ccm.pem" \
	    --record "sast:$w/$3$1-ccm.pem" --record "tftp:$w/$3$1-ccm.pem" \
	    --hash-only "capf:$w/${3}capf.pem" --hash-only "tvs:$w/$3$1-tvs.pem" \
	    --record "sast:$w/rec.pem" --hash-only "tvs:$w/$3$2-tvs.pem" \
	    --timestamp "$4" --out "$5" >> "$log" 2>&1 || die "ITL $5"
}
# The publisher's tokenless CTL (mixed mode): CallManager as SAST and
# CCM+TFTP of every node, CAPF and ITLRECOVERY, all as whole certificates.
# itl-sign --build writes no DNSNAME or IPADDRESS (CUCM fills both).
# ctl PREFIX TIMESTAMP OUT
ctl() {
	itl-sign --build --filename CTLFile.tlv \
	    --signer-key "$w/${1}pub-ccm.key" --signer-cert "$w/${1}pub-ccm.pem" \
	    --record "sast:$w/${1}pub-ccm.pem" \
	    --record "ccm+tftp:$w/${1}pub-ccm.pem" \
	    --record "ccm+tftp:$w/${1}sub-ccm.pem" \
	    --record "capf:$w/${1}capf.pem" --record "sast:$w/rec.pem" \
	    --timestamp "$2" --out "$3" >> "$log" 2>&1 || die "CTL $3"
}
mkdir -p "$c/tftp/$PUB" "$c/tftp/$SUB" "$c/history/$PUB" "$c/history/$SUB"
itl pub sub "" $T_CUR_ITL "$c/tftp/$PUB/ITLFile.tlv"
itl sub pub "" $T_CUR_ITL "$c/tftp/$SUB/ITLFile.tlv"
ctl "" $T_CUR_ITL "$c/tftp/$PUB/CTLFile.tlv"
cp "$c/tftp/$PUB/CTLFile.tlv" "$c/tftp/$SUB/CTLFile.tlv"
itl pub sub old- $T_OLD_ITL "$c/history/$PUB/ITLFile.tlv"
itl sub pub old- $T_OLD_ITL "$c/history/$SUB/ITLFile.tlv"
ctl old- $T_OLD_ITL "$c/history/$PUB/CTLFile.tlv"

mkdir -p "$c/certs"
for n in pub-ccm pub-tvs sub-ccm sub-tvs capf rec old-pub-ccm old-pub-tvs \
    old-sub-ccm old-sub-tvs old-capf; do
	cp "$w/$n.pem" "$c/certs/$n.pem"
done

# ---- ITLRecovery.p12 and the passwords -------------------------------------
# The modern PKCS#12 format, assumed for CUCM 12 and later (what CUCM
# really uses is not public): PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for
# key and certificate, HMAC-SHA256 MAC.  Its password is the cluster
# security password here ("based on" it on CUCM; the derivation is not
# public), which is also drs-verify's first guess.
(
	umask 077
	printf '%s\n' "$CLUSTER_PW" > "$c/cluster.pw"
	printf '%s\n' "$CLUSTER_PW" > "$c/p12.pw"
)
openssl pkcs12 -export -inkey "$w/rec.key" -in "$w/rec.pem" \
    -name "ITLRECOVERY_$PUB_FQDN" -keypbe AES-256-CBC -certpbe AES-256-CBC \
    -macalg sha256 -iter 2048 -passout "file:$c/p12.pw" \
    -out "$c/ITLRecovery.p12" 2>> "$log" || die "ITLRecovery.p12"

# ---- the reset the recovery predicts ----------------------------------------
mkdir -p "$c/expected"
itl-sign --resign "$c/tftp/$PUB/ITLFile.tlv" --p12 "$c/ITLRecovery.p12" \
    --password-file "$c/p12.pw" --timestamp $T_RESET \
    --out "$c/expected/ITLFile-reset.tlv" >> "$log" 2>&1 || die "reset ITL"

# ---- the DRS backup set ------------------------------------------------------
# platformConfig.xml: the install answers a rebuild must repeat, in the
# element names of CUCM's answer files (the *PwCrypt password elements of
# the real file are left out).
# param ELEMENT TEXT DEFAULT VALUE [INDENT]
param() {
	printf '%s<%s><ParamNameText>%s</ParamNameText><ParamDefaultValue>%s</ParamDefaultValue><ParamValue>%s</ParamValue></%s>\n' \
	    "${5:-  }" "$1" "$2" "$3" "$4" "$1"
}
# platform HOST IP FIRSTNODE
platform() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n'
	printf '<!-- generated by itlkit samples/mkdemo.sh: NOT produced by CUCM -->\n'
	printf '<PlatformData>\n  <Version>%s</Version>\n' "$VERSION"
	param ProductDeployment Deployment CallManager callmanager
	param LocalHostName "Host Name for this machine" localhost "$1"
	param LocalHostDHCP "Is DHCP enabled for this machine" no no
	param LocalHostIP0 "Host IP0 addr for this node" 127.0.0.1 "$2"
	param LocalHostMask0 "Host IP0 mask for this node" 255.255.255.0 "$MASK"
	param LocalHostGW0 "Gateway for this node" 127.0.0.1 "$GW"
	param LocalHostDnsPrimary "Primary DNS server IP address" 0.0.0.0 "$DNS1"
	param LocalHostDnsSecondary "Secondary DNS server IP address" 0.0.0.0 "$DNS2"
	param LocalHostDomain "Domain name for this machine" cisco.com "$DOMAIN"
	param LocalHostTimezone "Timezone for this node" America/Los_Angeles "$TZNAME"
	printf '  <CertX509>\n'
	param Org "Certification Signing Request Organization" none "Example Health" "    "
	param Unit "Certification Signing Request Unit" none Voice "    "
	param Location "Certification Signing Request Location" none Raleigh "    "
	param State "Certification Signing Request State" none NC "    "
	param Country "Certification Signing Request Country" none US "    "
	printf '  </CertX509>\n'
	param CcmFirstNode "First CCM node in the cluster" yes "$3"
	param IPSecFirstNode "First IPSec node in the cluster" yes "$3"
	if [ "$3" = yes ]; then
		param NtpServer "Address Range for NTP server" none "$NTP"
	else
		param CcmDBHost "Host Name for DataBase" none "$PUB"
		param CcmDBIpAddr "Host IP Addr for DataBase" none "$PUB_IP"
		param IPSecMasterHost "Host name for IPSec" none "$PUB"
		param IPSecMasterIpAddr "Host IP Addr for IPSec" none "$PUB_IP"
		param NTPServerHost "Cluster NTP Server Host name" none "$PUB"
		param NTPServerIpAddr "Cluster NTP Server Host IP Addr" none "$PUB_IP"
	fi
	printf '</PlatformData>\n'
}

# tarball OUT GZIP MEMBER...: members staged under w/stage with relative
# paths, stored absolute (/usr/...) as DRS writes them; fixed metadata.
tarball() {
	_o=$1 _z=$2
	shift 2
	(cd "$w/stage" && tar --format=ustar -P --transform 's,^,/,' \
	    --mtime=@$T_BACKUP --owner=0 --group=0 --numeric-owner \
	    --mode=u=rw,go=r -cf "$_o.plain" "$@") 2>> "$log" || die "tar $_o"
	if [ "$_z" = gz ]; then
		gzip -n -9 -c "$_o.plain" > "$_o"
		rm -f "$_o.plain"
	else
		mv "$_o.plain" "$_o"
	fi
}
placeholder() { # COMPONENT SERVER: a component the demo does not model
	mkdir -p "$w/stage/common/drf/demo"
	printf '%s: placeholder made by itlkit samples/mkdemo.sh, not CUCM data\n' \
	    "$1" > "$w/stage/common/drf/demo/$1.txt"
	tarball "$w/$2-$1.plain.tar" plain "common/drf/demo/$1.txt"
	rm -rf "$w/stage/common"
}
tftpdir=usr/local/cm/tftp
platdir=usr/local/platform/conf
for n in $PUB $SUB; do
	rm -rf "$w/stage"
	mkdir -p "$w/stage/$tftpdir" "$w/stage/$platdir"
	if [ $n = $PUB ]; then
		platform $PUB $PUB_IP yes > "$w/stage/$platdir/platformConfig.xml"
	else
		platform $SUB $SUB_IP no > "$w/stage/$platdir/platformConfig.xml"
	fi
	tarball "$w/$n-PLATFORM.plain.tar" plain $platdir/platformConfig.xml
	placeholder CLM $n
	cp "$c/tftp/$n/ITLFile.tlv" "$c/tftp/$n/CTLFile.tlv" "$w/stage/$tftpdir/"
	members="$tftpdir/CTLFile.tlv $tftpdir/ITLFile.tlv"
	if [ $n = $PUB ]; then
		placeholder CCMDB $n
		cp "$c/ITLRecovery.p12" "$w/stage/$tftpdir/"
		members="$members $tftpdir/ITLRecovery.p12"
	fi
	# shellcheck disable=SC2086
	tarball "$w/$n-TFTP.plain.tar" gz $members
done

# Each component: openssl enc (AES-128-CBC, EVP_BytesToKey SHA-1) under its
# own 20-character backup password and a fixed salt; the manifest holds
# both values encrypted under the cluster security password.  Scheme 4
# (PBKDF2-HMAC-SHA256), the one public research gives for 12.0.  Not 12.5:
# its scheme is not public, and drs-verify then calls a wrong password an
# unsupported scheme, never a wrong password.
mkdir -p "$c/backup"
key=$(drs_scheme_key 4 "$(drs_platform_hex "$CLUSTER_PW")")
[ ${#key} = 32 ] || die "manifest key"
# component SERVER NAME BACKUP_PW SALT: one ComponentObject on stdout.
# With -S, openssl enc writes no header: the Salted__ magic and the salt
# are written here, as openssl writes them when it picks the salt itself.
component() {
	_f=$c/backup/${BACKUP_ID}_$1_UCM_$2.tar
	printf '%s\n' "$3" > "$w/backup.pw"
	{
		printf 'Salted__'
		# shellcheck disable=SC2059
		printf "$(echo "$4" | fold -w2 |
		    while read -r _b; do printf '\\%03o' "0x$_b"; done)"
		openssl enc -aes-128-cbc -md sha1 -S "$4" -pass "file:$w/backup.pw" \
		    -in "$w/$1-$2.plain.tar" 2>> "$log" || die "encrypt $2"
	} > "$_f"
	[ "$(head -c 8 "$_f")$(od -An -tx1 -j8 -N8 "$_f" | tr -d ' \n')" = \
	    "Salted__$(echo "$4" | tr A-F a-f)" ] || die "container header of $2"
	_sum=$(sha1sum "$_f" | cut -c1-40)
	cat <<EOC
          <ComponentObject>
            <ComponentName>$2</ComponentName>
            <Status>SUCCESS</Status>
            <EncryptKey>$(drs_value 4 "$key" "$3")</EncryptKey>
            <EncryptedSHA1CheckSum>$(drs_value 4 "$key" "$_sum")</EncryptedSHA1CheckSum>
          </ComponentObject>
EOC
}
server() { # NAME COMPONENT PW SALT...
	_s=$1
	shift
	printf '      <ServerObj>\n        <ServerName>%s</ServerName>\n' "$_s"
	printf '        <Status>SUCCESS</Status>\n        <Percentage>100</Percentage>\n'
	printf '        <vComponentObject>\n'
	while [ $# -ge 3 ]; do
		component "$_s" "$1" "$2" "$3"
		shift 3
	done
	printf '        </vComponentObject>\n      </ServerObj>\n'
}
{
	cat <<EOX
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by itlkit samples/mkdemo.sh: NOT produced by CUCM -->
<list>
  <FeatureObject>
    <Version>$VERSION</Version>
    <FeatureName>UCM</FeatureName>
    <Status>SUCCESS</Status>
    <Percentage>100</Percentage>
    <vServerObject>
EOX
	server $PUB PLATFORM kP4tR8wQ2zL6nV1xB7cM 0A1B2C3D4E5F6071 \
	    CLM Hq3Ys9Ud5Gf1Jk7Lp2Zx 1B2C3D4E5F607182 \
	    CCMDB Wm6Nb2Vc8Xz4Lk0Jh5Gf 2C3D4E5F60718293 \
	    TFTP Rt7Yu3Io9Pa5Sd1Fg6Hj 3D4E5F60718293A4
	server $SUB PLATFORM Zx8Cv4Bn0Mq6We2Rt7Yu 4E5F60718293A4B5 \
	    CLM Lp5Ok1Ij7Uh3Yg9Tf4Rd 5F60718293A4B5C6 \
	    TFTP Es2Wa8Qz4Xs0Dc6Fv1Gb 60718293A4B5C6D7
	cat <<EOX
    </vServerObject>
  </FeatureObject>
</list>
EOX
} > "$c/backup/${BACKUP_ID}_${PUB}_drfComponent.xml"

# ---- phone alarms ----------------------------------------------------------
sha1_of() { sha1sum "$1" | cut -c1-40; }
spaced() { echo "$1" | sed 's/../& /g' | tr a-f A-F; }
ITL_PUB=$(sha1_of "$c/tftp/$PUB/ITLFile.tlv")
ITL_SUB=$(sha1_of "$c/tftp/$SUB/ITLFile.tlv")
ITL_OLD_PUB=$(sha1_of "$c/history/$PUB/ITLFile.tlv")
ITL_OLD_SUB=$(sha1_of "$c/history/$SUB/ITLFile.tlv")
CTL_CUR=$(sha1_of "$c/tftp/$PUB/CTLFile.tlv")
CTL_OLD=$(sha1_of "$c/history/$PUB/CTLFile.tlv")
# One line per report: DEVICE IP HOLDS DATE TIME.  HOLDS is the list a
# phone has installed: pub/sub (current), old-pub/old-sub (2019), none.
# The latest report of a phone counts: SEPF8A5C5D1E007 held the 2019 list
# until its trust list was erased by hand on 2025-03-04.
cat > "$w/phones" <<'EOP'
SEPF8A5C5D1E007 198.51.100.107 old-pub Mar 03 2025 07:58:12
SEPF8A5C5D1E012 198.51.100.112 old-pub Mar 03 2025 08:01:40
SEPF8A5C5D1E001 198.51.100.101 pub Mar 07 2025 08:02:11
SEPF8A5C5D1E002 198.51.100.102 pub Mar 07 2025 08:02:14
SEPF8A5C5D1E003 198.51.100.103 pub Mar 07 2025 08:02:19
SEPF8A5C5D1E004 198.51.100.104 pub Mar 07 2025 08:02:23
SEPF8A5C5D1E005 198.51.100.105 pub Mar 07 2025 08:02:31
SEPF8A5C5D1E006 198.51.100.106 pub Mar 07 2025 08:02:36
SEPF8A5C5D1E007 198.51.100.107 pub Mar 07 2025 08:02:40
SEPF8A5C5D1E008 198.51.100.108 sub Mar 07 2025 08:03:02
SEPF8A5C5D1E009 198.51.100.109 sub Mar 07 2025 08:03:05
SEPF8A5C5D1E010 198.51.100.110 sub Mar 07 2025 08:03:09
SEPF8A5C5D1E011 198.51.100.111 pub Mar 07 2025 08:03:15
SEPF8A5C5D1E012 198.51.100.112 old-pub Mar 07 2025 08:04:01
SEPF8A5C5D1E013 198.51.100.113 old-pub Mar 07 2025 08:04:07
SEPF8A5C5D1E014 198.51.100.114 old-pub Mar 07 2025 08:04:12
SEPF8A5C5D1E015 198.51.100.115 old-pub Mar 07 2025 08:04:20
SEPF8A5C5D1E016 198.51.100.116 old-pub Mar 07 2025 08:04:26
SEPF8A5C5D1E017 198.51.100.117 old-pub Mar 07 2025 08:04:33
SEPF8A5C5D1E018 198.51.100.118 old-sub Mar 07 2025 08:05:02
SEPF8A5C5D1E019 198.51.100.119 old-sub Mar 07 2025 08:05:09
SEPF8A5C5D1E020 198.51.100.120 none Mar 07 2025 08:05:30
EOP
mkdir -p "$c/alarms"
seq=52310
while read -r dev ip holds mon day year hms; do
	case $holds in
	pub)	itlsig=$(spaced "$ITL_PUB"); ctlsig=$(spaced "$CTL_CUR"); srv=$PUB_FQDN ;;
	sub)	itlsig=$(spaced "$ITL_SUB"); ctlsig=$(spaced "$CTL_CUR"); srv=$SUB_FQDN ;;
	old-pub) itlsig=$(spaced "$ITL_OLD_PUB"); ctlsig=$(spaced "$CTL_OLD"); srv=$PUB_FQDN ;;
	old-sub) itlsig=$(spaced "$ITL_OLD_SUB"); ctlsig=$(spaced "$CTL_OLD"); srv=$SUB_FQDN ;;
	*)	itlsig="Not Installed"; ctlsig="Not Installed"; srv=N/A ;;
	esac
	case $holds in
	*sub)	node=$SUB ;;
	*)	node=$PUB ;;
	esac
	seq=$((seq + 1))
	# An unrelated registration line before each report, as in a real export.
	printf '30 %s local7 6 : %d: %s.%s %s %s %s %s UTC :   %%UC_CALLMANAGER-6-EndPointRegistered: %%[DeviceName=%s][IPAddress=%s][Protocol=SIP][DeviceType=36670][Description=Phone][AppID=Cisco CallManager][ClusterID=StandAloneCluster][NodeID=%s]: Endpoint registered\n' \
	    "$node" $seq "$node" "$DOMAIN" "$mon" "$day" "$year" "$hms" "$dev" "$ip" "$node"
	seq=$((seq + 1))
	printf '31 %s local7 6 : %d: %s.%s %s %s %s %s UTC :   %%UC_CALLMANAGER-6-DeviceTLInfo: %%[DeviceName=%s][IPv4Address=%s][IPv6Address=][CTL_Signature=%s][CTL_TFTP_Server=%s][ITL_Signature=%s][ITL_TFTP_Server=%s][StatusCode=3][AppID=Cisco CallManager][ClusterID=StandAloneCluster][NodeID=%s]: Device trust list information\n' \
	    "$node" $seq "$node" "$DOMAIN" "$mon" "$day" "$year" "$hms" "$dev" "$ip" "$ctlsig" "$srv" "$itlsig" "$srv" "$node"
done < "$w/phones" > "$c/alarms/CiscoSyslog.txt"
# The status each phone must end with (its latest report).
phones_with() { # HOLDS...: the devices whose latest report says so
	awk -v want=" $* " '{ last[$1] = $3 } END {
		for (d in last) if (index(want, " " last[d] " ")) print d }' \
	    "$w/phones" | sort | tr '\n' ' ' | sed 's/ $//'
}
PHONES_CURRENT=$(phones_with pub sub)
PHONES_STALE=$(phones_with old-pub old-sub)
PHONES_NONE=$(phones_with none)
PHONES_ALL=$(awk '{ print $1 }' "$w/phones" | sort -u | wc -l | tr -d ' ')

# ---- the operator's answers ---------------------------------------------------
# `show itl` as CUCM prints it: itl-show's text without itlkit's own lines
# (the "== FILE" title and the "-- itlkit" verdict and findings).
show_itl() {
	printf 'admin:show itl\n'
	itl-show --at "$CASE_AT" "$1" 2>> "$log" | sed -e '/^== /d' -e '/^-- /d'
	printf 'admin:\n'
}
mkdir -p "$c/answers"
show_itl "$c/expected/ITLFile-reset.tlv" > "$c/answers/show-itl-after-reset.txt"
show_itl "$c/tftp/$PUB/ITLFile.tlv" > "$c/answers/show-itl-still-callmanager.txt"
grep -q '^The ITL file was verified successfully.$' "$c/answers/show-itl-after-reset.txt" ||
    die "itl-show did not render the reset ITL"
# Reconstructed from the public descriptions of the command: the layout is
# not taken from a real capture (see README.md).
{
	printf 'admin:utils disaster_recovery status restore\n\n'
	printf 'Status: SUCCESS :Restore Completed...\n\n'
	printf 'Tar Filename: %s\n' "$BACKUP_ID"
	printf 'Storage Location: NETWORK\n'
	printf 'Operation: restore\n'
	printf 'Percentage Complete: 100\n'
	i=0
	for comp in PLATFORM CLM CCMDB TFTP; do
		printf 'UCM %s %s 100 SUCCESS Mon Mar 10 15:%02d:%02d UTC 2025 activitylog/drf/2025-03-10-15-04-12_r_%s_ucm_%s.log\n' \
		    "$PUB" "$comp" $((4 + i)) $((13 + 7 * i)) "$PUB" \
		    "$(echo "$comp" | tr A-Z a-z)"
		i=$((i + 1))
	done
	printf '\nadmin:\n'
} > "$c/answers/drs-status-restore.txt"
cat > "$c/answers/dbreplication-runtimestate.txt" <<EOR
admin:utils dbreplication runtimestate

Server Time: Mon Mar 10 16:05:41 UTC 2025

Cluster Replication State: BROADCAST SYNC Completed on 1 servers at: 2025-03-10-15-58
     Last Sync Result: SYNC COMPLETED on 709 tables out of 709
     Sync Status: NO ERRORS
     Use CLI to see detail: 'file view activelog cm/trace/dbl/2025_03_10_15_52_08_dbl_repl_output_Broadcast.log'

DB Version: ccm12_0_1_10000_10
Repltimeout set to: 300s
PROCESS option set to: 1

Cluster Detailed View from $PUB (2 Servers):

                                PING      DB/RPC/   REPL.    Replication    REPLICATION SETUP
SERVER-NAME         IP ADDRESS  (msec)    DbMon?    QUEUE    Group ID       (RTMT) & Details
-----------         ----------  ------    -------   -----    -----------    ------------------
$PUB            $PUB_IP  0.031     Y/Y/Y     0        (g_2)          (2) Setup Completed
$SUB            $SUB_IP  0.287     Y/Y/Y     0        (g_3)          (2) Setup Completed

admin:
EOR

# The backups on the device, as `utils disaster_recovery show_backupfiles`
# lists them (reconstructed, like the two above): the nightly sets.
{
	printf 'admin:utils disaster_recovery show_backupfiles restore\n'
	printf '2025-03-07-02-00-00\n2025-03-08-02-00-00\n%s\n\nadmin:\n' "$BACKUP_ID"
} > "$c/answers/show-backupfiles.txt"
# What the operator types at the confirmations of the shipped recipes
# (recipe-run --answer STEP=FILE): the publisher's name, its FQDN as the
# ITLRecovery certificate names it, the backup device, "reset", ...
printf '%s\n' "$PUB" > "$c/answers/confirm-publisher.txt"
printf '%s\n' "$PUB_FQDN" > "$c/answers/confirm-publisher-fqdn.txt"
for _a in restore reset restarted registered regenerate deleted; do
	printf '%s\n' "$_a" > "$c/answers/confirm-$_a.txt"
done

# ---- known truth ---------------------------------------------------------------
fp() { openssl x509 -noout -fingerprint -sha1 -in "$w/$1.pem" | sed 's/.*=//' | tr -d : | tr A-F a-f; }
sum() { "$1sum" "$2" | cut -d' ' -f1; }
size() { wc -c < "$1" | tr -d ' '; }
REC_SHA1=$(fp rec)
RESET=$c/expected/ITLFile-reset.tlv
CUR=$c/tftp/$PUB/ITLFile.tlv
cat > "$c/truth.env" <<EOT
# Known truth of this demo case (generated by samples/mkdemo.sh; no secrets).
CASE_AT=$CASE_AT
DOMAIN=$DOMAIN
PUB=$PUB
SUB=$SUB
PUB_IP=$PUB_IP
SUB_IP=$SUB_IP
VERSION=$VERSION
BACKUP_ID=$BACKUP_ID
BACKUP_MANIFEST=backup/${BACKUP_ID}_${PUB}_drfComponent.xml
DRS_SCHEME=4
REC_CERT_SHA1=$REC_SHA1
REC_SUBJECT='CN=ITLRECOVERY_$PUB_FQDN;OU=Voice;O=Example Health;L=Raleigh;ST=NC;C=US'
PUB_CCM_SHA1=$(fp pub-ccm)
PUB_TVS_SHA1=$(fp pub-tvs)
SUB_CCM_SHA1=$(fp sub-ccm)
SUB_TVS_SHA1=$(fp sub-tvs)
CAPF_SHA1=$(fp capf)
OLD_PUB_CCM_SHA1=$(fp old-pub-ccm)
PUB_ITL_SHA1=$ITL_PUB
PUB_ITL_SHA256=$(sum sha256 "$CUR")
SUB_ITL_SHA1=$ITL_SUB
CTL_SHA1=$CTL_CUR
OLD_PUB_ITL_SHA1=$ITL_OLD_PUB
OLD_SUB_ITL_SHA1=$ITL_OLD_SUB
OLD_CTL_SHA1=$CTL_OLD
RESET_TIMESTAMP=$T_RESET
RESET_ITL_SIZE=$(size "$RESET")
RESET_ITL_MD5=$(sum md5 "$RESET")
RESET_ITL_SHA1=$(sha1_of "$RESET")
RESET_ITL_SHA256=$(sum sha256 "$RESET")
RESET_ITL_SIGNER_RECORD=5
PHONES_ALL=$PHONES_ALL
PHONES_CURRENT='$PHONES_CURRENT'
PHONES_STALE='$PHONES_STALE'
PHONES_NOT_INSTALLED='$PHONES_NONE'
EOT
. "$c/truth.env"

# ---- README.md ------------------------------------------------------------------
records() { # the records of the publisher's ITL (and of its reset)
	printf '| 1 | SAST (signs the file as served) | CallManager `%s` | %s |\n' "$PUB_FQDN" "$PUB_CCM_SHA1"
	printf '| 2 | TFTP | CallManager `%s` | %s |\n' "$PUB_FQDN" "$PUB_CCM_SHA1"
	printf '| 3 | CAPF (hash only) | `%s` | %s |\n' "$CAPF_CN" "$CAPF_SHA1"
	printf '| 4 | TVS (hash only) | `%s` | %s |\n' "$PUB_FQDN" "$PUB_TVS_SHA1"
	printf '| 5 | SAST (signs the reset) | `ITLRECOVERY_%s` | %s |\n' "$PUB_FQDN" "$REC_CERT_SHA1"
	printf '| 6 | TVS (hash only) | `%s` | %s |\n' "$SUB_FQDN" "$SUB_TVS_SHA1"
}
phone_table() {
	awk '{ last[$1] = $3; ip[$1] = $2 } END { for (d in last) print d, ip[d], last[d] }' \
	    "$w/phones" | sort | while read -r dev ip holds; do
		case $holds in
		pub)	st="current"; f="tftp/$PUB/ITLFile.tlv" ;;
		sub)	st="current"; f="tftp/$SUB/ITLFile.tlv" ;;
		old-pub) st="stale-recoverable (itl-recovery)"; f="history/$PUB/ITLFile.tlv" ;;
		old-sub) st="stale-recoverable (itl-recovery)"; f="history/$SUB/ITLFile.tlv" ;;
		*)	st="not-installed"; f="none" ;;
		esac
		printf '| %s | %s | %s | %s |\n' "$dev" "$ip" "$f" "$st"
	done
}
{
cat <<EOR
# The demo case: rebuilding the publisher of a two-node CUCM 12.0 cluster

Generated by \`samples/mkdemo.sh\` with the openssl command line and
itlkit's own tools (\`itl-sign --build\`, \`itl-sign --resign\`, \`itl-show\`).
**Nothing here was produced by CUCM.**  Keys are random: the hashes below
were computed when this case was generated, and \`truth.env\` holds the same
facts for scripts.

## The story

* Cluster: publisher \`$PUB\` ($PUB_IP) and subscriber \`$SUB\` ($SUB_IP),
  domain \`$DOMAIN\`, mask $MASK, gateway $GW, DNS $DNS1 and $DNS2,
  NTP $NTP, time zone $TZNAME, CUCM $VERSION, mixed mode (tokenless CTL).
  Certificates: RSA 2048, SHA-256, subject \`OU=Voice;O=Example Health;L=Raleigh;ST=NC;C=US\`.
* 2019-06-03: installed.  CallManager, TVS and CAPF certificates for 5
  years; the publisher's ITLRecovery certificate for 20 years.
* 2024-05-21: CallManager, TVS and CAPF certificates regenerated on both
  nodes, one at a time (20 minutes apart).  Registered phones followed
  through TVS; eight phones were switched off that night (a closed wing)
  and still hold the 2019 ITL: its CallManager and TVS certificates are all
  gone, so they reject every file signed since ("Trust List Update Failed").
* 2025-03-09 02:00: nightly DRS backup (\`backup/\`).
* 2025-03-10: the publisher's disk is lost.  The publisher is reinstalled
  and restored from the backup, then \`utils itl reset localkey\` re-signs
  its ITL with the ITLRecovery key, which every phone of the cluster (the
  stale ones too) holds: the bulk reset brings the stale phones back.

## Files

| path | what it is |
| --- | --- |
| \`backup/\` | the DRS backup set \`$BACKUP_ID\`: manifest \`${BACKUP_ID}_${PUB}_drfComponent.xml\` and seven components (see below) |
| \`cluster.pw\` | the cluster security password (mode 0600) |
| \`ITLRecovery.p12\` | the publisher's recovery key as \`file get tftp ITLRecovery.p12\` exports it (same bytes as in the backup): PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC, 2048 iterations) for key and certificate, HMAC-SHA256 MAC: the modern format, assumed for CUCM 12 and later (the algorithms CUCM really uses are not public) |
| \`p12.pw\` | its password (mode 0600): the cluster security password itself, which CUCM bases it on (the exact derivation is not public) and drs-verify tries first |
| \`tftp/$PUB/ITLFile.tlv\`, \`tftp/$SUB/ITLFile.tlv\` | the ITLs the nodes served before the crash (the same bytes as in the backup), signed by each node's CallManager key of 2024 |
| \`tftp/$PUB/CTLFile.tlv\`, \`tftp/$SUB/CTLFile.tlv\` | the cluster's CTL (built on the publisher, served by both) |
| \`history/$PUB/ITLFile.tlv\`, \`history/$SUB/ITLFile.tlv\`, \`history/$PUB/CTLFile.tlv\` | the 2019 lists, signed by the 2019 CallManager keys: what the stale phones hold |
| \`expected/ITLFile-reset.tlv\` | the reset the recovery predicts: \`tftp/$PUB/ITLFile.tlv\` re-signed offline with \`ITLRecovery.p12\` (\`itl-sign --resign --timestamp $T_RESET\`) |
| \`certs/*.pem\` | every certificate (\`old-*\`: 2019); no private key is kept outside the p12 |
| \`alarms/CiscoSyslog.txt\` | a CiscoSyslog export: $PHONES_ALL phones' DeviceTLInfo alarms (and registration lines) |
| \`answers/\` | what the operator pastes back during the rebuild (below) |
| \`truth.env\` | the known truth as shell variables |

### The backup set

Made as \`tests/data/drs/mkset.sh\` makes sets: each component an
\`openssl enc -aes-128-cbc -md sha1\` container under its own 20-character
backup password (fixed salt), the manifest values encrypted under the
cluster security password with scheme 4 (PBKDF2-HMAC-SHA256 of the platform
encoding, AES-128-CBC), the scheme public research gives for CUCM 12.0.
The version is 12.0 rather than 12.5: no scheme of 12.5 is public, and for
such a version \`drs-verify\` reports a wrong password as an unsupported
scheme (it never guesses), which would blur the demo's wrong-password case.

| component | contents |
| --- | --- |
| \`${PUB}_UCM_PLATFORM\`, \`${SUB}_UCM_PLATFORM\` | tar: \`/usr/local/platform/conf/platformConfig.xml\`, the install answers a rebuild repeats (host name, IP, mask, gateway, DNS, domain, time zone, NTP, certificate subject; element names of CUCM's answer files, password elements left out) |
| \`${PUB}_UCM_TFTP\` | gzip'd tar: \`/usr/local/cm/tftp/ITLFile.tlv\`, \`CTLFile.tlv\`, \`ITLRecovery.p12\` |
| \`${SUB}_UCM_TFTP\` | gzip'd tar: \`/usr/local/cm/tftp/ITLFile.tlv\`, \`CTLFile.tlv\` |
| \`${PUB}_UCM_CLM\`, \`${PUB}_UCM_CCMDB\`, \`${SUB}_UCM_CLM\` | placeholders (one text file each): the demo does not model them |

Where CUCM keeps these files inside a backup is not public.  The TFTP
component is the natural place: \`/usr/local/cm/tftp\` is the folder the
TFTP service serves the ITL and CTL from, and \`file get tftp
ITLRecovery.p12\` reads the recovery key from that same folder.  Member
paths are absolute, as in DRS tars.

Values a rebuild must repeat: version $VERSION, host names \`$PUB\` /
\`$SUB\`, IPs $PUB_IP / $SUB_IP, mask $MASK, gateway $GW, DNS $DNS1 /
$DNS2, domain \`$DOMAIN\`, NTP $NTP, the cluster security password of
\`cluster.pw\`.

## Known truth

* \`drs-verify --deep --password-file cluster.pw backup\`: status ok,
  scheme 4, seven components, checksums match; artifacts found: ITLFile.tlv
  (valid, ITLRECOVERY record) and CTLFile.tlv in both TFTP components,
  ITLRecovery.p12 (password matched) in the publisher's;
  DRS_RECOVERY_KEY_MATCHES_ITL for both ITLs.
* ITLRecovery certificate: \`ITLRECOVERY_$PUB_FQDN\`, SHA-1 \`$REC_CERT_SHA1\`,
  serial 71:A2:B3:C4:D5:E6:F7:08:19:2A:3B:4C:5D:6E:7F:80, 2019-06-03 to 2039-05-29.
  \`p12-check --password-file p12.pw --itl tftp/$PUB/ITLFile.tlv ITLRecovery.p12\`
  matches it with record 5 of the ITL.
* The publisher's ITL as served: SHA-1 \`$PUB_ITL_SHA1\`,
  SHA-256 \`$PUB_ITL_SHA256\`, signed by record 1 (CallManager).
  Subscriber's: SHA-1 \`$SUB_ITL_SHA1\`.  CTL: SHA-1 \`$CTL_SHA1\`.
* The 2019 lists: publisher ITL SHA-1 \`$OLD_PUB_ITL_SHA1\`, subscriber ITL
  \`$OLD_SUB_ITL_SHA1\`, CTL \`$OLD_CTL_SHA1\`.
* The reset (\`expected/ITLFile-reset.tlv\`, timestamp $T_RESET =
  2025-03-10T16:20:00Z): $RESET_ITL_SIZE bytes, MD5 \`$RESET_ITL_MD5\`,
  SHA-1 \`$RESET_ITL_SHA1\`, SHA-256 \`$RESET_ITL_SHA256\`; signer record 5
  (ITLRECOVERY).  Its records are those of the ITL as served, byte for byte;
  only the header changed.  Another timestamp gives another file hash, the
  same records:

| record | role | certificate | SHA-1 of the certificate |
| --- | --- | --- | --- |
EOR
records
cat <<EOR

* \`itl-trust --installed history/$PUB/ITLFile.tlv --candidate tftp/$PUB/ITLFile.tlv\`:
  reject (the 2024 CallManager signer is unknown to the 2019 list, and both
  TVS certificates changed); with \`--candidate expected/ITLFile-reset.tlv\`:
  accept, path itl-recovery.
* \`itl-phones --itl $PUB=tftp/$PUB/ITLFile.tlv --itl $SUB=tftp/$SUB/ITLFile.tlv
  --history history/$PUB/ITLFile.tlv --history history/$SUB/ITLFile.tlv
  alarms/CiscoSyslog.txt\`: $PHONES_ALL phones, the latest report of each:

| device | IP | holds | status |
| --- | --- | --- | --- |
EOR
phone_table
cat <<EOR

  The stale phones are $PHONES_STALE: a bulk ITL reset (the ITL re-signed by
  ITLRecovery) reaches them all.  $PHONES_NOT_INSTALLED holds no ITL and
  takes the first one it is given.  SEPF8A5C5D1E007 reported the 2019 list
  on March 3 and the current one on March 7: its trust list was erased by
  hand in between.

## The operator's answers (\`answers/\`)

| file | what the operator pastes | expected |
| --- | --- | --- |
| \`show-itl-after-reset.txt\` | \`show itl\` on the rebuilt publisher after \`utils itl reset localkey\` | the records above, signed by ITLRECOVERY (record 5): SHA-1 \`$RESET_ITL_SHA1\` |
| \`show-itl-still-callmanager.txt\` | the failing case: \`show itl\` when the reset did not happen | signed by CallManager (record 1): SHA-1 \`$PUB_ITL_SHA1\` |
| \`drs-status-restore.txt\` | \`utils disaster_recovery status restore\` | 100%, SUCCESS for the publisher's four components |
| \`dbreplication-runtimestate.txt\` | \`utils dbreplication runtimestate\` | state 2 (Setup Completed) on both nodes |
| \`show-backupfiles.txt\` | \`utils disaster_recovery show_backupfiles restore\` | lists set \`$BACKUP_ID\` |
| \`confirm-*.txt\` | the word typed at a recipe's confirmation | \`confirm-publisher.txt\`: $PUB; \`confirm-publisher-fqdn.txt\`: $PUB_FQDN; the others their word |

The two \`show itl\` texts are \`itl-show\`'s rendering of the files (its
text layout is CUCM's; itlkit's own title and verdict lines removed, times
in UTC where CUCM prints the node's zone).  **\`drs-status-restore.txt\` and
\`dbreplication-runtimestate.txt\` are reconstructed** (and so is
\`show-backupfiles.txt\`): written from the
public descriptions of those commands' output, not copied from a capture;
column spacing and wording may differ from a real CUCM 12.0.  Their layout:

* drs-status: \`Status: SUCCESS :Restore Completed...\`, \`Tar Filename:\`,
  \`Storage Location:\`, \`Operation: restore\`, \`Percentage Complete: 100\`,
  then one line per component: FEATURE SERVER COMPONENT PERCENT RESULT
  START-TIME LOG-FILE.
* dbreplication: a table with one row per node whose last column is
  \`(STATE) Setup Completed\`, STATE 2 meaning replication is good.

## Not modelled

* itl-sign --build writes no DNSNAME or IPADDRESS into records (CUCM fills
  both, in CTL records in particular); every record here has an empty DNS
  name.
* The CLM and CCMDB components are placeholders; the platformConfig.xml
  files hold no passwords.
* Phones of a mixed-mode cluster also need their CTL recovered
  (\`utils ctl reset localkey\`); the alarms report the CTL each phone holds,
  but the demo's checks are about the ITL.
EOR
} > "$c/README.md"

if [ -e "$out" ]; then
	rmdir "$out" || die "$out is not empty"
fi
mv "$c" "$out" || die "cannot create $out"
echo "mkdemo.sh: demo case written to $out"
