touch "$WORK/exists.tlv" && itl-sign --resign p12/before.tlv --p12 p12/itlrecovery-modern.p12 --password-file p12/pw.txt --out "$WORK/exists.tlv" > /dev/null
