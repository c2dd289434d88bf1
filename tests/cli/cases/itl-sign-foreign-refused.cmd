itl-sign --resign p12/before.tlv --p12 p12/foreign.p12 --password-file p12/pw.txt --timestamp 1393440886 --out /nonexistent/x.tlv --json
