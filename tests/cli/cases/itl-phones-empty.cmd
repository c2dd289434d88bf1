d=$(pwd); : > "$WORK/empty.log"; cd "$WORK" && itl-phones --itl "$d/cluster/pub.tlv" empty.log
