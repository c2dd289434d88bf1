itl-diff cluster/pub.tlv
