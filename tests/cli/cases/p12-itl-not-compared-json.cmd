PW=not-it p12-check --json --at 2016-01-01T00:00:00Z --password-env PW --itl p12/before.tlv p12/itlrecovery-legacy.p12
