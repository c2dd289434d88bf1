itl-trust --installed events/syslog-mixed.txt --candidate cluster/pub.tlv
