itl-show p12/itlrecovery-legacy.p12 | tail -3
