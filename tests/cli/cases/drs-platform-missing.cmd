drs-platform --json drs/platform/no-such-platformConfig.xml
