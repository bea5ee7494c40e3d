// Command tfnames prints the resource and data-source names of the Terraform
// OpenStack provider as JSON, the input of
// `python -m govcloud.engine.sdk_tokens derive`.
package main

import (
	"encoding/json"
	"maps"
	"os"
	"slices"

	"github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
)

func main() {
	p := openstack.Provider()
	names := map[string][]string{
		"resources":   slices.Sorted(maps.Keys(p.ResourcesMap)),
		"dataSources": slices.Sorted(maps.Keys(p.DataSourcesMap)),
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(names); err != nil {
		os.Exit(1)
	}
}
