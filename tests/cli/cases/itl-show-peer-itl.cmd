itl-show --at 2026-01-01T00:00:00Z --warn-days 30 certutils-built-ITLFile.tlv
