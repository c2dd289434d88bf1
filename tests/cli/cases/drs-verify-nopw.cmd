drs-verify --json drs/gen/s2
