p12-check --json --at 2016-01-01T00:00:00Z --password-file p12/pw.txt p12/itlrecovery-legacy.p12 p12/callmanager.p12 p12/itlrecovery-modern.p12
