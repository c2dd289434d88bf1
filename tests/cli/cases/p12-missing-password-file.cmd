p12-check --password-file p12/nonexistent p12/itlrecovery-legacy.p12
