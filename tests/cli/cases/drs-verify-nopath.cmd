drs-verify --password-file drs/gen/cluster.pw drs/nonexistent
