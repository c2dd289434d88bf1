drs-ls drs/gen/s1 drs/gen/pre10
