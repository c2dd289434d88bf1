head -c 700 cucm-tokenless-CTLFile.tlv | itl-show --json --at 2016-01-01T00:00:00Z -
