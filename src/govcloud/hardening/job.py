"""What ``govcloud harden`` and ``govcloud audit`` share: which hosts, how to reach them, which values.

Both commands resolve the same options the same way, so the audit judges exactly what hardening was
told to apply: the stack's inventory, the catalogue's platform facts, an optional ``--vars`` file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcloud import paths
from govcloud.bilingual import Text
from govcloud.catalogue.model import CatalogueError, load_catalogue
from govcloud.hardening import canary
from govcloud.hardening.connection import Connection
from govcloud.hardening.errors import HardeningInputError
from govcloud.hardening.settings import (
    Target,
    load_targets,
    load_vars_file,
    platform_vars,
    request_vars,
    role_defaults,
)
from govcloud.provisioning import access, settings
from govcloud.provisioning.inventory import STACK_NAME
from govcloud.provisioning.refusals import RefusedError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping


@dataclass(frozen=True)
class Job:
    """A resolved run: targets with their settings, the extra vars that produced them, the connection."""

    stack: str
    inventory: Path
    extravars: Mapping[str, Any]
    connection: Connection
    targets: list[Target]
    reports: Path
    authorisation: Mapping[str, Any]
    """The tenant's written authorisation the run acts under, as its evidence records it (SEC-5)."""
    batches: canary.Batches | None = None
    """For ``harden``: the canary, then the rest of the hosts ``--limit`` selects (SEC-10)."""

    @property
    def audit_dir(self) -> Path:
        """Where harden runs and audit evidence are kept."""
        return self.reports / "audit"


def add_options(parser: argparse.ArgumentParser) -> None:
    """The options both commands take."""
    parser.add_argument("stack", help="stack name (the system code, e.g. gov-portal)")
    parser.add_argument("--inventory", type=Path, default=None, help="default: inventories/<stack>.yml")
    parser.add_argument("--ssh-config", type=Path, default=None, help="ssh_config reaching the hosts")
    parser.add_argument(
        "--private-key", type=Path, default=None, help="ops private key (default: the stack's key pair)"
    )
    parser.add_argument(
        "--vars",
        type=Path,
        default=None,
        help="YAML of role variables for this environment (playbooks/environments/)",
    )
    parser.add_argument("--catalogue", type=Path, default=None, help="default: catalog/catalogue.yaml")
    parser.add_argument("--reports", type=Path, default=None, help="default: reports/<stack>/")
    access.add_option(parser)


def resolve(args: argparse.Namespace, action: str) -> Job:
    """Check every input, then the tenant's authorisation of ``action``, before anything runs.

    For ``harden`` the inputs include the batches: ``--limit`` and ``--canary`` (the harden command's
    options; absent means neither was given) must select hosts and name one of them. Raises
    :class:`HardeningInputError` on the first bad input (exit 2), and
    :class:`~govcloud.provisioning.access.AccessRefusedError` when nothing authorises the action (exit 1).
    """
    root = paths.project_root()
    stack = str(args.stack)
    if not STACK_NAME.match(stack):
        raise HardeningInputError(
            stack, "stack", "SEC-10", Text("栈名不是简单名称", "the stack name is not a plain name")
        )
    inventory: Path = args.inventory or root / "inventories" / f"{stack}.yml"
    try:
        catalogue = load_catalogue(args.catalogue or paths.default_catalogue_path())
    except CatalogueError as exc:
        raise HardeningInputError(
            str(exc.source), "spec.platform", "CAT-2", Text("服务目录无效", "the catalogue is invalid")
        ) from exc
    extravars: dict[str, Any] = {**platform_vars(catalogue), **request_vars(root, stack)}
    if args.vars is not None:
        extravars.update(load_vars_file(args.vars, role_defaults()))
    connection = Connection(args.ssh_config, args.private_key or _stack_key(root, stack)).validate()
    extravars.update(connection.ansible_vars())
    targets = load_targets(inventory, extravars)
    subject = _subject(stack, inventory, targets)
    batches = None
    if action == "harden":
        batches = canary.plan(inventory, getattr(args, "limit", None), getattr(args, "canary", None))
    granted = access.for_stack(root, action, subject, args.authorisation, on=access.today())
    reports = args.reports or root / "reports" / stack
    evidence = granted.evidence(action)
    return Job(stack, inventory, extravars, connection, targets, reports, evidence, batches)


def authorised_line(job: Job) -> str:
    """The line both commands print before they touch a host: under which document, signed by whom."""
    granted = job.authorisation
    signer = granted["signedBy"]
    return (
        f"   书面授权 / authorised by {granted['documentNo']} ({signer['role']} {signer['name']}, "
        f"valid until {granted['validUntil']}; {granted['source']})"
    )


def _subject(stack: str, inventory: Path, targets: list[Target]) -> access.Subject:
    """The one system and request every host of the inventory was built for, which must be the stack's."""
    found = {(t.settings.get("govcloud_system"), t.settings.get("govcloud_request_id")) for t in targets}
    if len(found) != 1 or next(iter(found))[0] != stack or not isinstance(next(iter(found))[1], str):
        text = Text(
            f"清单的主机须全部属于系统 {stack} 的同一申请（govcloud_system、govcloud_request_id）",
            f"every host of the inventory belongs to system {stack} under one request "
            "(govcloud_system, govcloud_request_id)",
        )
        raise HardeningInputError(str(inventory), "all.vars", "SEC-10", text)
    system, request_id = next(iter(found))
    return access.Subject(str(system), str(request_id))


def _stack_key(root: Path, stack: str) -> Path | None:
    """The private half of the stack's ``sshPublicKeyFile``, when the stack names one that exists."""
    try:
        public = settings.read(root, stack).ssh_public_key_file
    except RefusedError:
        return None
    key = public.with_suffix("") if public else None
    return key if key and key.is_file() else None
