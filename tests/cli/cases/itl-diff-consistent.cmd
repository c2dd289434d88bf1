itl-diff --at 2024-06-01T00:00:00Z --publisher homepub pub=cluster/pub.tlv sub=cluster/sub.tlv
