itl-trust --installed pub=cluster/pub.tlv --installed none --installed pre10=cluster/pub-pre10.tlv --installed foreign=cluster/foreign-pub.tlv --candidate cluster/pub-v2-both.tlv
