itl-show -h | head -n 1
