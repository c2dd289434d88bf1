itl-sign --resign cluster/pub.tlv --p12 cluster/sub.tlv --password-file p12/pw.txt --out "$WORK/o.tlv"
