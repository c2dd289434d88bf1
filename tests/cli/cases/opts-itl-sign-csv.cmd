itl-sign --csv --resign cluster/pub.tlv --out "$WORK/x.tlv"
