itl-sign --resign p12/before.tlv --p12 p12/itlrecovery-legacy.p12 --password-file p12/pw.txt --timestamp 1393440886 --out "$WORK/reset.tlv" > "$WORK/o"; echo "exit $?"; sed "s|$WORK|WORK|" "$WORK/o"
