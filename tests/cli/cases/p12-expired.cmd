p12-check --at 2020-01-01T00:00:00Z --password-file p12/pw.txt p12/itlrecovery-legacy.p12
