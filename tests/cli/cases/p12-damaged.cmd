{ head -c 600 p12/itlrecovery-legacy.p12; printf X; tail -c +602 p12/itlrecovery-legacy.p12; } | p12-check --at 2016-01-01T00:00:00Z --password-file p12/pw.txt -
