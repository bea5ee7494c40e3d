"""SEC-11, OPS-3: 等保 level 3 asks for off-site backup; a "should", so a warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud import controls
from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-level3-offsite-backup",
    title=Text("三级系统应配置异地备份", "Order a backup with an off-site copy for level-3 systems"),
    severity=Severity.WARNING,
    requirements=("SEC-11", "OPS-3"),
    seed_articles="002 platform-security rules; 003 ch. 6",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """A level-3 request that orders no backup with an off-site copy."""
    if not controls.offsite_backup_expected(ctx.level):
        return
    offsite = any(
        line.item is not None and line.item.kind == "BackupService" and line.item.spec.get("offsite")
        for line in ctx.lines
    )
    if not offsite:
        yield violation(
            ("spec", "resources"),
            ("三级系统未申请带异地副本的备份服务", "level-3 system orders no backup with an off-site copy"),
            (
                "加入 bak.daily.offsite，或在技术方案中说明已有的异地备份",
                "add bak.daily.offsite, or describe the existing off-site backup in the technical plan",
            ),
        )
