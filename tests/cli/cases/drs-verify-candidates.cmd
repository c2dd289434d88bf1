drs-verify --json --password-file drs/gen/multi.pw drs/gen/s2
