p12-check --at 2018-12-01T00:00:00Z --warn-days 180 --password-file p12/pw.txt p12/itlrecovery-3des.p12
