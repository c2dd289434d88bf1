itl-show --json --at 2016-01-01T00:00:00Z cucm-CTLFile-corrupted.tlv
