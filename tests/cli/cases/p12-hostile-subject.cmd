p12-check --at 2021-01-01T00:00:00Z --password-file p12/pw.txt p12/hostile.p12
