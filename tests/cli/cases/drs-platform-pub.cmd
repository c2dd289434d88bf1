drs-platform drs/platform/pub-platformConfig.xml
