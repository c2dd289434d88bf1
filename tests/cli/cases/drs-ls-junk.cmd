drs-ls --json drs/gen/junk
