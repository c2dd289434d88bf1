drs-verify --json --no-progress --password-file drs/gen/wrong.pw drs/gen/s1 > "$WORK/o"; rc=$?; grep -o "\"status\":\"wrong-password\"" "$WORK/o"; exit $rc
