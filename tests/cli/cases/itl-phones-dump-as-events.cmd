itl-phones --csv --itl cluster/pub.tlv dumps/cucm10-show-itl-before-reset.txt
