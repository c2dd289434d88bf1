itl-show --at 2016-01-01T00:00:00Z p12/forged-recovery.tlv
