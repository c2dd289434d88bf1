timeout 10 itl-phones --itl pub=cluster/pub.tlv /dev/zero
