drs-extract --no-rebase --rebase-absolute --out-dir "$WORK/x" drs/gen/s1
