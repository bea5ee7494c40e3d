"""SEC-2: the platform is protected at its level and may host nothing above it."""

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
    id="request-level-within-platform",
    title=Text("系统等保级别不得高于平台级别", "Keep the system's 等保 level within the platform's level"),
    severity=Severity.ERROR,
    requirements=("SEC-2",),
    seed_articles="001 Art. 21; 000 Art. 66, 84",
)

_LEVEL = ("spec", "system", "mlpsLevel")


def check(ctx: RequestContext) -> Iterator[Violation]:
    """The level, when it is above the platform's."""
    platform = ctx.catalogue.platform.mlps_level
    if not controls.level_within_platform(ctx.level, platform):
        yield violation(
            _LEVEL,
            (
                f"系统定级为第{ctx.level}级，高于平台的第{platform}级",
                f"the system is 等保 level {ctx.level}, above the platform's level {platform}",
            ),
            (
                f"政务云只承载第{platform}级及以下系统；如定级有误请重新定级备案",
                f"the cloud hosts systems up to level {platform}; if the grading is wrong, re-grade and re-file it",
            ),
        )
