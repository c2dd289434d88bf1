p12-check --password-file p12/pw.txt cluster/pub.tlv
