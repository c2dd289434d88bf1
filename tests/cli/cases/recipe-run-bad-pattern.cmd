recipe-run --var itl=cluster/pub.tlv --var reset_itl=cluster/pub-reset.tlv --var publisher=Bad recipes/good.yaml
