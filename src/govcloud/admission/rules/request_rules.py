"""Request-level admission rules. Each names its requirement IDs and the seed article it enforces."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from govcloud import controls
from govcloud.admission.findings import Severity
from govcloud.admission.registry import request_rule, violation
from govcloud.identity import normalise_name, same_person

if TYPE_CHECKING:
    from collections.abc import Iterator

    from govcloud.admission.context import RequestContext
    from govcloud.admission.registry import Violation
    from govcloud.loader import PathKey

_LEVEL = ("spec", "system", "mlpsLevel")
_CLASSIFICATION = ("spec", "system", "dataClassification")
_EXPOSURE = ("spec", "system", "exposure")
_ZONE = ("spec", "system", "zone")


@request_rule(
    "request-no-classified-data",
    title=("政务云不得处理涉密信息", "Keep classified (涉密) data off the government cloud"),
    severity=Severity.ERROR,
    requirements=("SEC-1",),
    seed_articles="000 Art. 65, 94; 001 Art. 3",
)
def no_classified_data(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-1: a classified system is refused outright."""
    if controls.is_classified(ctx.classification):
        yield violation(
            _CLASSIFICATION,
            (
                "系统处理涉密信息，政务云只承载非涉密系统和数据",
                "the system processes classified data; the government cloud hosts non-classified systems only",
            ),
            (
                "涉密系统请按保密规定部署在涉密网络，不得提交上云申请",
                "deploy classified systems on a classified network under the secrecy rules; do not request cloud resources for them",
            ),
        )


@request_rule(
    "request-level-within-platform",
    title=("系统等保级别不得高于平台级别", "Keep the system's 等保 level within the platform's level"),
    severity=Severity.ERROR,
    requirements=("SEC-2",),
    seed_articles="001 Art. 21; 000 Art. 66, 84",
)
def level_within_platform(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-2: the platform is protected at its level and may host nothing above it."""
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


_FILING = ("spec", "system", "mlpsFilingNo")
_FILING_FROM_LEVEL = 2
# GB/T 2260 province-level codes: the first two digits of the accepting public-security organ's code.
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54}
    | {61, 62, 63, 64, 65}
)


@request_rule(
    "request-mlps-filing-recorded",
    title=(
        "二级及以上系统须填写公安机关出具的等保备案证明编号",
        "Give the public-security 等保 filing number of a level-2 or higher system",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-2",),
    seed_articles="001 Art. 21; 000 Art. 66, 84",
)
def mlps_filing_recorded(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-2: a graded system of level 2 or above is filed with public security before it is hosted.

    The filing certificate number (备案证明编号) is ``AAAAAABBBBB-CCCCC``: the six-digit GB/T 2260 code
    of the accepting public-security organ, that organ's five-digit number for the filing unit, then
    the five-digit number of the system. The schema checks the shape in ASCII digits; this rule checks
    that it is there and that its parts can have been issued (a real province, no all-zero number).
    """
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


_EXPECTED_KIND = {"zone": "NetworkZone", "image": "Image", "volume": "VolumeType"}
_ORDERABLE_KINDS = frozenset({"ComputeFlavor", "NetworkService", "SecurityService", "BackupService"})


@request_rule(
    "request-catalogue-items-exist",
    title=("只能申请服务目录内的条目", "Order only items that are in the service catalogue"),
    severity=Severity.ERROR,
    requirements=("CAT-1",),
    seed_articles="000 Art. 73(4)",
)
def catalogue_items_exist(ctx: RequestContext) -> Iterator[Violation]:
    """CAT-1: every id must be a catalogue item of the kind its place expects."""
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


@request_rule(
    "request-items-eligible",
    title=("条目须适用于本系统的等保级别和网络区域", "Use items open to the system's 等保 level and zone"),
    severity=Severity.ERROR,
    requirements=("CAT-1", "SEC-2", "SEC-3"),
    seed_articles="000 Art. 73(4); 001 Art. 21; 000 Art. 6",
)
def items_eligible(ctx: RequestContext) -> Iterator[Violation]:
    """CAT-1, SEC-2, SEC-3: each item states the levels and zones that may use it.

    A level above the platform's is refused once by request-level-within-platform; repeating it
    for every line would bury the cause.
    """
    judge_level = controls.level_within_platform(ctx.level, ctx.catalogue.platform.mlps_level)
    for path, item_id in ctx.references:
        item = ctx.catalogue.get(item_id)
        if item is None:
            continue
        if judge_level and ctx.level not in item.offering.levels:
            allowed = ", ".join(str(level) for level in sorted(item.offering.levels))
            yield violation(
                path,
                (
                    f"{item_id} 只适用于第 {allowed} 级系统，本系统为第{ctx.level}级",
                    f"{item_id} is for 等保 levels {allowed}; the system is level {ctx.level}",
                ),
                (
                    "改选适用于本级别的条目（如加密类型、带异地副本的备份）",
                    "choose an item open to this level (e.g. an encrypted type, a backup with an off-site copy)",
                ),
            )
        if ctx.zone is not None and ctx.zone not in item.offering.zones:
            allowed = ", ".join(sorted(item.offering.zones))
            yield violation(
                path,
                (
                    f"{item_id} 只能用于 {allowed} 区域，本系统位于 {ctx.zone}",
                    f"{item_id} may be used in zones {allowed}; the system is in {ctx.zone}",
                ),
                (
                    "改选本区域可用的条目，或确认系统所在区域是否正确",
                    "choose an item offered in this zone, or check the system's zone",
                ),
            )


@request_rule(
    "request-quantities-within-limits",
    title=("数量和容量须在目录限额内", "Keep quantities and sizes within the catalogue's limits"),
    severity=Severity.ERROR,
    requirements=("CAT-4",),
    seed_articles="002 Art. 10",
)
def quantities_within_limits(ctx: RequestContext) -> Iterator[Violation]:
    """CAT-4: per-request maximums (summed over lines of one item) and per-volume sizes."""
    totals: dict[str, int] = {}
    first_line: dict[str, PathKey] = {}
    for line in ctx.lines:
        if line.item is None:
            continue
        totals[line.item.id] = totals.get(line.item.id, 0) + line.count
        first_line.setdefault(line.item.id, (*line.path, "count"))
        if line.item.offering.unit == "gib" and line.item.kind == "BackupService":
            yield from _size_violations((*line.path, "sizeGiB"), line.data.get("sizeGiB"), line.item)
    for item_id, total in totals.items():
        item = ctx.catalogue.items[item_id]
        limit = item.offering.max_per_request
        if limit is not None and total > limit:
            yield violation(
                first_line[item_id],
                (
                    f"{item_id} 共申请 {total}，超过单次申请上限 {limit}",
                    f"{total} of {item_id} ordered; a request may order at most {limit}",
                ),
                (
                    "按测算依据压缩数量，或分期申请并说明理由",
                    "reduce the quantity to what the sizing basis supports, or phase the order with a justification",
                ),
            )
    for path, volume, volume_type in ctx.volumes:
        if volume_type is not None and volume_type.kind == "VolumeType":
            yield from _size_violations((*path, "sizeGiB"), volume["sizeGiB"], volume_type)


def _size_violations(path: PathKey, size: Any, item: Any) -> Iterator[Violation]:
    if size is None:
        yield violation(
            path,
            (f"{item.id} 按容量计费，须填写 sizeGiB", f"{item.id} is priced by capacity; give sizeGiB"),
            ("按数据量和保留期测算容量后填写", "size it from the data volume and retention period"),
        )
        return
    low, high = item.offering.min_size_gib, item.offering.max_size_gib
    if (low is not None and size < low) or (high is not None and size > high):
        yield violation(
            path,
            (
                f"{item.id} 单个容量须在 {low}–{high} GiB 之间，申请为 {size} GiB",
                f"one {item.id} must be {low}-{high} GiB; {size} GiB requested",
            ),
            (
                "调整容量，超出上限时拆分为多块",
                "adjust the size; split it into several volumes above the maximum",
            ),
        )


@request_rule(
    "request-zone-matches-exposure",
    title=("网络区域须与暴露面一致", "Place the system in a zone that matches its exposure"),
    severity=Severity.ERROR,
    requirements=("SEC-3",),
    seed_articles="000 Art. 6; 002 Zhejiang Art. 24",
)
def zone_matches_exposure(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-3: the extranet is isolated from the internet; only the public zone faces it."""
    internet_zone = bool(ctx.zone_item and ctx.zone_item.spec["internetFacing"])
    internet_facing = ctx.exposure == controls.INTERNET_FACING
    if ctx.zone_item is not None and internet_facing != internet_zone:
        yield violation(
            _ZONE,
            (
                f"暴露面为 {ctx.exposure}，但所选区域 {ctx.system['zone']} 与之不符",
                f"exposure is {ctx.exposure} but zone {ctx.system['zone']} does not match it",
            ),
            (
                "面向公众的系统放在公有云区（zone.internet），仅政务外网访问的系统放在政务外网区或专有云区",
                "put public services in the internet zone and extranet-only systems in the extranet or private zone",
            ),
        )
    if not internet_facing:
        for line in ctx.lines:
            if line.item is not None and line.item.kind == "NetworkService":
                yield violation(
                    (*line.path, "item"),
                    (
                        f"仅政务外网访问的系统不得申请 {line.item.id}（公网地址/带宽）",
                        f"an extranet-only system may not order {line.item.id} (public address or bandwidth)",
                    ),
                    (
                        "删除该行；如确需面向公众，请将暴露面改为 internet-facing 并放在公有云区",
                        "remove the line; if the system must serve the public, make it internet-facing in the internet zone",
                    ),
                )
    tiers = {line.data.get("tier"): line.count for line in ctx.compute_lines}
    for line in ctx.lines:
        if line.item is None or line.item.service != "floating-ip":
            continue
        servers = tiers.get(line.data.get("tier"), 0)
        if line.count > servers:
            yield violation(
                (*line.path, "tier"),
                (
                    f"浮动IP {line.count} 个，但层级 {line.data.get('tier')} 只有 {servers} 台云主机",
                    f"{line.count} floating IPs but tier {line.data.get('tier')} has {servers} servers",
                ),
                (
                    "浮动IP须指定有云主机的层级，数量不超过该层云主机数",
                    "give floating IPs the tier of the servers they serve, at most one per server",
                ),
            )


_SERVICE_NAMES = {
    "waf": ("Web应用防火墙", "web application firewall"),
    "hids": ("主机安全（入侵检测与防恶意代码）", "host intrusion detection and anti-malware"),
    "bastion": ("堡垒机", "bastion host"),
}


@request_rule(
    "request-internet-facing-l3-protections",
    title=(
        "面向互联网的三级系统须配置 WAF、主机安全和堡垒机",
        "Protect internet-facing level-3 systems with WAF, host IDS and a bastion",
    ),
    severity=Severity.ERROR,
    requirements=("SEC-3", "SEC-10"),
    seed_articles="000 Art. 6, 22, 121; 002 Zhejiang Art. 24",
)
def internet_facing_protections(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-3, SEC-10: what an internet-facing level-3 system must order, with host protection on every server."""
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


@request_rule(
    "request-volumes-encrypted",
    title=("三级或敏感数据系统须使用加密云硬盘", "Use encrypted volume types for level-3 or 敏感 systems"),
    severity=Severity.ERROR,
    requirements=("SEC-11", "SEC-3"),
    seed_articles="002 platform-security rules; 003 Art. 21; 001 Art. 24",
)
def volumes_encrypted(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-11: storage confidentiality, decided by the shared predicate the policy pack also uses."""
    if not controls.encryption_required(ctx.level, ctx.classification):
        return
    for path, volume, item in ctx.volumes:
        if item is not None and item.kind == "VolumeType" and not item.encrypted:
            yield violation(
                (*path, "item"),
                (
                    f"{volume['item']} 未加密；第{ctx.level}级或敏感数据系统须加密存储",
                    f"{volume['item']} is not encrypted; level-3 or 敏感 systems must encrypt data at rest",
                ),
                (
                    "改用加密类型，如 evs.ssd.luks 或国密 evs.ssd.sm4",
                    "use an encrypted type such as evs.ssd.luks or the SM4 type evs.ssd.sm4",
                ),
            )


@request_rule(
    "request-sensitive-data-crypto-service",
    title=("敏感数据系统须配置商用密码服务", "Order the commercial cryptography service for 敏感 data"),
    severity=Severity.ERROR,
    requirements=("SEC-6", "SEC-11"),
    seed_articles="001 Art. 25; 002 provincial Art. 6; 000 Art. 91(3)",
)
def sensitive_data_crypto(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-6: commercial cryptography is planned, built and run together with the system."""
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


_PLACEHOLDERS = frozenset(
    {"待补充", "待定", "暂无", "无", "略", "tbd", "todo", "n/a", "na", "none", "-", "--", "xxx", "?"}
)
_MATERIALS = (
    (("projectApprovalNo",), ("项目批复文号", "project approval document number")),
    (("financeApproval", "documentNo"), ("财政/采购审批文号", "finance or procurement approval")),
    (("technicalPlanRef",), ("上云技术方案", "cloud technical plan")),
    (("selfTestReportRef",), ("性能及安全自测报告", "performance and security self-test report")),
)


@request_rule(
    "request-application-materials-present",
    title=("申请材料须齐全", "Provide every application material"),
    severity=Severity.ERROR,
    requirements=("LC-2",),
    seed_articles="001 Art. 12; 000 Art. 73(1); 002 Art. 7",
)
def materials_present(ctx: RequestContext) -> Iterator[Violation]:
    """LC-2: approval number, finance approval, technical plan and self-test report, none a placeholder."""
    materials = ctx.spec["materials"]
    for keys, (zh, en) in _MATERIALS:
        value: Any = materials
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        path = ("spec", "materials", *keys)
        if value is None or str(value).strip().lower() in _PLACEHOLDERS:
            shown = "缺失" if value is None else f"为占位内容“{value}”"
            yield violation(
                path,
                (
                    f"{zh}{shown}",
                    f"the {en} is {'missing' if value is None else f'a placeholder ({value!r})'}",
                ),
                (
                    f"填写{zh}；材料不全的申请不予受理",
                    f"give the {en}; incomplete applications are not accepted",
                ),
            )


@request_rule(
    "request-cost-within-budget",
    title=(
        "按目录价格测算的年费用不得超出财政批复预算",
        "Keep the catalogue-priced yearly cost within the approved budget",
    ),
    severity=Severity.ERROR,
    requirements=("LC-2", "CAT-2"),
    seed_articles="001 Art. 12, 27; 000 Art. 71, 73(1)",
)
def cost_within_budget(ctx: RequestContext) -> Iterator[Violation]:
    """LC-2, CAT-2: the finance approval must cover what the order costs at the catalogue's prices."""
    budget = ctx.spec["materials"].get("financeApproval", {}).get("budgetCny")
    if budget is None or ctx.cost.yearly_cny <= budget:
        return
    yearly, monthly = ctx.cost.yearly_cny, ctx.cost.monthly_cny
    yield violation(
        ("spec", "materials", "financeApproval", "budgetCny"),
        (
            f"按目录价格测算年费用 {yearly:,.2f} 元（每月 {monthly:,.2f} 元），超出财政批复预算 {budget:,.2f} 元",
            (
                f"the order costs {yearly:,.2f} CNY a year at catalogue prices ({monthly:,.2f} a month), "
                f"above the approved budget of {budget:,.2f} CNY"
            ),
        ),
        (
            "压缩资源，或取得覆盖该费用的财政批复",
            "reduce the order, or obtain a finance approval that covers it",
        ),
    )


@request_rule(
    "request-workload-schedule-declared",
    title=(
        "周期性或突发负载须申报额外资源计划",
        "Declare the schedule of extra resources for periodic or burst loads",
    ),
    severity=Severity.ERROR,
    requirements=("LC-11", "CAT-4"),
    seed_articles="000 Art. 73(2)",
)
def workload_schedule(ctx: RequestContext) -> Iterator[Violation]:
    """LC-11: periodic loads give dated windows; burst loads at least the extra resources; dates exist."""
    workload = ctx.spec["workload"]
    pattern, schedule = workload["pattern"], workload.get("schedule", [])
    for index, entry in enumerate(schedule):
        for bound in ("start", "end"):
            if bound in entry and controls.day_of_year(entry[bound]) is None:
                yield violation(
                    ("spec", "workload", "schedule", index, bound),
                    (f"{entry[bound]} 不是一年中存在的日期", f"{entry[bound]} is not a day of any year"),
                    ("改为存在的日期（MM-DD）", "give a day that exists (MM-DD)"),
                )
    if pattern == "steady":
        return
    if not schedule:
        yield violation(
            ("spec", "workload", "schedule"),
            (
                f"负载类型为 {pattern}，但未申报额外资源计划",
                f"the load is {pattern} but no schedule of extra resources is given",
            ),
            (
                "在 workload.schedule 中写明时段和所需额外资源",
                "list the windows and the extra resources in workload.schedule",
            ),
        )
    for index, entry in enumerate(schedule):
        if pattern == "periodic" and ("start" not in entry or "end" not in entry):
            yield violation(
                ("spec", "workload", "schedule", index),
                (
                    "周期性负载的每个时段须有起止日期（MM-DD）",
                    "every window of a periodic load needs start and end dates (MM-DD)",
                ),
                ("补充 start 和 end", "add start and end"),
            )


_ONE_MONTH_DAYS = 28


@request_rule(
    "request-migration-keeps-old-system",
    title=("迁移上云须保留原系统至少一个月", "Keep the old system at least one month after a migration"),
    severity=Severity.ERROR,
    requirements=("LC-10",),
    seed_articles="000 Art. 73(3)",
)
def migration_keeps_old_system(ctx: RequestContext) -> Iterator[Violation]:
    """LC-10: the old system stays as the rollback path for at least one calendar month after cut-over."""
    migration = ctx.spec.get("migration")
    if migration is None:
        return
    cutover = date.fromisoformat(migration["cutover"])
    until = date.fromisoformat(migration["retainOldSystemUntil"])
    if not _at_least_one_month(cutover, until):
        yield violation(
            ("spec", "migration", "retainOldSystemUntil"),
            (
                f"原系统仅保留到 {until}，不足割接（{cutover}）后一个月",
                f"the old system is kept only until {until}, less than one month after the cut-over on {cutover}",
            ),
            (
                "原系统至少保留一个月作为回退手段",
                "keep the old system for at least one month as the rollback path",
            ),
        )


def _at_least_one_month(start: date, end: date) -> bool:
    """Calendar month: 01-31 -> 02-28 counts; day clamped to the target month's length."""
    if (end - start).days < _ONE_MONTH_DAYS:
        return False
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)  # noqa: PLR2004 - December
    for day in (start.day, 30, 29, 28):
        try:
            return end >= date(year, month, day)
        except ValueError:
            continue
    return False


@request_rule(
    "request-duties-separated",
    title=("申请人与安全责任人须为不同人员", "Name a security officer who is not the requester"),
    severity=Severity.ERROR,
    requirements=("SEC-4",),
    seed_articles="000 Art. 89; 003 internal-network Art. 18",
)
def duties_separated(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-4: separation of duties starts with who asks and who answers for security (``govcloud.identity``)."""
    contacts = ctx.spec["contacts"]
    by_role: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, contact in enumerate(contacts):
        by_role.setdefault(contact["role"], []).append((index, contact))
        if not normalise_name(contact["name"]):
            yield violation(
                ("spec", "contacts", index, "name"),
                (
                    "联系人姓名只有空白或不可见字符，无法确认是谁",
                    "the contact's name is only blank or invisible characters: nobody can tell who it is",
                ),
                ("填写联系人的真实姓名", "give the contact's real name"),
            )
    for role, (zh, en) in (
        ("requester", ("申请人", "requester")),
        ("security-officer", ("单位安全责任人", "unit security officer")),
    ):
        if role not in by_role:
            yield violation(
                ("spec", "contacts"),
                (f"联系人中缺少{zh}", f"no {en} among the contacts"),
                (f"加入角色为 {role} 的联系人", f"add a contact with role {role}"),
            )
    for index, officer in by_role.get("security-officer", []):
        for _, requester in by_role.get("requester", []):
            if same_person(officer, requester):
                yield violation(
                    ("spec", "contacts", index),
                    (
                        "安全责任人与申请人是同一人",
                        "the security officer is the same person as the requester",
                    ),
                    ("由单位另一名人员担任安全责任人", "name another person of the unit as security officer"),
                )


# Matched against lower-cased text. Every pattern needs a separator or a marker, so a string with
# none of them (tested with plain ``in``, at C speed) skips the regex.
_SECRET = re.compile(
    r"-----begin [a-z ]*private key-----"
    r"|\b(?:password|passwd|pwd|secret|token|api[_-]?key)\s*[:=]\s*\S+"
    r"|(?:密码|口令|密钥)\s*[:：=]\s*\S+"
    r"|\bakia[0-9a-z]{16}\b"
)


@request_rule(
    "request-no-plaintext-secrets",
    title=("申请中不得出现明文口令或密钥", "Keep passwords and keys out of the request"),
    severity=Severity.ERROR,
    requirements=("SEC-11", "SEC-4"),
    seed_articles="003 Art. 21; 001 Art. 24; 000 Art. 89",
)
def no_plaintext_secrets(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-11: requests are stored and reviewed by many people; a secret in one is a leaked secret."""
    found: list[PathKey] = []
    _find_secrets(ctx.document, (), found)
    for path in found:
        yield violation(
            path,
            (
                "此字段含明文口令或密钥（内容不予显示）",
                "this field holds a password or key in plain text (not shown)",
            ),
            (
                "删除该内容并立即更换该口令或密钥；凭据通过安全渠道单独移交",
                "remove it and rotate that secret now; hand credentials over separately through a secure channel",
            ),
        )


def _find_secrets(value: Any, path: PathKey, found: list[PathKey]) -> None:
    """Append the path of every string that holds a secret (depth is bounded by the loader)."""
    if isinstance(value, str):
        if (
            ":" in value or "=" in value or "：" in value or "-----" in value or "AKIA" in value
        ) and _SECRET.search(value.lower()):
            found.append(path)
    elif isinstance(value, dict):
        for key, child in value.items():
            _find_secrets(child, (*path, key), found)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _find_secrets(child, (*path, index), found)


@request_rule(
    "request-level3-offsite-backup",
    title=("三级系统应配置异地备份", "Order a backup with an off-site copy for level-3 systems"),
    severity=Severity.WARNING,
    requirements=("SEC-11", "OPS-3"),
    seed_articles="002 platform-security rules; 003 ch. 6",
)
def level3_offsite_backup(ctx: RequestContext) -> Iterator[Violation]:
    """SEC-11, OPS-3: 等保 level 3 asks for off-site backup; a "should", so a warning."""
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
