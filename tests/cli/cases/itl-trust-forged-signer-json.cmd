itl-trust --json --installed p12/before.tlv --installed none --candidate p12/forged-recovery.tlv
