itl-phones --json --itl pub=cluster/pub.tlv --history cluster/pub-pre10.tlv --history cluster/pub-v2-ccm.tlv events/syslog-mixed.txt
