head -c 700 p12/itlrecovery-legacy.p12 | p12-check --at 2016-01-01T00:00:00Z --password-file p12/pw.txt --itl p12/before.tlv -
