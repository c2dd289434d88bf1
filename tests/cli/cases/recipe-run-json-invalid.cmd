recipe-run --json recipes/invalid.yaml 2>/dev/null
