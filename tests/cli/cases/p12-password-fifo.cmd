rm -f "$WORK/pw.fifo"; mkfifo "$WORK/pw.fifo" && timeout 10 p12-check --password-file "$WORK/pw.fifo" p12/itlrecovery-legacy.p12; rc=$?; rm -f "$WORK/pw.fifo"; exit $rc
