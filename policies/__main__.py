"""The govcloud OpenStack CrossGuard pack: ``pulumi preview --policy-pack policies``.

Only builds the pack; the rules live in ``govcloud.policy`` (importable by tests), their metadata in
``govcloud.policy.metadata``. The waivers beside this file (``waivers.yaml``) are honoured as of today: an
unusable waiver file stops the pack, so no waiver is ever silently ignored. ``PolicyPack()`` serves the
analyzer over gRPC and never returns.
"""

import sys
from datetime import UTC, datetime
from pathlib import Path

from pulumi_policy import EnforcementLevel, PolicyPack

from govcloud.loader import UnusableInputError
from govcloud.policy.pack import PACK_NAME, POLICIES
from govcloud.policy.waived import with_waivers
from govcloud.policy.waivers import WaiverError, load

WAIVERS = Path(__file__).resolve().parent / "waivers.yaml"

try:
    waivers = load(WAIVERS) if WAIVERS.exists() else []
except (WaiverError, UnusableInputError) as error:
    sys.stderr.write(f"豁免登记无效，策略包不能启动 / unusable waiver file, the pack cannot start: {error}\n")
    sys.exit(2)

PolicyPack(
    name=PACK_NAME,
    policies=with_waivers(POLICIES, waivers, datetime.now(tz=UTC).astimezone().date()),
    enforcement_level=EnforcementLevel.MANDATORY,
    description="政务云 OpenStack 合规规则（等保 2.0 / GB/T 22239-2019）/ Government-cloud OpenStack compliance rules.",
    display_name="govcloud OpenStack",
    tags=["openstack", "government-cloud", "mlps-2.0"],
)
