// Command pulumi-tfgen-openstack generates the provider's Pulumi schema:
//
//	PULUMI_CONVERT=0 pulumi-tfgen-openstack schema --out DIR --skip-examples
//
// Descriptions come from the Terraform provider's docs/ directory, which the
// bridge reads from GOVCLOUD_TF_UPSTREAM_DIR (the module's directory in
// GOMODCACHE, from `go list -m -f '{{.Dir}}' <module>`); without it the schema
// has no descriptions and tfgen warns.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfgen"

	"github.com/govcloud-iac/tools/engine/provider/openstack"
)

func main() {
	prov, err := openstack.ProviderInfo()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-tfgen-openstack:", err)
		os.Exit(1)
	}
	prov.UpstreamRepoPath = os.Getenv("GOVCLOUD_TF_UPSTREAM_DIR")
	tfgen.Main("openstack", prov.Version, prov)
}
