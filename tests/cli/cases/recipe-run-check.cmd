recipe-run --check recipes/good.yaml
