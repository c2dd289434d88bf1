itl-diff --at 2024-06-01T00:00:00Z --publisher newpub.joemar2.lab pub=dumps/cucm10-show-itl-after-reset.txt pub-served=cluster/pub.tlv
