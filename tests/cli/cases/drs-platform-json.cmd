drs-platform --json drs/platform/pub-platformConfig.xml drs/gen/s1/2020-01-02-03-04-05_PUB1_drfComponent.xml
