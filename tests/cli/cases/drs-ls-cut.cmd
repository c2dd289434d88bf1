drs-ls drs/bad/cut
