"""SEC-2: a graded system of level 2 or above is filed with public security before it is hosted.

The filing certificate number (备案证明编号) is ``AAAAAABBBBB-CCCCC``: the six-digit GB/T 2260 code
of the accepting public-security organ, that organ's five-digit number for the filing unit, then
the five-digit number of the system. The schema checks the shape in ASCII digits; this rule checks
that it is there and that its parts can have been issued (a real province, no all-zero number).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation


RULE = RuleInfo(
    id="request-mlps-filing-recorded",
    title=Text(
        "二级及以上系统须填写公安机关出具的等保备案证明编号",
        "Give the public-security 等保 filing number of a level-2 or higher system",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-2",),
    seed_articles="001 Art. 21; 000 Art. 66, 84",
)

_FILING = ("spec", "system", "mlpsFilingNo")
_FILING_FROM_LEVEL = 2

# GB/T 2260 province-level codes: the first two digits of the accepting public-security organ's code.
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54}
    | {61, 62, 63, 64, 65}
)


def check(ctx: RequestContext) -> Iterator[Violation]:
    """A missing filing number of a level-2+ system, or one no public-security organ can have issued."""
    filing = ctx.system.get("mlpsFilingNo")
    if filing is None:
        if ctx.level >= _FILING_FROM_LEVEL:
            yield violation(
                _FILING,
                (
                    f"第{ctx.level}级系统未填写等保备案证明编号（mlpsFilingNo）",
                    f"a level-{ctx.level} system gives no 等保 filing number (mlpsFilingNo)",
                ),
                (
                    "向公安机关办理定级备案后，填写备案证明上的编号，如 33010099001-00017",
                    "file the grading with public security; give the certificate's number (33010099001-00017)",
                ),
            )
        return
    organ, _, system = filing.partition("-")
    if int(organ[:2]) not in _PROVINCES or organ[6:] == "00000" or system == "00000":
        yield violation(
            _FILING,
            (
                f"备案证明编号 {filing} 不可能由公安机关出具（前六位为受理机关行政区划代码，序号不为 00000）",
                f"no public-security organ issues filing number {filing} (a division code, then non-zero numbers)",
            ),
            ("照备案证明原样填写编号", "copy the number exactly as the filing certificate shows it"),
        )
