itl-phones --json --itl pub=cluster/pub.tlv --history cluster/pub-pre10.tlv events/syslog-mixed.txt
