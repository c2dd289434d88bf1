printf 'hello\nnot a dump\n' | itl-trust --installed cluster/pub.tlv --candidate -
