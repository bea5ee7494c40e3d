"""The stack's totals stay within the approved quota: servers, vCPUs, RAM, volumes, GiB, floating IPs.

An empty ``quota`` makes the rule not applicable: the stack is not bound to a request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.policy.metadata import STACK, PolicyRule
from govcloud.policy.resource_types import FLOATING_IP, INSTANCE, VOLUME
from govcloud.policy.rules import _stack
from govcloud.policy.support import as_int, known, setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, StackValidationArgs

RULE = PolicyRule(
    id="openstack-stack-totals-within-quota",
    kind=STACK,
    resource_types=(INSTANCE, VOLUME, FLOATING_IP),
    description="Keep the stack's servers, vCPUs, RAM, volumes and floating IPs within the approved quota (CAT-4).",
    title=Text("资源总量不得超过批准配额", "Totals within the approved quota"),
    severity="high",
    seed_articles="002 Art. 10; 000 Art. 78",
    mlps_clause="—",
    remediation=Text(
        "减少资源，或先提交扩容申请（LC-8）",
        "reduce the resources, or file a scale-up request (LC-8) first",
    ),
    config_keys=("quota", "flavorSizes"),
)


_LABELS = {
    "instances": "servers",
    "vcpus": "vCPUs",
    "ramMiB": "MiB of RAM",
    "volumes": "volumes",
    "volumeGiB": "GiB of volumes",
    "floatingIps": "floating IPs",
}


def totals(args: StackValidationArgs) -> dict[str, int]:
    """What the stack builds, in the quota's units (unknown sizes count as zero)."""
    sizes = setting(args, "flavorSizes")
    servers = _stack.of_type(args, INSTANCE)
    volumes = _stack.of_type(args, VOLUME)
    flavors = [known(server.props, "flavorName") for server in servers]
    sized = [sizes.get(flavor, {}) for flavor in flavors if isinstance(flavor, str)]
    gib = [as_int(known(volume.props, "size")) for volume in volumes]
    return {
        "instances": len(servers),
        "vcpus": sum(int(size.get("vcpus", 0)) for size in sized),
        "ramMiB": sum(int(size.get("ramMiB", 0)) for size in sized),
        "volumes": len(volumes),
        "volumeGiB": sum(size for size in gib if isinstance(size, int)),
        "floatingIps": len(_stack.of_type(args, FLOATING_IP)),
    }


def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Report every total above its quota."""
    quota = setting(args, "quota")
    if not quota:
        args.not_applicable("no approved quota configured (the stack is not bound to a request)")
    for key, built in totals(args).items():
        limit = quota.get(key)
        if limit is not None and built > int(limit):
            report_violation(
                f"The stack builds {built} {_LABELS[key]}, above the approved {int(limit)} (CAT-4): reduce them "
                "or file a scale-up request (LC-8).",
                None,
            )
