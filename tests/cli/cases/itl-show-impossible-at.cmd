itl-show --at 2024-02-31 cucm-tokenless-CTLFile.tlv
