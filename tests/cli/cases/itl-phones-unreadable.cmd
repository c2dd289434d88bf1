itl-phones --itl cluster/pub.tlv events/missing.log
