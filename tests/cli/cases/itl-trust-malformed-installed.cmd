itl-trust --installed pub=cucm-CTLFile-corrupted.tlv --installed cluster/pub.tlv --candidate cluster/pub.tlv
