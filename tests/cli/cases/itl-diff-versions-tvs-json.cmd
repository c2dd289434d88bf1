itl-diff --at 2024-06-01T00:00:00Z --json --versions cluster/pub.tlv cluster/pub-v2-ccm.tlv
