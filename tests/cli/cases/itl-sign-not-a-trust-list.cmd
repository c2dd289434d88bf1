itl-sign --resign p12/pw.txt --key p12/ccm.key --cert p12/ccm.pem --json --out /nonexistent/x.tlv
