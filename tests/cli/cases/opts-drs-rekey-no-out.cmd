drs-rekey --password-file drs/gen/cluster.pw drs/gen/s2
