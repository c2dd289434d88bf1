PW=not-it p12-check --json --at 2016-01-01T00:00:00Z --password-env PW p12/itlrecovery-modern.p12
