p12-check --json p12/itlrecovery-legacy.p12 > /dev/null
