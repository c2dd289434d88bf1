drs-verify --json --deep --password-file drs/synthetic.pw drs/synthetic
