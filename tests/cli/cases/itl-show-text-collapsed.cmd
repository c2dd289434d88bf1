itl-show --at 2024-06-01T00:00:00Z dumps/cisco-118893_show_ctl_outputs_collapsed.txt
