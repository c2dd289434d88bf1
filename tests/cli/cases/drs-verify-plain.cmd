drs-verify --deep --password-file drs/gen/cluster.pw drs/gen/plain
