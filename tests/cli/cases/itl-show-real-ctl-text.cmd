itl-show --at 2016-01-01T00:00:00Z cucm-tokenless-CTLFile.tlv
