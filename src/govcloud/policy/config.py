"""The CrossGuard pack's configuration: its JSON Schema, its defaults, and the per-stack file for a request.

Thresholds and lists (CIDRs, ports, approved images, encrypted types, platform level) live in the
pack's ``PolicyConfigSchema``, never in validators. Generic thresholds have fixed defaults; lists that
describe the platform default to the catalogue; what belongs to one approved request (level, exposure,
quota, request id...) comes from :func:`for_request`, which reads the same ``TenantPlan`` the stack
builds from. ``pulumi preview --policy-pack-config`` and ``govcloud review`` use that one file.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from govcloud import controls
from govcloud.bilingual import Text
from govcloud.errors import GovcloudError
from govcloud.policy.metadata import all_policy_rules
from govcloud.policy.resource_types import CATALOGUE_TYPES
from govcloud.provisioning import tags
from govcloud.provisioning.plan import build_plan

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue
    from govcloud.policy.metadata import PolicyRule
    from govcloud.provisioning.settings import StackSettings

T = TypeVar("T")

_PORTS = {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 65535}}
_CIDRS = {"type": "array", "items": {"type": "string"}}
_NAMES = {"type": "array", "items": {"type": "string"}}

EXTRA_ADMIN_PORTS = (23, 445, 1433, 2375, 2379, 5900, 9300, 11211)
"""Telnet, SMB, MSSQL, Docker, etcd, VNC, Elasticsearch transport, memcached: added to ``controls.ADMIN_PORTS``."""

DESCRIPTIONS: dict[str, str] = {
    "worldCidrs": "Prefixes that mean 'any address' (SEC-3).",
    "adminPorts": "Administration and database ports never open to the world (SEC-3, SEC-10).",
    "internetPorts": "The only ports an internet-facing system opens to the world (SEC-3).",
    "managementPorts": "Remote management ports reachable only from the bastion (SEC-4).",
    "maxPortRangeWidth": "Widest port range one rule may open, unless the approved request declares it (SEC-3, SEC-4).",
    "minEgressPrefixLength": "Shortest egress destination prefix per IP version; a wider one is the internet (SEC-3).",
    "approvedRules": "The security-group rules the approved request declares, groups by name (SEC-3, SEC-4).",
    "exposure": "The system's exposure: internet-facing or extranet-only (SEC-3).",
    "egovCidrs": "E-government extranet prefixes (SEC-3).",
    "bastionCidrs": "Bastion host prefixes (SEC-4).",
    "internalCidrs": "Tenant network prefixes (SEC-3).",
    "extranetGatewayNetworks": "External networks an extranet router may use as its gateway (SEC-3).",
    "approvedImages": "Image names the catalogue approves (CAT-1, SEC-10).",
    "approvedFlavors": "Flavour names the request approves (CAT-1).",
    "approvedVolumeTypes": "Volume types the request approves (CAT-1).",
    "encryptedVolumeTypes": "Volume types that encrypt at rest (SEC-11).",
    "volumeSizeLimits": "Per volume type: [minimum GiB, maximum GiB] (CAT-4).",
    "requiredMetadata": "Metadata keys every server and volume carries (LC-2, SEC-7).",
    "requestId": "The approved request's id; empty when the stack is not bound to a request (LC-2).",
    "requestDigest": "SHA-256 of the approved request (LC-2).",
    "level": "The system's 等保 level (SEC-2).",
    "classification": "The system's data classification (SEC-1, SEC-11).",
    "zone": "The network zone the request approves (SEC-3).",
    "platformLevel": "The platform's 等保 level (SEC-2).",
    "services": "Security services the request orders (waf, hids, bastion, crypto...) (SEC-6, SEC-10).",
    "hidsLicences": "HIDS licences the request orders, one per server (SEC-10).",
    "offsiteBackup": "Whether the request orders a backup with an off-site copy (SEC-11, OPS-3).",
    "allowedResourceTypes": "Resource types the catalogue can provide (CAT-1).",
    "approvedServersPerTier": "Servers the request approves per tier (CAT-1).",
    "quota": "Approved totals: instances, vcpus, ramMiB, volumes, volumeGiB, floatingIps (CAT-4).",
    "flavorSizes": "Per flavour name: vcpus and ramMiB, to total the quota (CAT-4).",
}

_TYPES: dict[str, dict[str, Any]] = {
    "worldCidrs": _CIDRS,
    "adminPorts": _PORTS,
    "internetPorts": _PORTS,
    "managementPorts": _PORTS,
    "maxPortRangeWidth": {"type": "integer", "minimum": 1},
    "minEgressPrefixLength": {
        "type": "object",
        "properties": {
            "ipv4": {"type": "integer", "minimum": 0, "maximum": 32},
            "ipv6": {"type": "integer", "minimum": 0, "maximum": 128},
        },
        "required": ["ipv4", "ipv6"],
    },
    "approvedRules": {"type": "array", "items": {"type": "object"}},
    "exposure": {"type": "string", "enum": [controls.INTERNET_FACING, controls.EXTRANET_ONLY]},
    "egovCidrs": _CIDRS,
    "bastionCidrs": _CIDRS,
    "internalCidrs": _CIDRS,
    "extranetGatewayNetworks": _NAMES,
    "approvedImages": _NAMES,
    "approvedFlavors": _NAMES,
    "approvedVolumeTypes": _NAMES,
    "encryptedVolumeTypes": _NAMES,
    "volumeSizeLimits": {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "number"}},
    },
    "requiredMetadata": _NAMES,
    "requestId": {"type": "string"},
    "requestDigest": {"type": "string"},
    "level": {"type": "integer", "minimum": 1, "maximum": 5},
    "classification": {"type": "string"},
    "zone": {"type": "string"},
    "platformLevel": {"type": "integer", "minimum": 1, "maximum": 5},
    "services": _NAMES,
    "hidsLicences": {"type": "integer", "minimum": 0},
    "offsiteBackup": {"type": "boolean"},
    "allowedResourceTypes": _NAMES,
    "approvedServersPerTier": {"type": "object", "additionalProperties": {"type": "integer"}},
    "quota": {"type": "object", "additionalProperties": {"type": "number"}},
    "flavorSizes": {"type": "object", "additionalProperties": {"type": "object"}},
}


def catalogue_defaults(catalogue: Catalogue) -> dict[str, Any]:
    """Defaults for every config key: generic thresholds plus the platform's lists from the catalogue.

    Request-bound keys default to the strictest reading (extranet-only, the platform's level) or to
    "not bound" (empty request id, empty quota), which makes the request-bound stack rules report
    themselves not applicable instead of guessing.
    """
    zones = catalogue.of_kind("NetworkZone")
    volume_types = catalogue.of_kind("VolumeType")
    return {
        "worldCidrs": sorted(controls.WORLD_CIDRS),
        "adminPorts": sorted(set(controls.ADMIN_PORTS) | set(EXTRA_ADMIN_PORTS)),
        "internetPorts": list(controls.INTERNET_SERVICE_PORTS),
        "managementPorts": [controls.SSH_PORT, 3389, 5985, 5986],
        "maxPortRangeWidth": catalogue.platform.network.max_port_range_width,
        "minEgressPrefixLength": dict(catalogue.platform.network.min_egress_prefix),
        "approvedRules": [],
        "exposure": controls.EXTRANET_ONLY,
        "egovCidrs": list(catalogue.platform.egov_cidrs),
        "bastionCidrs": list(catalogue.platform.bastion_cidrs),
        "internalCidrs": [str(zone.spec["tenantCidrPool"]) for zone in zones],
        "extranetGatewayNetworks": [],
        "approvedImages": [
            str(item.spec["openstack"]["image"])
            for item in catalogue.of_kind("Image")
            if item.spec.get("approved")
        ],
        "approvedFlavors": [
            str(item.spec["openstack"]["flavor"]) for item in catalogue.of_kind("ComputeFlavor")
        ],
        "approvedVolumeTypes": [str(item.spec["openstack"]["volumeType"]) for item in volume_types],
        "encryptedVolumeTypes": [
            str(item.spec["openstack"]["volumeType"]) for item in volume_types if item.encrypted
        ],
        "volumeSizeLimits": {
            str(item.spec["openstack"]["volumeType"]): [
                item.offering.min_size_gib or 1,
                item.offering.max_size_gib or 65536,
            ]
            for item in volume_types
        },
        "requiredMetadata": list(tags.REQUIRED),
        "requestId": "",
        "requestDigest": "",
        "level": catalogue.platform.mlps_level,
        "classification": "internal",
        "zone": "",
        "platformLevel": catalogue.platform.mlps_level,
        "services": [],
        "hidsLicences": 0,
        "offsiteBackup": False,
        "allowedResourceTypes": list(CATALOGUE_TYPES),
        "approvedServersPerTier": {},
        "quota": {},
        "flavorSizes": {
            str(item.spec["openstack"]["flavor"]): {
                "vcpus": item.spec["vcpus"],
                "ramMiB": item.spec["ramMiB"],
            }
            for item in catalogue.of_kind("ComputeFlavor")
        },
    }


@cache
def defaults() -> dict[str, Any]:
    """Defaults against the project's catalogue, computed once per process."""
    from govcloud.catalogue.model import load_default  # noqa: PLC0415 - the catalogue loads only when the pack needs it

    return catalogue_defaults(load_default())


def schema_properties(rule: PolicyRule, values: Mapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """The ``PolicyConfigSchema`` properties of one rule, each with its description and default."""
    source = defaults() if values is None else values
    return {
        key: {**_TYPES[key], "description": DESCRIPTIONS[key], "default": source[key]}
        for key in rule.config_keys
    }


def for_plan_values(request: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """Every config key's value for one approved request: catalogue defaults narrowed by its plan."""
    plan = build_plan(request, catalogue)
    values = catalogue_defaults(catalogue)
    services = set(plan.services)
    backups = [
        catalogue.items[item] for item in plan.item_ids if catalogue.items[item].kind == "BackupService"
    ]
    hids = sum(
        int(line["count"])
        for line in request["spec"]["resources"]
        if catalogue.items[line["item"]].service == "hids"
    )
    per_tier: dict[str, int] = {}
    for server in plan.servers:
        per_tier[server.tier] = per_tier.get(server.tier, 0) + 1
    quotas = plan.quotas
    values.update(
        exposure=controls.INTERNET_FACING if plan.internet_facing else controls.EXTRANET_ONLY,
        egovCidrs=list(plan.ingress_cidrs) if not plan.internet_facing else values["egovCidrs"],
        bastionCidrs=list(plan.bastion_cidrs),
        internalCidrs=[plan.tenant_cidr_pool],
        approvedImages=sorted(plan.images),
        approvedFlavors=sorted(plan.flavors),
        approvedVolumeTypes=sorted(plan.volume_types),
        requestId=plan.request_id,
        requestDigest=plan.digest,
        level=plan.level,
        classification=plan.classification,
        zone=plan.zone,
        services=sorted(services | ({"backup"} if backups else set())),
        hidsLicences=hids,
        offsiteBackup=any(bool(item.spec.get("offsite")) for item in backups),
        approvedServersPerTier=per_tier,
        approvedRules=[rule.approved(plan.group_names) for rule in plan.rules],
        quota={
            "instances": quotas.instances,
            "vcpus": quotas.vcpus,
            "ramMiB": quotas.ram_mib,
            "volumes": quotas.volumes,
            "volumeGiB": quotas.volume_gib,
            "floatingIps": quotas.floating_ips,
        },
    )
    return values


def pack_config(values: Mapping[str, Any], enforcement: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A ``--policy-pack-config`` document: per rule, its enforcement level and its keys' values.

    No ``all`` entry: the engine would let it override the advisory rules' level too.
    """
    document: dict[str, Any] = {}
    for rule in all_policy_rules():
        entry: dict[str, Any] = {"enforcementLevel": (enforcement or {}).get(rule.id, rule.enforcement)}
        entry.update({key: values[key] for key in rule.config_keys})
        document[rule.id] = entry
    return document


def for_request(request: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """The per-stack pack config for an approved request (see the module docstring)."""
    return pack_config(for_plan_values(request, catalogue))


def effective(document: Mapping[str, Any] | None) -> dict[str, tuple[str, dict[str, Any]]]:
    """What the engine hands each policy: its enforcement level and its properties with defaults filled in.

    Mirrors the engine's reconciliation of ``--policy-pack-config``: ``all`` sets every policy's level,
    a string entry sets one policy's level, an object entry sets its level and properties; properties
    the file does not set take the schema default.
    """
    document = document or {}
    base = defaults()
    result: dict[str, tuple[str, dict[str, Any]]] = {}
    for rule in all_policy_rules():
        level = rule.enforcement
        if isinstance(document.get("all"), str):
            level = document["all"]
        entry = document.get(rule.id)
        properties = {key: base[key] for key in rule.config_keys}
        if isinstance(entry, str):
            level = entry
        elif isinstance(entry, dict):
            level = str(entry.get("enforcementLevel", level))
            properties.update({key: value for key, value in entry.items() if key in rule.config_keys})
        result[rule.id] = (level, properties)
    return result


class PolicyConfigError(GovcloudError):
    """A stack's config is unusable (no Pulumi.<stack>.yaml, no request, a request that fails admission)."""

    code_checked_by_its_registry = True  # the code is the first refusal's or admission finding's rule id


def load(path: Path) -> dict[str, Any]:
    """Read a pack config file through the hardened loader (its top level must be an object)."""
    from govcloud.loader import load_path  # noqa: PLC0415

    data: dict[str, Any] = load_path(path).data
    return data


def stack_catalogue(project_dir: Path, stack: str) -> Catalogue:
    """The catalogue a stack builds from: ``<project>:catalogue`` when its config names one, else the default.

    The provisioning gate's own loader, so the pack judges the stack by the items it was built from.
    """
    from govcloud.provisioning.gate import stack_catalogue as gate_catalogue  # noqa: PLC0415

    return _from_settings(project_dir, stack, gate_catalogue)


def _from_settings(project_dir: Path, stack: str, use: Callable[[StackSettings], T]) -> T:
    """``use`` on the stack's settings; the gate's refusal (bad setting, bad catalogue) as unusable config."""
    from govcloud.provisioning import settings  # noqa: PLC0415
    from govcloud.provisioning.refusals import RefusedError  # noqa: PLC0415

    try:
        return use(settings.read(project_dir, stack))
    except RefusedError as refused:
        first = refused.refusals[0]
        raise PolicyConfigError(first.rule_id, first.message, where=refused.source) from refused


def for_stack(project_dir: Path, stack: str) -> dict[str, Any]:
    """The generated pack config of a stack: its request, against its own catalogue (see :func:`stack_catalogue`).

    Only a request that passes admission has a plan to derive the config from; any other is refused
    with its first finding rather than half-read.
    """
    from govcloud.admission.admit import judge  # noqa: PLC0415
    from govcloud.admission.findings import Severity  # noqa: PLC0415
    from govcloud.loader import load_path  # noqa: PLC0415

    path = _from_settings(project_dir, stack, lambda settings: settings.request)
    document, catalogue = load_path(path), stack_catalogue(project_dir, stack)
    errors = [finding for finding in judge(document, catalogue) if finding.severity == Severity.ERROR]
    if errors:
        first = errors[0]
        text = Text(
            f"未通过准入（{len(errors)} 个错误；首个 [{first.rule_id}] {first.message.zh}）：请先用 govcloud validate 检查",
            f"fails admission ({len(errors)} error(s); first [{first.rule_id}] {first.message.en}): "
            "run govcloud validate on it",
        )
        raise PolicyConfigError(first.rule_id, text, where=str(path))
    return for_request(document.data, catalogue)
