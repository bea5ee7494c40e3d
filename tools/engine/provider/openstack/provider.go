// Package openstack maps the Terraform OpenStack provider onto the Pulumi
// tokens of the pinned Python SDK (pulumi_openstack), so that the provider we
// build serves exactly the resources and functions that SDK calls.
//
// Upstream keeps this mapping in github.com/pulumi/pulumi-openstack/provider/v5,
// which the module proxy does not serve. tokens.json is derived from the
// installed SDK instead (python -m govcloud.engine.sdk_tokens derive; never
// edit it by hand).
package openstack

import (
	_ "embed" // tokens.json
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/info"
	shim "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	tfopenstack "github.com/terraform-provider-openstack/terraform-provider-openstack/v3/openstack"
)

// Version is the provider version, set at build time with
// -ldflags "-X github.com/govcloud-iac/tools/engine/provider/openstack.Version=5.5.3".
var Version string

//go:embed tokens.json
var tokensJSON []byte

// token is the SDK token of one Terraform name, and the older `index/` token
// the SDK still registers for it (served as a deprecated alias), if any.
type token struct {
	Token  string `json:"token"`
	Legacy string `json:"legacy,omitempty"`
}

type tokenTable struct {
	Resources   map[string]token `json:"resources"`
	DataSources map[string]token `json:"dataSources"`
}

// resourceFields renames the properties whose SDK names differ from the
// bridge's default camelCase of the Terraform name.
var resourceFields = map[string]map[string]*info.Schema{
	// Upstream named the `outputs` attribute StackOutputs; the SDK sends that name.
	"openstack_orchestration_stack_v1": {"outputs": {Name: "StackOutputs"}},
}

// envConfig lists the provider settings the SDK documents with an
// environment-variable default (config/vars.py of pulumi_openstack).
var envConfig = map[string]string{
	"allow_reauth":  "OS_ALLOW_REAUTH",
	"cloud":         "OS_CLOUD",
	"delayed_auth":  "OS_DELAYED_AUTH",
	"endpoint_type": "OS_ENDPOINT_TYPE",
	"insecure":      "OS_INSECURE",
	"region":        "OS_REGION_NAME",
	"swauth":        "OS_SWAUTH",
}

// ProviderInfo returns the bridge's description of the provider. It fails when
// Version was not set at build time, or when tokens.json and the Terraform
// provider disagree on a name: a Terraform resource without a token would
// otherwise be given a made-up one the SDK does not know.
func ProviderInfo() (info.Provider, error) {
	if Version == "" {
		return info.Provider{}, errors.New("openstack.Version is empty: build with " +
			"-ldflags -X github.com/govcloud-iac/tools/engine/provider/openstack.Version=<version>")
	}
	var table tokenTable
	if err := json.Unmarshal(tokensJSON, &table); err != nil {
		return info.Provider{}, fmt.Errorf("tokens.json: %w", err)
	}
	p := shimv2.NewProvider(tfopenstack.Provider())
	if err := errors.Join(
		checkNames("resource", p.ResourcesMap(), table.Resources),
		checkNames("data source", p.DataSourcesMap(), table.DataSources),
	); err != nil {
		return info.Provider{}, err
	}

	prov := info.Provider{
		P:           p,
		Name:        "openstack",
		Version:     Version,
		Description: "A Pulumi package for creating and managing OpenStack cloud resources.",
		Keywords:    []string{"pulumi", "openstack"},
		License:     "Apache-2.0",
		Homepage:    "https://www.pulumi.com",
		Repository:  "https://github.com/pulumi/pulumi-openstack",
		Publisher:   "Pulumi",
		GitHubOrg:   "terraform-provider-openstack",
		Config:      map[string]*info.Schema{},
		Resources:   map[string]*info.Resource{},
		DataSources: map[string]*info.DataSource{},
		Python: &info.Python{
			PackageName: "pulumi_openstack",
			Requires:    map[string]string{"pulumi": ">=3.0.0,<4.0.0"},
		},
	}
	for key, env := range envConfig {
		prov.Config[key] = &info.Schema{Default: &info.Default{EnvVars: []string{env}}}
	}
	for name, t := range table.Resources {
		res := &info.Resource{Tok: tokens.Type(t.Token), Fields: resourceFields[name]}
		if t.Legacy == "" {
			prov.Resources[name] = res
			continue
		}
		prov.RenameResourceWithAlias(name, tokens.Type(t.Legacy), res.Tok,
			module(t.Legacy), module(t.Token), res)
	}
	for name, t := range table.DataSources {
		ds := &info.DataSource{Tok: tokens.ModuleMember(t.Token)}
		if t.Legacy == "" {
			prov.DataSources[name] = ds
			continue
		}
		prov.RenameDataSource(name, tokens.ModuleMember(t.Legacy), ds.Tok,
			module(t.Legacy), module(t.Token), ds)
	}
	return prov, nil
}

// checkNames reports the Terraform names missing from tokens.json and the
// names in tokens.json that the Terraform provider no longer has.
func checkNames(kind string, tf shim.ResourceMap, mapped map[string]token) error {
	var missing, stale []string
	tf.Range(func(name string, _ shim.Resource) bool {
		if _, ok := mapped[name]; !ok {
			missing = append(missing, name)
		}
		return true
	})
	for name := range mapped {
		if _, ok := tf.GetOk(name); !ok {
			stale = append(stale, name)
		}
	}
	var problems []string
	if len(missing) > 0 {
		slices.Sort(missing)
		problems = append(problems, fmt.Sprintf("%s without a token: %s", kind, strings.Join(missing, ", ")))
	}
	if len(stale) > 0 {
		slices.Sort(stale)
		problems = append(problems, fmt.Sprintf("%s not in the Terraform provider: %s", kind, strings.Join(stale, ", ")))
	}
	if problems == nil {
		return nil
	}
	return fmt.Errorf("tokens.json does not match the Terraform provider (re-derive it): %s",
		strings.Join(problems, "; "))
}

// module is the module part of a token ("openstack:bgpvpn/v2:V2" -> "bgpvpn/v2"),
// which the bridge names in the deprecation message of a legacy token.
func module(tok string) string {
	_, rest, _ := strings.Cut(tok, ":")
	mod, _, _ := strings.Cut(rest, ":")
	return mod
}
