drs-ls --json drs/gen
