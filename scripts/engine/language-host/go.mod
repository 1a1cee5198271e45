module castai-fleet/pulumi-language-nodejs

go 1.25.8

require (
	github.com/pulumi/pulumi/sdk/v3 v3.246.0
	google.golang.org/grpc v1.81.1
	google.golang.org/protobuf v1.36.11
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
