#!/usr/bin/env bash
# Build the Pulumi engine pieces into <repo>/bin from public Go modules, pinned
# in tools/engine/versions.env: the CLI/engine, the Python language host, the
# OpenStack provider; and install the policy analyzer launcher.
#
# No registry we can reach ships the Pulumi CLI, so we compile it with ordinary
# Go tooling. Module downloads go to the normal GOMODCACHE and compiled packages
# to the normal GOCACHE (both persist across runs and can be overridden through
# the environment), so a second run with nothing changed only relinks.
#
# Usage: tools/engine/build.sh [--force]
#   --force  build even if a compatible pulumi is already on PATH
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"
bin="${GOVCLOUD_ENGINE_BIN:-${root}/bin}"
work="${root}/.cache/engine"
# shellcheck source=versions.env source-path=SCRIPTDIR
source "${here}/versions.env"

started=${SECONDS}
log() { printf '[%s] %s\n' "$(date '+%Y-%m-%dT%H:%M:%S')" "$*"; }
finish() {
    local rc=$?
    log "total time: $((SECONDS - started))s (exit ${rc})"
}
trap finish EXIT

force=0
for arg in "$@"; do
    case "${arg}" in
        --force) force=1 ;;
        -h | --help)
            sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            trap - EXIT
            exit 0
            ;;
        *)
            echo "build.sh: unknown argument: ${arg}" >&2
            exit 2
            ;;
    esac
done

pulumi_mod=github.com/pulumi/pulumi
pkg_mod="${pulumi_mod}/pkg/v3"
sdk_mod="${pulumi_mod}/sdk/v3"
python_host_mod="${pulumi_mod}/sdk/python/cmd/pulumi-language-python/v3"
openstack_mod=github.com/pulumi/pulumi-openstack/provider/v5
others=(pulumi-language-python pulumi-resource-openstack pulumi-analyzer-policy-python)
wanted_minor="${PULUMI_VERSION%.*}"

# An engine installed some other way (not our bin/) is used as is when its
# major.minor matches the pinned SDK and the other pieces are on PATH too.
reuse_existing() {
    local existing version name
    existing="$(command -v pulumi)" || return 1
    [[ "$(dirname "$(readlink -f "${existing}")")" != "$(readlink -f "${bin}")" ]] || return 1
    version="$(pulumi version 2>/dev/null)" || return 1
    version="${version#v}"
    if [[ "${version%.*}" != "${wanted_minor}" ]]; then
        log "found pulumi ${version} at ${existing}, need ${wanted_minor}.x: building our own"
        return 1
    fi
    for name in "${others[@]}"; do
        if ! command -v "${name}" >/dev/null; then
            log "found pulumi ${version} at ${existing} but no ${name} on PATH: building our own"
            return 1
        fi
    done
    log "using pulumi ${version} already on PATH at ${existing} with ${others[*]}; nothing to build"
    return 0
}

if ((!force)) && reuse_existing; then
    exit 0
fi

export CGO_ENABLED=0
# Use the toolchain we have; never let a go directive fetch another one.
export GOTOOLCHAIN=local
# The engine and schema generator must never fetch a plugin while we build.
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_HOME="${work}/pulumi-home"
mkdir -p "${bin}" "${work}" "${PULUMI_HOME}"

log "go: $(go version | cut -d' ' -f3-) GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE) GOPROXY=$(go env GOPROXY)"
log "pinned: pulumi ${PULUMI_VERSION}, pulumi-openstack ${PULUMI_OPENSTACK_VERSION}"

# Fetch every pinned top-level module first, so a module the proxy will not
# serve is reported by name with the proxy's own error before any build runs.
# Runs outside our modules so it cannot touch their go.sum files.
preflight() {
    local mv out err failed=0 outside
    outside="$(mktemp -d)"
    for mv in "$@"; do
        out="$(cd "${outside}" && go mod download -json "${mv}" 2>&1)" || true
        err="$(sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' <<<"${out}")"
        if [[ -n "${err}" ]]; then
            err="${err//\\n\\t/ }"
            log "UNAVAILABLE ${mv}: ${err}"
            failed=$((failed + 1))
        else
            log "fetched ${mv}"
        fi
    done
    rmdir "${outside}"
    if ((failed)); then
        log "cannot build: ${failed} pinned module(s) cannot be had from $(go env GOPROXY); no binary was written"
        return 3
    fi
}
preflight "${pkg_mod}@v${PULUMI_VERSION}" "${sdk_mod}@v${PULUMI_VERSION}" \
    "${python_host_mod}@v${PULUMI_VERSION}" "${openstack_mod}@v${PULUMI_OPENSTACK_VERSION}" || exit $?

# Our go.mod files are committed; go.sum is created once by `go mod tidy` (then
# commit it) and builds afterwards run read-only against it.
tidy_once() {
    local dir="$1"
    if [[ ! -f "${dir}/go.sum" ]]; then
        log "${dir#"${root}/"}: no go.sum yet, running go mod tidy (commit go.mod and go.sum afterwards)"
        (cd "${dir}" && go mod tidy)
    fi
}

changed=0
# build_go NAME MODULE_DIR PACKAGE LDFLAGS [OUTPUT_DIR]
build_go() {
    local name="$1" dir="$2" pkg="$3" ldflags="$4" outdir="${5:-${bin}}"
    local out="${outdir}/${name}" before="" after t=${SECONDS}
    [[ -f "${out}" ]] && before="$(sha256sum "${out}" | cut -d' ' -f1)"
    log "building ${name} from ${pkg}"
    (cd "${dir}" && go build -trimpath -ldflags "-s -w ${ldflags}" -o "${out}.tmp" "${pkg}")
    mv -f "${out}.tmp" "${out}"
    after="$(sha256sum "${out}" | cut -d' ' -f1)"
    if [[ "${before}" == "${after}" ]]; then
        log "${name}: unchanged, relinked from the Go build cache in $((SECONDS - t))s"
    else
        changed=1
        log "${name}: built in $((SECONDS - t))s, $(du -h "${out}" | cut -f1)"
    fi
}

version_flag="-X ${sdk_mod}/go/common/version.Version=v${PULUMI_VERSION}"

tidy_once "${here}/cli"
build_go pulumi "${here}/cli" "${pkg_mod}/cmd/pulumi" "${version_flag}"

tidy_once "${here}/language-python"
build_go pulumi-language-python "${here}/language-python" "${python_host_mod}" "${version_flag}"

# The provider's main embeds a schema that the module does not ship: build the
# schema generator, run it, then build our main that embeds its output.
provider_version_flag="-X ${openstack_mod}/pkg/version.Version=${PULUMI_OPENSTACK_VERSION}"
schema_dir="${here}/provider/cmd/pulumi-resource-openstack"
tidy_once "${here}/provider"
build_go pulumi-tfgen-openstack "${here}/provider" "${openstack_mod}/cmd/pulumi-tfgen-openstack" \
    "${provider_version_flag}" "${work}"
stamp="${work}/schema.stamp"
want_stamp="$(sha256sum "${work}/pulumi-tfgen-openstack" | cut -d' ' -f1) ${PULUMI_OPENSTACK_VERSION}"
if [[ -f "${schema_dir}/schema-embed.json" && -f "${stamp}" && "$(cat "${stamp}")" == "${want_stamp}" ]]; then
    log "schema-embed.json: up to date for this generator"
else
    log "generating the provider schema with pulumi-tfgen-openstack"
    rm -rf "${work}/schema"
    # PULUMI_CONVERT=0: keep the bridge's built-in example converter, which
    # needs no converter plugin (none may be downloaded).
    PULUMI_CONVERT=0 "${work}/pulumi-tfgen-openstack" schema --out "${work}/schema"
    "${root}/.venv/bin/python" - "${work}/schema/schema.json" "${schema_dir}/schema-embed.json" \
        "${PULUMI_OPENSTACK_VERSION}" <<'PY'
import json, sys
src, dst, version = sys.argv[1:]
with open(src, encoding="utf-8") as f:
    schema = json.load(f)
schema["version"] = version
with open(dst, "w", encoding="utf-8") as f:
    json.dump(schema, f, separators=(",", ":"))
PY
    printf '%s' "${want_stamp}" >"${stamp}"
    changed=1
fi
build_go pulumi-resource-openstack "${here}/provider" ./cmd/pulumi-resource-openstack "${provider_version_flag}"

launcher="${here}/launchers/pulumi-analyzer-policy-python"
if ! cmp -s "${launcher}" "${bin}/pulumi-analyzer-policy-python"; then
    install -m 0755 "${launcher}" "${bin}/pulumi-analyzer-policy-python"
    changed=1
    log "installed pulumi-analyzer-policy-python"
fi

for name in pulumi pulumi-language-python pulumi-resource-openstack pulumi-analyzer-policy-python; do
    log "$(printf '%-32s %6s' "${name}" "$(du -h "${bin}/${name}" | cut -f1)")"
done
log "$("${bin}/pulumi" version) at ${bin}/pulumi"
if ((changed)); then
    log "done: binaries in ${bin}"
else
    log "done: nothing changed, every binary came from the Go build cache"
fi
