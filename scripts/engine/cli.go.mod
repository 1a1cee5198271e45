module castai-fleet/pulumi-cli-build

go 1.25.8

require (
	github.com/pulumi/pulumi/pkg/v3 v@VERSION@
	github.com/pulumi/pulumi/sdk/v3 v@VERSION@
)

// The same replace that pulumi/pkg/go.mod carries; without it the clipboard module does not build.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
