# mkset.sh: build a one-component DRS set with the openssl command line
# only (no itlkit code), for benchmarks and as an independent cross-check
# of the manifest value schemes.  Source it, then:
#
#   drs_mkset DIR ID PUB VERSION SCHEME CLUSTER_PW RANDPW COMPONENT PLAIN_TAR...
#
# SCHEME is 1 (8.x-10.x) or 4 (12.0).  For each COMPONENT PLAIN_TAR pair,
# writes DIR/ID_PUB_UCM_COMPONENT.tar (openssl enc -aes-128-cbc -md sha1,
# all with RANDPW); then DIR/ID_PUB_drfComponent.xml.

drs_platform_hex() { # password -> 64 upper-case hex characters
	{ printf '%s' "$1"; head -c $((32 - ${#1})) /dev/zero; } |
		openssl enc -des-ecb -K EF00FF02FB00FF42 -nopad \
			-provider legacy -provider default |
		od -An -v -tx1 | tr -d ' \n' | tr a-f A-F
}

drs_scheme_key() { # scheme H -> key hex
	case $1 in
	1)	# MD5(H || salt), then 1023 more rounds of MD5.
		k=$({ printf '%s' "$2"; printf '\251\207\310\062\126\245\343\262'; } |
			openssl dgst -md5 -binary | od -An -v -tx1 | tr -d ' \n')
		i=1
		while [ $i -lt 1024 ]; do
			k=$(printf '%s' "$k" | xxd -r -p | openssl dgst -md5 -binary |
				od -An -v -tx1 | tr -d ' \n')
			i=$((i + 1))
		done
		echo "$k" ;;
	4)	openssl kdf -keylen 16 -kdfopt digest:SHA256 -kdfopt "pass:$2" \
			-kdfopt hexsalt:A987C83256A5E3B2 -kdfopt iter:1024 PBKDF2 |
			tr -d ':\n' ;;
	esac
}

drs_value() { # scheme key plaintext -> hex
	if [ "$1" = 1 ]; then
		printf '%s' "$3" | openssl enc -aes-128-ecb -K "$2"
	else
		printf '%s' "$3" | openssl enc -aes-128-cbc -K "$2" -iv 00000000000000000000000000000000
	fi | od -An -v -tx1 | tr -d ' \n'
}

drs_mkset() {
	_dir=$1 _id=$2 _pub=$3 _ver=$4 _sch=$5 _cpw=$6 _rpw=$7
	shift 7
	_key=$(drs_scheme_key "$_sch" "$(drs_platform_hex "$_cpw")")
	_objs=
	while [ $# -ge 2 ]; do
		_comp=$1 _tar=$2
		shift 2
		_f=$_dir/${_id}_${_pub}_UCM_${_comp}.tar
		openssl enc -aes-128-cbc -md sha1 -pass "pass:$_rpw" -in "$_tar" -out "$_f" 2> /dev/null
		_sum=$(sha1sum "$_f" | cut -c1-40)
		_objs="$_objs
          <ComponentObject>
            <ComponentName>$_comp</ComponentName>
            <EncryptKey>$(drs_value "$_sch" "$_key" "$_rpw")</EncryptKey>
            <EncryptedSHA1CheckSum>$(drs_value "$_sch" "$_key" "$_sum")</EncryptedSHA1CheckSum>
          </ComponentObject>"
	done
	cat > "$_dir/${_id}_${_pub}_drfComponent.xml" <<EOX
<?xml version="1.0" encoding="UTF-8"?>
<!-- made with the openssl command line by tests/data/drs/mkset.sh: NOT produced by CUCM -->
<list>
  <FeatureObject>
    <Version>$_ver</Version>
    <FeatureName>UCM</FeatureName>
    <vServerObject>
      <ServerObj>
        <ServerName>$_pub</ServerName>
        <vComponentObject>$_objs
        </vComponentObject>
      </ServerObj>
    </vServerObject>
  </FeatureObject>
</list>
EOX
}
