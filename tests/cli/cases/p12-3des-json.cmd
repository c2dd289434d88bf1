p12-check --json --at 2016-01-01T00:00:00Z --password-file p12/pw.txt p12/itlrecovery-3des.p12
