itl-sign --resign p12/forged-recovery.tlv --p12 p12/itlrecovery-legacy.p12 --password-file p12/pw.txt --force --timestamp 1393440886 --json --out /nonexistent/x.tlv
