itl-sign --resign p12/itlrecovery-legacy.p12 --key p12/ccm.key --cert p12/ccm.pem --json --out /nonexistent/x.tlv
