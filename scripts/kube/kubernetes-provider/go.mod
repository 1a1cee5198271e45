module castai-fleet/pulumi-resource-kubernetes-build

go 1.24.7

// The only build of provider/v4 the Go module proxy serves: the commit of pulumi-kubernetes v4.25.0.
require github.com/pulumi/pulumi-kubernetes/provider/v4 v4.0.0-20260115033456-f47bc2d6f199

// Upstream replaces the SDK with its sibling folder, which a module download does not carry.
replace github.com/pulumi/pulumi-kubernetes/sdk/v4 => github.com/pulumi/pulumi-kubernetes/sdk/v4 v4.22.2
