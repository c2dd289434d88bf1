itl-diff --at 2024-06-01T00:00:00Z pub=cluster/pub.tlv sub=cluster/sub-no-pub-tvs.tlv
