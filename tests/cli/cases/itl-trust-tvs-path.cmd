itl-trust --installed cluster/pub.tlv --candidate cluster/pub-v2-ccm.tlv
