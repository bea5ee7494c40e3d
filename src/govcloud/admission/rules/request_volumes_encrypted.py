"""SEC-11: storage confidentiality, decided by the shared predicate the policy pack also uses."""

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
    id="request-volumes-encrypted",
    title=Text(
        "三级或敏感数据系统须使用加密云硬盘", "Use encrypted volume types for level-3 or 敏感 systems"
    ),
    severity=Severity.ERROR,
    requirements=("SEC-11", "SEC-3"),
    seed_articles="002 platform-security rules; 003 Art. 21; 001 Art. 24",
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Each unencrypted volume type of a system that must encrypt data at rest."""
    if not controls.encryption_required(ctx.level, ctx.classification):
        return
    for volume in ctx.volumes:
        if volume.item is not None and volume.item.kind == "VolumeType" and not volume.item.encrypted:
            yield violation(
                (*volume.path, "item"),
                (
                    f"{volume.data['item']} 未加密；第{ctx.level}级或敏感数据系统须加密存储",
                    f"{volume.data['item']} is not encrypted; level-3 or 敏感 systems must encrypt data at rest",
                ),
                (
                    "改用加密类型，如 evs.ssd.luks 或国密 evs.ssd.sm4",
                    "use an encrypted type such as evs.ssd.luks or the SM4 type evs.ssd.sm4",
                ),
            )
