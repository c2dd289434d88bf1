gzip -c events/syslog-mixed.txt | itl-phones --itl cluster/pub.tlv -
