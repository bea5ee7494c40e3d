"""SEC-3, SEC-10: what an internet-facing level-3 system must order, with host protection on every server."""

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
    id="request-internet-facing-l3-protections",
    title=Text(
        "面向互联网的三级系统须配置 WAF、主机安全和堡垒机",
        "Protect internet-facing level-3 systems with WAF, host IDS and a bastion",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-3", "SEC-10"),
    seed_articles="000 Art. 6, 22, 121; 002 Zhejiang Art. 24",
)

_SERVICE_NAMES = {
    "waf": ("Web应用防火墙", "web application firewall"),
    "hids": ("主机安全（入侵检测与防恶意代码）", "host intrusion detection and anti-malware"),
    "bastion": ("堡垒机", "bastion host"),
}


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Each protection an internet-facing level-3 system lacks, and too few host-security licences."""
    for service in controls.required_protections(ctx.level, ctx.exposure):
        ordered = ctx.ordered(service)
        zh, en = _SERVICE_NAMES[service]
        if ordered == 0:
            yield violation(
                ("spec", "resources"),
                (f"面向互联网的三级系统未申请{zh}", f"internet-facing level-3 system orders no {en}"),
                (f"在 resources 中加入目录中的{zh}条目", f"add the catalogue's {en} item to resources"),
            )
        elif service == "hids" and ordered < ctx.server_count:
            yield violation(
                ("spec", "resources"),
                (
                    f"主机安全授权 {ordered} 个，少于云主机数 {ctx.server_count}",
                    f"{ordered} host-security licences for {ctx.server_count} servers",
                ),
                ("每台云主机都需要主机安全授权", "every server needs a host-security licence"),
            )
