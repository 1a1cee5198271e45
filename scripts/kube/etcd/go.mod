module castai-fleet/etcd-build

go 1.23

// etcd's own modules replace each other with sibling folders; as a dependency they come at their published versions.
require go.etcd.io/etcd/server/v3 v@ETCD_VERSION@
