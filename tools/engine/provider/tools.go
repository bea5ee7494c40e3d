//go:build tools

// Package tools records the schema generator as a dependency so that
// `go mod tidy` keeps its module graph in this module's go.mod and go.sum.
package tools

import _ "github.com/pulumi/pulumi-openstack/provider/v5/cmd/pulumi-tfgen-openstack"
