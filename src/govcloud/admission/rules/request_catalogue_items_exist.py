"""CAT-1: every id must be a catalogue item of the kind its place expects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcloud.admission.findings import Severity
from govcloud.admission.rule import RuleInfo, violation
from govcloud.bilingual import Text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.rule import Violation
    from govcloud.loader import PathKey


RULE = RuleInfo(
    id="request-catalogue-items-exist",
    title=Text("只能申请服务目录内的条目", "Order only items that are in the service catalogue"),
    severity=Severity.ERROR,
    requirements=("CAT-1",),
    seed_articles="000 Art. 73(4)",
)

_EXPECTED_KIND = {"zone": "NetworkZone", "image": "Image", "volume": "VolumeType"}
_ORDERABLE_KINDS = frozenset({"ComputeFlavor", "NetworkService", "SecurityService", "BackupService"})


def check(ctx: RequestContext) -> Iterator[Violation]:
    """Ids the catalogue lacks or of the wrong kind for their place; server lines without tier or image."""
    for path, item_id in ctx.references:
        item = ctx.catalogue.get(item_id)
        if item is None:
            yield violation(
                path,
                (
                    f"服务目录（{ctx.catalogue.version} 版）中没有条目 {item_id}",
                    f"catalogue {ctx.catalogue.version} has no item {item_id}",
                ),
                (
                    "请改用服务目录中最接近的条目（govcloud catalogue list 可查看）",
                    "use the closest catalogue item instead (see govcloud catalogue list)",
                ),
            )
            continue
        expected = _expected_kinds(path)
        if item.kind not in expected:
            wanted = "/".join(sorted(expected))
            yield violation(
                path,
                (
                    f"{item_id} 是 {item.kind}，此处需要 {wanted}",
                    f"{item_id} is a {item.kind}; this place takes a {wanted}",
                ),
                (
                    "镜像写在云主机行的 image 中，云硬盘写在 volumes 中，网络区域写在 system.zone 中",
                    "name images in a server line's image, volume types under volumes, and the zone in system.zone",
                ),
            )
    for line in ctx.compute_lines:
        for field in ("tier", "image"):
            if field not in line.data:
                yield violation(
                    (*line.path, field),
                    (f"云主机行缺少 {field}", f"a server line needs a {field}"),
                    (
                        "为云主机指定所属层级（tier）和服务目录中的批准镜像（image）",
                        "give every server line its tier and an approved catalogue image",
                    ),
                )


def _expected_kinds(path: PathKey) -> frozenset[str]:
    if path[-1] == "zone":
        return frozenset({_EXPECTED_KIND["zone"]})
    if path[-1] == "image":
        return frozenset({_EXPECTED_KIND["image"]})
    if "volumes" in path:
        return frozenset({_EXPECTED_KIND["volume"]})
    return _ORDERABLE_KINDS
