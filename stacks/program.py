"""The tenant stack program: an approved request becomes networks, security groups, VMs and volumes.

``pulumi up --stack <system>`` reads the stack's config (the request, its approval, the catalogue),
refuses before registering any resource when the request is not admissible or not approved (LC-1,
CAT-1, SEC-*), and otherwise builds exactly the plan ``govcloud.provisioning.plan.build_plan`` derives — the same
plan the policy pack checks the resources against. OpenStack credentials come from the standard
``OS_*`` environment or ``clouds.yaml``, never from this repository.

The Python language host runs ``stacks/__main__.py`` with ``stacks/`` on ``sys.path``, so the
components are imported as the top-level package ``components``.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pulumi
import pulumi_openstack as openstack

from components.network import TenantNetwork
from components.security import TierSecurityGroups
from components.server import Server, ServerVolumeArgs
from govcloud.admission.admit import judge
from govcloud.admission.findings import Severity
from govcloud.bilingual import Text
from govcloud.catalogue.model import CatalogueError, load_catalogue, load_default
from govcloud.loader import UnusableInputError, load_path
from govcloud.provisioning import inventory, tags
from govcloud.provisioning.approval import check_approval, load_approval
from govcloud.provisioning.ops_key import ensure_local_key
from govcloud.provisioning.plan import TenantPlan, build_plan

PROJECT_ROOT = Path(__file__).resolve().parents[1]
"""Where ``Pulumi.yaml`` is; relative config paths are resolved against it, not the working directory."""
CONFIG_NAMESPACE = "govcloud"
DEFAULT_EXTERNAL_NETWORK = "public"
MAX_PUBLIC_KEY_BYTES = 16 * 1024
BLOCKING = frozenset({Severity.ERROR, Severity.WARNING})
"""Warnings block too: there is no waiver mechanism yet (notes only inform)."""
_PUBLIC_KEY = re.compile(
    r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/]+={0,3}( \S.*)?$"
)


@dataclass(frozen=True, slots=True)
class StackSettings:
    """The stack's config, read once (see ``Pulumi.yaml`` for each key)."""

    request: Path
    approval: Path
    catalogue: Path | None
    external_network: str
    ssh_public_key: str


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason the program will not build anything."""

    rule_id: str
    requirements: tuple[str, ...]
    message: Text

    def line(self) -> str:
        """``[rule-id] (REQ-IDS) zh / en``."""
        return f"[{self.rule_id}] ({', '.join(self.requirements)}) {self.message.joined()}"


class RefusedError(pulumi.RunError):
    """The request may not be provisioned; raised before any resource is registered.

    A ``RunError`` ends ``pulumi up`` with this message only, no traceback.
    """

    def __init__(self, source: str, refusals: list[Refusal]) -> None:
        """List every refusal, bilingual, each with its rule id and requirement IDs."""
        self.refusals = refusals
        lines = "\n".join(f"  {refusal.line()}" for refusal in refusals)
        super().__init__(f"拒绝部署 / refusing to deploy {source}:\n{lines}")

    @property
    def rule_ids(self) -> list[str]:
        """The rule ids, for tests and callers."""
        return [refusal.rule_id for refusal in self.refusals]


def read_settings() -> StackSettings:
    """Read every config key once, at the top of the program (STYLE 4)."""
    config = pulumi.Config(CONFIG_NAMESPACE)
    # The approved request, e.g. requests/examples/gov-portal.yaml (relative to Pulumi.yaml).
    request = config.require("request")
    # The authority's approval record for that request (LC-1), e.g. requests/approvals/REQ-2026-0042.yaml.
    approval = config.require("approval")
    # The service catalogue; default catalog/catalogue.yaml (CAT-1).
    catalogue = config.get("catalogue")
    # The external network that gives routers their gateway and floating IPs their address.
    external_network = config.get("externalNetwork") or DEFAULT_EXTERNAL_NETWORK
    # The provider's operations SSH public key (public, not a secret; SEC-4, SEC-10): the key line, or
    # the path of its .pub file (the local box's ops key lives in .govcloud/ops/, never in git).
    ssh_public_key = config.get("sshPublicKey") or _read_public_key(config.get("sshPublicKeyFile"), request)
    return StackSettings(
        request=_resolve(request),
        approval=_resolve(approval),
        catalogue=_resolve(catalogue) if catalogue else None,
        external_network=external_network,
        ssh_public_key=ssh_public_key.strip(),
    )


def _read_public_key(value: str | None, request: str) -> str:
    """The first line of the public key file, or "" when none is configured (refused later).

    The local box's key (under ``.govcloud/``) is created on first use, so a fresh clone can run.
    """
    if not value:
        return ""
    path = _resolve(value)
    try:
        ensure_local_key(path, PROJECT_ROOT)
        with path.open("rb") as handle:
            head = handle.read(MAX_PUBLIC_KEY_BYTES + 1)
        text = head.decode("utf-8") if len(head) <= MAX_PUBLIC_KEY_BYTES else None
    except (OSError, UnicodeDecodeError, subprocess.SubprocessError) as error:
        raise _key_file_refusal(value, request, str(error)) from error
    if text is None:
        raise _key_file_refusal(value, request, f"larger than {MAX_PUBLIC_KEY_BYTES} bytes")
    return text.splitlines()[0] if text.strip() else ""


def _key_file_refusal(value: str, request: str, reason: str) -> RefusedError:
    refusal = Refusal(
        "stack-ssh-public-key",
        ("SEC-4", "SEC-10"),
        Text(
            f"无法读取运维公钥文件 govcloud:sshPublicKeyFile={value}：{reason}",
            f"cannot read the ops public key file govcloud:sshPublicKeyFile={value}: {reason}",
        ),
    )
    return RefusedError(request, [refusal])


def _resolve(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def admit(settings: StackSettings, stack: str) -> TenantPlan:
    """Load the catalogue, the request and its approval once; the plan, or ``RefusedError``."""
    source = str(settings.request)
    try:
        catalogue = load_catalogue(settings.catalogue) if settings.catalogue else load_default()
    except CatalogueError as error:
        raise RefusedError(
            source,
            [
                Refusal(
                    "catalogue-valid",
                    ("CAT-1", "CAT-2"),
                    Text(f"服务目录无效：{error}", f"the service catalogue is invalid: {error}"),
                )
            ],
        ) from error
    try:
        document = load_path(settings.request)
    except UnusableInputError as error:
        raise RefusedError(source, [Refusal(f"request-{error.code}", ("LC-2",), error.text)]) from error
    refusals = [
        Refusal(
            finding.rule_id,
            finding.requirements,
            Text(f"{finding.field}：{finding.message.zh}", f"{finding.field}: {finding.message.en}"),
        )
        for finding in judge(document, catalogue)
        if finding.severity in BLOCKING
    ]
    if refusals:
        raise RefusedError(source, refusals)
    approval, problems = load_approval(settings.approval)
    if approval is not None:
        problems = check_approval(approval, document.data)
    refusals = [Refusal(problem.rule_id, problem.requirements, problem.message) for problem in problems]
    plan = build_plan(document.data, catalogue)
    refusals += _stack_refusals(plan, stack, settings)
    if refusals:
        raise RefusedError(source, refusals)
    return plan


def _stack_refusals(plan: TenantPlan, stack: str, settings: StackSettings) -> list[Refusal]:
    """Checks of the stack's own config against the plan."""
    refusals = []
    if stack != plan.system:
        refusals.append(
            Refusal(
                "stack-matches-system",
                ("LC-1",),
                Text(
                    f"栈 {stack} 与申请中的系统 {plan.system} 不符（每个系统一个同名栈）",
                    f"stack {stack} does not match the request's system {plan.system} "
                    "(one stack per system, named after its code)",
                ),
            )
        )
    key = settings.ssh_public_key
    if "PRIVATE KEY" in key or not _PUBLIC_KEY.match(key):
        refusals.append(
            Refusal(
                "stack-ssh-public-key",
                ("SEC-4", "SEC-10"),
                Text(
                    "govcloud:sshPublicKey（或 sshPublicKeyFile 的内容）须为一行 OpenSSH 公钥（绝不能是私钥）",
                    "govcloud:sshPublicKey (or the content of sshPublicKeyFile) must be one OpenSSH public key "
                    "line (never a private key)",
                ),
            )
        )
    return refusals


def build(plan: TenantPlan, settings: StackSettings) -> dict[str, Any]:
    """Create the components for the plan and return the stack outputs (``hosts``, ``tenant``)."""
    tenant_tags = tags.neutron_tags(tags.tenant_metadata(plan))
    network = TenantNetwork(
        f"{plan.system}-network",
        {
            "system": plan.system,
            "pool": plan.tenant_cidr_pool,
            "external_network": settings.external_network if plan.internet_facing else None,
            "tags": tenant_tags,
        },
    )
    groups = TierSecurityGroups(
        f"{plan.system}-sg",
        {
            "system": plan.system,
            "group_names": plan.group_names,
            "rules": plan.rules,
            "tags": tenant_tags,
        },
    )
    key_pair = openstack.compute.Keypair(
        f"{plan.system}-ops-key", name=f"govcloud-{plan.system}-ops", public_key=settings.ssh_public_key
    )
    hosts: dict[str, Any] = {}
    for server_plan in plan.servers:
        server = Server(
            server_plan.name,
            {
                "server_name": server_plan.name,
                "flavor": server_plan.flavor,
                "image": server_plan.image,
                "key_pair": key_pair.name,
                "network_id": network.network_id,
                "subnet_id": network.subnet_id,
                "security_group_ids": [groups.group_ids[server_plan.tier]],
                "metadata": tags.server_metadata(plan, server_plan),
                # Neutron filters tags as a comma-separated list, so no comma-valued key (ITEMS) here.
                "port_tags": tags.neutron_tags({**tags.tenant_metadata(plan), tags.TIER: server_plan.tier}),
                "volumes": [
                    ServerVolumeArgs(
                        name=volume.name,
                        size_gib=volume.size_gib,
                        volume_type=volume.volume_type,
                        metadata=tags.volume_metadata(plan, server_plan, volume),
                    )
                    for volume in server_plan.volumes
                ],
                "floating_ip_pool": settings.external_network if server_plan.floating_ip else None,
                "routed_by": network.router_interface,
            },
        )
        hosts[server_plan.name] = {
            "name": server_plan.name,
            "system": plan.system,
            "request_id": plan.request_id,
            "tier": server_plan.tier,
            "zone": plan.zone,
            "level": plan.level,
            "groups": inventory.host_groups(server_plan.tier, plan.zone, plan.level),
            "security_groups": [groups.group_names[server_plan.tier]],
            "declared_ingress": plan.declared_ingress(server_plan.tier),
            "addresses": {"private": server.private_address, "public": server.public_address},
            "login_user": server_plan.login_user,
            "flavor": server_plan.flavor,
            "image": server_plan.image,
            "volumes": [
                {
                    "name": volume.name,
                    "volume_type": volume.volume_type,
                    "size_gib": volume.size_gib,
                    "encrypted": volume.encrypted,
                }
                for volume in server_plan.volumes
            ],
        }
    tenant = {
        "request_id": plan.request_id,
        "request_digest": plan.digest,
        "unit": plan.unit,
        "system": plan.system,
        "level": plan.level,
        "classification": plan.classification,
        "zone": plan.zone,
        "exposure": plan.exposure,
        "internet_facing": plan.internet_facing,
        "encryption_required": plan.encryption_required,
        "network": {"cidr": network.cidr, "internet_gateway": network.internet_gateway},
        "security_groups": dict(groups.group_names),
        "quotas": asdict(plan.quotas),
        "catalogue_items": sorted(plan.item_ids),
    }
    return {"hosts": hosts, "tenant": tenant}


def main() -> None:
    """The whole program: settings, admission, components, exports."""
    settings = read_settings()
    plan = admit(settings, pulumi.get_stack())
    for name, value in build(plan, settings).items():
        pulumi.export(name, value)
