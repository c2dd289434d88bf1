itl-show --at 2024-06-01T00:00:00Z --json dumps/cucm10-show-itl-after-reset.txt
