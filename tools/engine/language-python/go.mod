// Builds the Python language host (bin/pulumi-language-python), a nested module
// of pulumi/pulumi released with the same version as the engine.
module github.com/govcloud-iac/tools/engine/language-python

go 1.26.6

require (
	github.com/pulumi/pulumi/pkg/v3 v3.272.0
	github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3 v3.272.0
	github.com/pulumi/pulumi/sdk/v3 v3.272.0
)

// Upstream's go.mod replaces pkg/v3 and sdk/v3 with local paths (required above
// at the same version instead) and pins the clipboard fork, restated here.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
