//go:build tools

// Package tools records the language host main package as a dependency so that
// `go mod tidy` keeps its module graph in this module's go.mod and go.sum.
package tools

import _ "github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3"
