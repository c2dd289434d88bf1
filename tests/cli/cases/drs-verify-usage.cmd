drs-verify
