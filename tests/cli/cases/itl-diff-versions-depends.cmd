itl-diff --at 2024-06-01T00:00:00Z pub=cluster/pub.tlv pub=cluster/pub-v2-both.tlv
