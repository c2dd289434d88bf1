itl-trust --installed cluster/missing.tlv --candidate cluster/pub.tlv
