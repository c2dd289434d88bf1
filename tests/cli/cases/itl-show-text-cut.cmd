itl-show --at 2024-06-01T00:00:00Z dumps/cucm10-show-itl-after-reset-cut60.txt
