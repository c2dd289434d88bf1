drs-platform --json drs/platform/hostile-platformConfig.xml drs/platform/dtd-platformConfig.xml drs/platform/deep-platformConfig.xml drs/platform/truncated-platformConfig.xml
