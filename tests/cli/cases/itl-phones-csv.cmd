itl-phones --csv --itl pub=cluster/pub.tlv --itl sub=cluster/sub.tlv --history cluster/pub-pre10.tlv events/cucm14-phones.csv
