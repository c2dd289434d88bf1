drs-platform drs/platform/hostile-platformConfig.xml
