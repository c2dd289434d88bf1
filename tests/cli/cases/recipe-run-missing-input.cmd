recipe-run --dry-run --var itl=cluster/pub.tlv recipes/good.yaml
