"""SEC-6: commercial cryptography is planned, built and run together with the system."""

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
    id="request-sensitive-data-crypto-service",
    title=Text("敏感数据系统须配置商用密码服务", "Order the commercial cryptography service for 敏感 data"),
    severity=Severity.ERROR,
    requirements=("SEC-6", "SEC-11"),
    seed_articles="001 Art. 25; 002 provincial Art. 6; 000 Art. 91(3)",
)

_CLASSIFICATION = ("spec", "system", "dataClassification")


def check(ctx: RequestContext) -> Iterator[Violation]:
    """The classification, when 敏感 data comes without the commercial cryptography service."""
    if controls.crypto_service_required(ctx.classification) and ctx.ordered("crypto") == 0:
        yield violation(
            _CLASSIFICATION,
            (
                "系统处理敏感数据，但未申请商用密码服务",
                "the system processes 敏感 data but orders no commercial cryptography service",
            ),
            (
                "加入商用密码服务（sec.crypto，SM2/SM3/SM4），与系统同步规划、建设和测评",
                "add the commercial cryptography service (sec.crypto, SM2/SM3/SM4), planned and assessed with the system",
            ),
        )
