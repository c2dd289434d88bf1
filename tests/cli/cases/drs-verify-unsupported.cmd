drs-verify --json --password-file drs/gen/cluster.pw drs/gen/unsupported
