drs-extract --out-dir "$WORK/two" drs/gen/s1 drs/gen/s2
