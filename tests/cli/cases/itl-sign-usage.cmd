itl-sign --resign p12/before.tlv --p12 p12/itlrecovery-legacy.p12
