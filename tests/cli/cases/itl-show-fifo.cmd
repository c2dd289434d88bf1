rm -f "$WORK/fifo.tlv"; mkfifo "$WORK/fifo.tlv" && timeout 10 itl-show "$WORK/fifo.tlv"; rc=$?; rm -f "$WORK/fifo.tlv"; exit $rc
