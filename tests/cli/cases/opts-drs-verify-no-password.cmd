drs-verify --json --no-progress drs/gen/s2 > /dev/null
