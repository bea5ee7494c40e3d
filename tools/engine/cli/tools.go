//go:build tools

// Package tools records the Pulumi CLI main package as a dependency so that
// `go mod tidy` keeps its whole module graph in this module's go.mod and go.sum.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
