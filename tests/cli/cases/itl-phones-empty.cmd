itl-phones --itl cluster/pub.tlv /dev/null
