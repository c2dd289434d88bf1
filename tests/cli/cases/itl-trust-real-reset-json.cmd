itl-trust --json --installed dumps/cucm10-show-itl-before-reset.txt --candidate dumps/cucm10-show-itl-after-reset.txt
