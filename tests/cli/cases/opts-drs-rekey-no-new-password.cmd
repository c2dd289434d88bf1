drs-rekey --password-file drs/gen/cluster.pw --out "$WORK/new.xml" drs/gen/s2
