p12-check --bogus p12/itlrecovery-legacy.p12
