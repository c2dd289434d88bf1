recipe-run --dry-run --var itl=cluster/pub.tlv --var reset_itl=cluster/pub-reset.tlv --var password=p12/pw.txt recipes/good.yaml
