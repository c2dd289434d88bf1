PW=not-it itl-sign --resign p12/before.tlv --p12 p12/itlrecovery-legacy.p12 --password-env PW --out /nonexistent/x.tlv
