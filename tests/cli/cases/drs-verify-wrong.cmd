drs-verify --json --password-file drs/gen/wrong.pw drs/gen/s1
