itl-show --quiet cluster/pub.tlv; echo "exit $?"
