p12-check --at 2021-01-01T00:00:00Z --password-file p12/pw.txt --itl p12/before.tlv p12/foreign.p12
