touch "$WORK/exists.pem" && p12-check --password-file p12/pw.txt --extract-cert "$WORK/exists.pem" p12/itlrecovery-modern.p12 > /dev/null
