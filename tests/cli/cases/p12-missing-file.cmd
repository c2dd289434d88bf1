p12-check --password-file p12/pw.txt p12/nonexistent.p12
