#!/usr/bin/env bash
# The main job on the local embedded default, end to end (root: the box and the stand-in hosts need it):
#   set up .venv -> build (or find) the Pulumi engine -> admission of every example and of the invalid
#   corpus -> start the local OpenStack box -> for each example stack: admission -> approval ->
#   pulumi preview with the policy pack -> pulumi up -> OpenStack holds the plan -> the stand-in hosts
#   answer over SSH -> inventory from the real stack outputs; then gov-portal's hosts hardened, audited and
#   scanned from inside (what each host reaches of the others); last, every stack's configuration checked
#   against OpenStack and its approval (nothing changed outside the stack).
# Reports go to reports/ (admission, policy Markdown and SARIF per stack, engine event logs).
set -euo pipefail
cd "$(dirname "$0")/.."
stacks=(gov-portal approval data-exchange)
timings=()
started=${SECONDS}
timed() {
    local name="$1" t=${SECONDS}
    shift
    echo "== ${name}"
    "$@"
    timings+=("$(printf '%-34s %5ss' "${name}" "$((SECONDS - t))")")
}
refuse_invalid_corpus() {
    if govcloud validate --format markdown --output reports/invalid-requests.md requests/examples/invalid/ >/dev/null; then
        echo "the invalid corpus passed admission: this is a bug" >&2
        return 1
    fi
    echo "   every invalid request refused; findings in reports/invalid-requests.md"
}

timed "set up .venv" bash tools/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
timed "build the Pulumi engine" bash tools/engine/build.sh
govcloud engine status
mkdir -p reports
timed "catalogue and example admission" bash -c 'govcloud catalogue check && govcloud validate requests/examples/'
timed "the invalid corpus is refused" refuse_invalid_corpus
timed "local OpenStack box" govcloud box up
eval "$(govcloud box env --cloud govcloud-tenant)"
standins="${GOVCLOUD_BOX_DIR:-/var/lib/govcloud-box}/standins/ssh_config"
for stack in "${stacks[@]}"; do
    timed "provision ${stack}" govcloud provision "${stack}" --ssh-config "${standins}"
done
# 等保2.0 level 3 on the public portal's hosts: harden, then replay the checks for the auditor
# (reports/gov-portal/audit/: junit.xml, evidence.json + .sm3, report.html; runs' job events in harden/).
# The stand-ins have no init system and no package repository: playbooks/environments/netns-hosts.yml.
hardening=(--ssh-config "${standins}" --vars playbooks/environments/netns-hosts.yml)
timed "harden gov-portal" govcloud harden gov-portal "${hardening[@]}"
timed "audit gov-portal" govcloud audit gov-portal "${hardening[@]}"
# The segmentation test before go-live (LC-7): from inside each portal host, the others reachable exactly as declared.
timed "scan gov-portal" govcloud scan gov-portal --ssh-config "${standins}"
# Configuration management (LC-8, OPS-2): what OpenStack holds is what was approved and built.
timed "drift of every stack" govcloud drift "${stacks[@]}"

echo
echo "== what was built (OpenStack's own listing, read through openstacksdk)"
for stack in "${stacks[@]}"; do
    python -c 'import json, sys; c = json.load(open(sys.argv[1])); print(f"   {sys.argv[2]:14} " + ", ".join(f"{n} {k}" for k, n in c.items() if n))' \
        "reports/${stack}/observed.json" "${stack}"
done
echo "   inventories: $(printf 'inventories/%s.yml ' "${stacks[@]}")"
echo "   reviewer reports: reports/<stack>/policy.md, policy.sarif, admission.md"
echo "   auditor reports: reports/gov-portal/audit/report.html, evidence.json (SM3), junit.xml, exposure.json (SM3); reports/<stack>/drift.json (SM3)"
echo
echo "== time per step (total $((SECONDS - started))s)"
printf '   %s\n' "${timings[@]}"
echo
echo "== tear down"
echo "   eval \"\$(govcloud box env --cloud govcloud-tenant)\"   # the tenant's credentials, as above"
echo "   govcloud teardown ${stacks[*]} --no-record \"main job's examples\"   # no lifecycle record: the reason is logged; pulumi destroy each stack, then check nothing is left"
echo "   govcloud box down                              # stop the local OpenStack box"
