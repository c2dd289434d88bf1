itl-trust --json --installed sub=cluster/sub.tlv --installed pub=cluster/pub.tlv --candidate cluster/pub-v2-both.tlv
