// Builds the Pulumi CLI/engine (bin/pulumi) at the release matching the pinned
// Python SDK. See tools/engine/README.md.
module github.com/govcloud-iac/tools/engine/cli

go 1.26.6

require (
	github.com/pulumi/pulumi/pkg/v3 v3.272.0
	github.com/pulumi/pulumi/sdk/v3 v3.272.0
)

// pulumi/pkg's own go.mod has `replace github.com/pulumi/pulumi/sdk/v3 => ../sdk`
// (a local path: we require sdk/v3 at the same version instead) and the pinned
// clipboard fork below, which we must restate because a dependency's replace
// directives are ignored. Taken from pkg/v3@v3.260.0's go.mod, the nearest
// release whose go.mod the module proxy serves (v3.272.0's is refused).
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
