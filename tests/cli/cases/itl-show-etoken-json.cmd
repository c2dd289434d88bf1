itl-show --json --at 2024-06-01T00:00:00Z dumps/etoken-show-ctl.txt
