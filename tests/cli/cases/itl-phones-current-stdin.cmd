grep -h DeviceName=SEP000000000001 events/syslog-mixed.txt | head -1 | itl-phones --itl pub=cluster/pub.tlv -
