itl-phones --json --itl cluster/pub.tlv cluster/sub.tlv
