printf "wrong\n" > "$WORK/wrong.pw"; p12-check --json --password-file "$WORK/wrong.pw" p12/itlrecovery-legacy.p12 > "$WORK/o"; rc=$?; grep -o "\"status\":\"[a-z-]*\"" "$WORK/o"; exit $rc
