head -c 700 cucm-tokenless-CTLFile.tlv | itl-diff --at 2024-06-01T00:00:00Z --json pub=cluster/pub.tlv cut=-
