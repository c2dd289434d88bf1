#!/bin/sh
# A binary ITL rendered by itl-show as `show itl` text and read back as a
# dump is the same trust list: itl-diff sees no change between the two,
# and the hashes the dump carries are the binary file's.
set -eu
itl-show --at 2024-06-01T00:00:00Z cluster/pub.tlv > "$WORK/pub-dump.txt"
itl-diff --json pub=cluster/pub.tlv "pub=$WORK/pub-dump.txt" > "$WORK/diff.json"
grep -q '"mode":"versions"' "$WORK/diff.json"
grep -q '"changes":\[\]' "$WORK/diff.json"
grep -q '"path":"signer-in-installed"' "$WORK/diff.json"
sha=$(sha1sum cluster/pub.tlv | cut -c1-40)
[ "$(grep -o "\"sha1\":\"$sha\"" "$WORK/diff.json" | wc -l)" = 2 ]
# The dump alone: six records, signer record 1.
itl-show --json "$WORK/pub-dump.txt" > "$WORK/show.json"
grep -q '"format":"text"' "$WORK/show.json"
grep -q '"signer":{[^}]*"record":1' "$WORK/show.json"
[ "$(grep -o '"index":' "$WORK/show.json" | wc -l)" = 6 ]
