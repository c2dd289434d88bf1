recipe-run --check recipes/invalid.yaml 2>&1
