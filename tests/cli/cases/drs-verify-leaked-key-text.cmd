drs-verify --no-progress --password-file drs/gen/wrong.pw --use-leaked-key drs/gen/leak
