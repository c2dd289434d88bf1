itl-trust --installed p12/before.tlv --candidate p12/forged-recovery.tlv
