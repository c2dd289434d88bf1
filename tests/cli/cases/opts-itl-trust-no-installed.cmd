itl-trust --candidate cluster/pub.tlv
