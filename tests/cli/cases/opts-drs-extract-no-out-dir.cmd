drs-extract --password-file drs/gen/cluster.pw drs/gen/s1
