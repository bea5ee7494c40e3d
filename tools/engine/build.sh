#!/usr/bin/env bash
# Build the Pulumi engine into <repo>/bin from public Go modules (pins in versions.env and the go.mod
# files beside this script):
#   pulumi                       the CLI and engine, github.com/pulumi/pulumi/pkg/v3
#   pulumi-language-python       our language host (govcloud.engine.language_host) and the SDK's exec
#                                script pulumi-language-python-exec, taken from github.com/pulumi/pulumi/sdk/v3
#   pulumi-resource-openstack    our OpenStack provider: the Terraform bridge over terraform-provider-openstack,
#                                with the schema pulumi-tfgen-openstack generates embedded; then installed
#                                into the plugin cache of <repo>/.pulumi-home
#
# Module downloads go to the normal GOMODCACHE and compiled packages to the normal GOCACHE, so a second
# run only relinks; a binary whose inputs have not changed since it was built is not even relinked.
#
# Usage: tools/engine/build.sh [--force]
#   --force  rebuild every binary even when its inputs are unchanged
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
bin="${root}/bin"
work="${root}/.cache/engine"
# shellcheck source=versions.env source-path=SCRIPTDIR
source "${here}/versions.env"

started=${SECONDS}
log() { printf '[%s] %s\n' "$(date '+%H:%M:%S')" "$*"; }
trap 'log "total time: $((SECONDS - started))s (exit $?)"' EXIT

force=0
for arg in "$@"; do
    case "${arg}" in
        --force) force=1 ;;
        -h | --help)
            sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            trap - EXIT
            exit 0
            ;;
        *)
            echo "build.sh: unknown argument: ${arg}" >&2
            exit 2
            ;;
    esac
done

if ! command -v go >/dev/null; then
    log "go is not on PATH: install Go 1.26 or newer (see tools/engine/README.md)"
    exit 3
fi
if [[ ! -x "${root}/.venv/bin/python" ]]; then
    log "${root}/.venv is missing: run tools/setup.sh first (the language host runs in it)"
    exit 3
fi

export CGO_ENABLED=0
# Use the toolchain we have; never let a go directive fetch another one.
export GOTOOLCHAIN=local
# Nothing we run while building may fetch a plugin or check for updates.
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_SKIP_UPDATE_CHECK=true
mkdir -p "${bin}" "${work}"

log "go $(go env GOVERSION) GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE) GOPROXY=$(go env GOPROXY)"
log "pinned: pulumi ${PULUMI_VERSION} (CLI), pulumi-openstack ${PULUMI_OPENSTACK_VERSION} (provider)"

# Fetch every module our go.mod files require (go.sum pins them) before compiling anything, so a module
# the proxy will not serve is named with the proxy's own error and no binary is touched.
download() {
    local dir="$1" t=${SECONDS} out
    if ! out="$(cd "${dir}" && go mod download -x 2>&1)"; then
        log "UNAVAILABLE: a module required by ${dir#"${root}/"} cannot be had from $(go env GOPROXY):"
        grep -E 'not available|403|404|410|error|verifying' <<<"${out}" | sed 's/^/    /' | head -20 >&2
        return 3
    fi
    log "modules of ${dir#"${root}/"}: $(grep -c '^# get' <<<"${out}" || true) downloaded, rest cached ($((SECONDS - t))s)"
}
download "${here}/cli"
download "${here}/provider"

# A binary is rebuilt only when the hash of its module's sources, the Go version, the link flags and
# any extra input differs from the stamp written at its last build. The generated schema is not a
# source of the module (it is an output of the schema generator); the provider names it as an extra.
inputs_hash() {
    local dir="$1"
    shift
    {
        go env GOVERSION
        printf '%s\n' "$@"
        find "${dir}" -type f ! -name 'schema-embed.json' -print0 | sort -z | xargs -0 sha256sum
    } | sha256sum | cut -d' ' -f1
}

# build_go NAME MODULE_DIR PACKAGE OUTPUT LDFLAGS [EXTRA_INPUT_FILE]
build_go() {
    local name="$1" dir="$2" pkg="$3" out="$4" ldflags="$5" extra="${6:-}" t=${SECONDS} key stamp
    stamp="${work}/${name}.stamp"
    key="$(inputs_hash "${dir}" "${pkg}" "${ldflags}" ${extra:+"$(sha256sum "${extra}")"})"
    if ((!force)) && [[ -x "${out}" && -f "${stamp}" && "$(cat "${stamp}")" == "${key}" ]]; then
        log "${name}: up to date"
        return 0
    fi
    log "${name}: building ${pkg} (a cold build of the CLI takes about 7 min on 2 cores)"
    (cd "${dir}" && go build -trimpath -buildvcs=false -ldflags "-s -w ${ldflags}" -o "${out}.tmp" "${pkg}")
    mv -f "${out}.tmp" "${out}"
    printf '%s' "${key}" >"${stamp}"
    log "${name}: built in $((SECONDS - t))s, $(du -h "${out}" | cut -f1)"
}

# 1. The CLI and engine.
build_go pulumi "${here}/cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "${bin}/pulumi" \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_VERSION}"

# 2. The language host: our Python server, started by a launcher that finds the venv, and the exec
#    script that runs a program against the engine, from the same SDK release as the CLI.
sdk_dir="$(cd "${here}/cli" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "${sdk_dir}/python/cmd/pulumi-language-python-exec" "${bin}/pulumi-language-python-exec"
install -m 0755 "${here}/launchers/pulumi-language-python" "${bin}/pulumi-language-python"
log "pulumi-language-python: launcher and exec script from $(basename "${sdk_dir}") installed"

# 3. The provider: build the schema generator, generate the schema (with the upstream docs found in
#    the module cache), embed it, build the plugin, install it into the plugin cache.
provider_pkg=github.com/govcloud-iac/tools/engine/provider
provider_flags="-X ${provider_pkg}/openstack.Version=${PULUMI_OPENSTACK_VERSION}"
build_go pulumi-tfgen-openstack "${here}/provider" ./cmd/pulumi-tfgen-openstack "${work}/pulumi-tfgen-openstack" \
    "${provider_flags}"
schema="${here}/provider/cmd/pulumi-resource-openstack/schema-embed.json"
schema_stamp="${work}/schema.stamp"
schema_key="$(sha256sum "${work}/pulumi-tfgen-openstack" | cut -d' ' -f1)"
if ((force)) || [[ ! -f "${schema}" || ! -f "${schema_stamp}" || "$(cat "${schema_stamp}")" != "${schema_key}" ]]; then
    t=${SECONDS}
    upstream="$(cd "${here}/provider" && go list -m -f '{{.Dir}}' \
        github.com/terraform-provider-openstack/terraform-provider-openstack/v3)"
    rm -rf "${work}/schema"
    # PULUMI_CONVERT=0 keeps the bridge's built-in example converter, which needs no converter plugin.
    GOVCLOUD_TF_UPSTREAM_DIR="${upstream}" PULUMI_CONVERT=0 PULUMI_HOME="${work}/pulumi-home" \
        "${work}/pulumi-tfgen-openstack" schema --out "${work}/schema" --skip-examples >"${work}/tfgen.log" 2>&1 ||
        { tail -20 "${work}/tfgen.log" >&2; exit 1; }
    # tfgen leaves the version out of the schema; the engine records the one the provider serves.
    "${root}/.venv/bin/python" -c 'import json, sys
schema = json.load(open(sys.argv[1], encoding="utf-8"))
schema["version"] = sys.argv[3]
json.dump(schema, open(sys.argv[2], "w", encoding="utf-8"), separators=(",", ":"))' \
        "${work}/schema/schema.json" "${schema}" "${PULUMI_OPENSTACK_VERSION}"
    printf '%s' "${schema_key}" >"${schema_stamp}"
    log "schema: generated in $((SECONDS - t))s, $(du -h "${schema}" | cut -f1)"
else
    log "schema: up to date"
fi
build_go pulumi-resource-openstack "${here}/provider" ./cmd/pulumi-resource-openstack \
    "${bin}/pulumi-resource-openstack" "${provider_flags}" "${schema}"

home="${root}/.pulumi-home"
cached="${home}/plugins/resource-openstack-v${PULUMI_OPENSTACK_VERSION}/pulumi-resource-openstack"
if ! cmp -s "${bin}/pulumi-resource-openstack" "${cached}"; then
    PULUMI_HOME="${home}" "${bin}/pulumi" plugin install resource openstack "${PULUMI_OPENSTACK_VERSION}" \
        --file "${bin}/pulumi-resource-openstack" --reinstall --non-interactive >/dev/null
    log "pulumi-resource-openstack: installed into ${cached#"${root}/"}"
fi

for name in pulumi pulumi-language-python pulumi-resource-openstack; do
    log "$(printf '%-28s %6s' "${name}" "$(du -h "${bin}/${name}" | cut -f1)")"
done
log "$("${bin}/pulumi" version) at ${bin}/pulumi; openstack provider $("${bin}/pulumi-resource-openstack" -version)"
