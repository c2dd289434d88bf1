itl-trust --installed cluster/pub.tlv --candidate cluster/pub-reset.tlv --json
