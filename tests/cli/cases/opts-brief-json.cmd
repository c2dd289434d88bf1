itl-show --brief --json cluster/pub.tlv
