// Command pulumi-resource-openstack serves the OpenStack provider to the engine.
//
// Upstream's main embeds a schema that `make tfgen` generates and that the Go
// module does not ship, so build.sh generates it with pulumi-tfgen-openstack
// into this directory and this main embeds it.
package main

import (
	_ "embed"

	openstack "github.com/pulumi/pulumi-openstack/provider/v5"
	"github.com/pulumi/pulumi-openstack/provider/v5/pkg/version"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
)

// pulumiSchema is written by tools/engine/build.sh (never committed).
//
//go:embed schema-embed.json
var pulumiSchema []byte

func main() {
	// version.Version is set by build.sh with -ldflags -X.
	tfbridge.Main("openstack", version.Version, openstack.Provider(), pulumiSchema)
}
