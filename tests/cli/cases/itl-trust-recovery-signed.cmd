itl-trust --installed cluster/pub.tlv --installed sub=cluster/sub.tlv --candidate cluster/pub-v2-both-reset.tlv
