CLUSTER_PW=Cluster#Pass1 drs-verify --password-env CLUSTER_PW drs/gen/s4/2020-04-02-03-04-05_PUB_drfComponent.xml
