// Builds the OpenStack resource provider (bin/pulumi-resource-openstack) and its
// schema generator. Separate module: the provider pins an older engine library
// than the CLI.
module github.com/govcloud-iac/tools/engine/provider

go 1.26.6

// Upstream's provider/go.mod replace directives must be restated here once the
// module can be fetched: the proxy refuses every version of
// github.com/pulumi/pulumi-openstack/provider/v5 tried (see README.md).
require github.com/pulumi/pulumi-openstack/provider/v5 v5.5.3
