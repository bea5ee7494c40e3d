"""The provisioning gate: whether a stack's request may be built, and what exactly to build.

In order: the catalogue loads (CAT-1), the request reads and passes admission (LC-2, SEC-*: its
findings keep their request rules' ids; warnings block too, as there is no waiver for them yet), the
approval record covers this very request version (LC-1, LC-8, SEC-4, and the lifecycle record when
there is one), and the stack's own config fits the plan (one stack per system; one OpenSSH public key
for operations). Every failure of a stage is reported together; a later stage only runs on what an
earlier one let through. ``stacks/program.py`` builds the plan this returns and nothing else.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

from govcloud.admission.admit import judge
from govcloud.admission.findings import Severity
from govcloud.admission.rules import INPUT_RULE
from govcloud.bilingual import Text
from govcloud.catalogue.model import CatalogueError, load_catalogue, load_default
from govcloud.loader import UnusableInputError, load_path
from govcloud.provisioning import access as _access  # noqa: F401 - registers provider-access-authorised
from govcloud.provisioning import settings as _settings  # noqa: F401 - registers stack-setting-present
from govcloud.provisioning.approval import covering_approval
from govcloud.provisioning.ops_key import ensure_local_key
from govcloud.provisioning.plan import TenantPlan, build_plan
from govcloud.provisioning.refusals import GATE_RULES, GateRule, Refusal, RefusedError, gate_rule, refusal

if TYPE_CHECKING:
    from pathlib import Path

    from govcloud.catalogue.model import Catalogue
    from govcloud.loader import Document
    from govcloud.provisioning.settings import StackSettings

BLOCKING = frozenset({Severity.ERROR, Severity.WARNING})
MAX_PUBLIC_KEY_BYTES = 16 * 1024
_PUBLIC_KEY = re.compile(
    r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/]+={0,3}( \S.*)?$"
)


@dataclass(frozen=True, slots=True)
class Approved:
    """What the gate let through: the plan, and the stack's settings the components need."""

    plan: TenantPlan
    public_key: str
    external_network: str


def approve(settings: StackSettings) -> Approved:
    """Run the whole gate on one stack; what to build, or ``RefusedError`` with every reason."""
    source = str(settings.request)
    catalogue = stack_catalogue(settings)
    document = _read_request(settings.request)
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
    _, refusals = covering_approval(settings.approval, document.data)
    plan = build_plan(document.data, catalogue)
    key, key_refusals = ops_public_key(settings)
    refusals += [*_stack_matches_system(plan, settings.stack), *key_refusals]
    if refusals:
        raise RefusedError(source, refusals)
    return Approved(plan, key, settings.external_network)


def all_gate_rules() -> list[GateRule]:
    """Every registered refusal rule, by id (this module imports every module that registers one)."""
    return sorted(GATE_RULES.values(), key=lambda rule: rule.id)


@gate_rule(
    "catalogue-valid",
    requirements=("CAT-1", "CAT-2"),
    description=(
        "栈所用的服务目录须有效（govcloud:catalogue，默认 catalog/catalogue.yaml）",
        "The stack's service catalogue is valid (govcloud:catalogue, default catalog/catalogue.yaml)",
    ),
)
def stack_catalogue(settings: StackSettings) -> Catalogue:
    """The stack's own catalogue, else the project's default one; refused when it does not load."""
    try:
        return load_catalogue(settings.catalogue) if settings.catalogue else load_default()
    except (CatalogueError, UnusableInputError) as error:
        where = settings.catalogue or "catalog/catalogue.yaml"
        reason = error.text if isinstance(error, UnusableInputError) else Text(str(error), str(error))
        message = Text(
            f"服务目录 {where} 无效：{reason.zh}", f"the service catalogue {where} is invalid: {reason.en}"
        )
        raise RefusedError(str(where), [refusal("catalogue-valid", message)]) from error


def _read_request(path: Path) -> Document:
    """The request document; refused as unusable input under admission's own rule (LC-2)."""
    try:
        return load_path(path)
    except UnusableInputError as error:
        refused = Refusal(
            INPUT_RULE.id,
            INPUT_RULE.requirements,
            Text(f"[{error.code}] {error.text.zh}", f"[{error.code}] {error.text.en}"),
        )
        raise RefusedError(str(path), [refused]) from error


@gate_rule(
    "stack-matches-system",
    requirements=("LC-1",),
    description=(
        "每个系统一个栈，栈名即申请中的系统代码",
        "One stack per system, named after the request's system code",
    ),
)
def _stack_matches_system(plan: TenantPlan, stack: str) -> list[Refusal]:
    if stack == plan.system:
        return []
    return [
        refusal(
            "stack-matches-system",
            Text(
                f"栈 {stack} 与申请中的系统 {plan.system} 不符（每个系统一个同名栈）",
                f"stack {stack} does not match the request's system {plan.system} "
                "(one stack per system, named after its code)",
            ),
        )
    ]


@gate_rule(
    "stack-ssh-public-key",
    requirements=("SEC-4", "SEC-10"),
    description=(
        "运维登录密钥须为一行可读的 OpenSSH 公钥（govcloud:sshPublicKey 或 sshPublicKeyFile），绝不能是私钥",
        (
            "The operations login key is one readable OpenSSH public key line (govcloud:sshPublicKey or "
            "sshPublicKeyFile), never a private key"
        ),
    ),
)
def ops_public_key(settings: StackSettings) -> tuple[str, list[Refusal]]:
    """The operations public key: the inline line, else the first line of the key file.

    The local box's key file (under ``.govcloud/``) is created on first use, so a fresh clone can run.
    """
    key = settings.ssh_public_key
    path = settings.ssh_public_key_file
    if not key and path is not None:
        try:
            ensure_local_key(path, settings.root)
            with path.open("rb") as handle:
                head = handle.read(MAX_PUBLIC_KEY_BYTES + 1)
            if len(head) > MAX_PUBLIC_KEY_BYTES:
                return "", [_key_file_refusal(settings, f"larger than {MAX_PUBLIC_KEY_BYTES} bytes")]
            text = head.decode("utf-8")
        except (OSError, UnicodeDecodeError, subprocess.SubprocessError) as error:
            return "", [_key_file_refusal(settings, str(error))]
        key = text.splitlines()[0].strip() if text.strip() else ""
    if "PRIVATE KEY" in key or not _PUBLIC_KEY.match(key):
        return "", [
            refusal(
                "stack-ssh-public-key",
                Text(
                    "govcloud:sshPublicKey（或 sshPublicKeyFile 的内容）须为一行 OpenSSH 公钥（绝不能是私钥）",
                    "govcloud:sshPublicKey (or the content of sshPublicKeyFile) must be one OpenSSH public key "
                    "line (never a private key)",
                ),
            )
        ]
    return key, []


def _key_file_refusal(settings: StackSettings, reason: str) -> Refusal:
    value = settings.values.get("sshPublicKeyFile")
    return refusal(
        "stack-ssh-public-key",
        Text(
            f"无法读取运维公钥文件 govcloud:sshPublicKeyFile={value}：{reason}",
            f"cannot read the ops public key file govcloud:sshPublicKeyFile={value}: {reason}",
        ),
    )
