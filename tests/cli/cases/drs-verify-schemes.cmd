drs-verify --json --deep --password-file drs/gen/cluster.pw drs/gen/s2 drs/gen/s3 drs/gen/s4 drs/gen/pre10 drs/gen/trial
