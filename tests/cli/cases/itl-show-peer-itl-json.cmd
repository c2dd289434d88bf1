itl-show --json --at 2026-01-01T00:00:00Z certutils-built-ITLFile.tlv
