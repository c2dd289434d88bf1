head -c 100 p12/before.tlv | itl-sign --resign - --key p12/ccm.key --cert p12/ccm.pem --out /nonexistent/x.tlv
