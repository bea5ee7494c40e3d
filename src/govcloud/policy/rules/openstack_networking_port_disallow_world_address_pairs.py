"""No allowed-address-pair that covers every address: it switches anti-spoofing off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.policy.metadata import RESOURCE, PolicyRule
from govcloud.policy.resource_types import PORT
from govcloud.policy.support import as_list, as_mapping, setting

if TYPE_CHECKING:
    from pulumi_policy import ReportViolation, ResourceValidationArgs

RULE = PolicyRule(
    id="openstack-networking-port-disallow-world-address-pairs",
    kind=RESOURCE,
    resource_types=(PORT,),
    description="Disallow allowed-address-pairs that cover 0.0.0.0/0 or ::/0, which switch anti-spoofing off (SEC-3).",
    title=Text("禁止允许地址对覆盖全部地址", "No world-wide allowed address pairs"),
    severity="high",
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
    mlps_clause="GB/T 22239-2019 8.1.3.2 访问控制",
    remediation=Text("只为虚拟 IP 登记具体地址", "list only the exact virtual IP addresses"),
    config_keys=("worldCidrs",),
)


def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Report each address pair whose address is a world prefix."""
    for pair in as_list(args.props.get("allowedAddressPairs")):
        address = str(as_mapping(pair).get("ipAddress") or "")
        if address and controls.in_world_cidrs(address, setting(args, "worldCidrs")):
            report_violation(
                f"Port '{args.name}' allows address pair {address} (SEC-3): list only the exact virtual IPs.",
                None,
            )
