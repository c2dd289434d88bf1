drs-ls --color=sometimes drs/gen/s1
