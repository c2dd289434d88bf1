itl-show --at yesterday cucm-tokenless-CTLFile.tlv
