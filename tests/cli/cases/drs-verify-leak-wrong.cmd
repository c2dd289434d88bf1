drs-verify --json --no-progress --password-file drs/gen/wrong.pw drs/gen/leak
