itl-phones events/syslog-mixed.txt
