"""The govcloud OpenStack CrossGuard pack: ``pulumi preview --policy-pack policies``.

Only builds the pack; the rules live in ``govcloud_policies`` (importable by tests), their metadata in
``govcloud.policy_rules``. ``PolicyPack()`` serves the analyzer over gRPC and never returns.
"""

from govcloud_policies.pack import PACK_NAME, POLICIES
from pulumi_policy import EnforcementLevel, PolicyPack

PolicyPack(
    name=PACK_NAME,
    policies=POLICIES,
    enforcement_level=EnforcementLevel.MANDATORY,
    description="政务云 OpenStack 合规规则（等保 2.0 / GB/T 22239-2019）/ Government-cloud OpenStack compliance rules.",
    display_name="govcloud OpenStack",
    tags=["openstack", "government-cloud", "mlps-2.0"],
)
