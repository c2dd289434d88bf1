itl-phones --json --csv --itl cluster/pub.tlv events/syslog-mixed.txt
