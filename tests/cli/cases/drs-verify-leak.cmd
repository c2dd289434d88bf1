drs-verify --json --deep --password-file drs/gen/cluster.pw drs/gen/leak
