"""The records' part of the stack program's approval gate (LC-1, LC-8, LC-12, SEC-6).

``govcloud.provisioning.approval.check_approval`` (called by ``stacks/program.py`` before anything is registered,
and by ``govcloud provision``'s approval step) refuses an approval file that does not pin the request's
current digest, then asks this module: when the request also has a lifecycle record, the record must verify and hold a signed
approval (normal, change or emergency) of exactly this digest, and the system must not be on its
way out or suspended (SEC-8). A request without a record is judged by its approval file alone (the examples predate
records); ``govcloud status`` lists such requests so none is missed.

A record that does not verify (or whose keyring cannot be read) is refused with the id of what failed,
a registered lifecycle rule (``govcloud.lifecycle.rules``, listed by ``govcloud rules --layer lifecycle``)
with that rule's requirement IDs, so the refusal names the check a reviewer can look up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govcloud.admission.admit import request_digest
from govcloud.bilingual import Text
from govcloud.lifecycle.errors import LifecycleError
from govcloud.lifecycle.keyring import load_keyring
from govcloud.lifecycle.paths import record_path, records_dir
from govcloud.lifecycle.record import read_entries
from govcloud.lifecycle.state import fold
from govcloud.lifecycle.verify import verify_record
from govcloud.provisioning.refusals import Refusal, gate_rule, refusal

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

_CLOSED = frozenset({"decommissioning", "decommission-approved", "offline", "reclaimed"})


@gate_rule(
    "record-approval-current",
    requirements=("LC-1", "LC-8"),
    description=(
        "申请有生命周期记录时，记录须可验证并含对当前版本摘要的签名审批",
        "A request with a lifecycle record has a verifying record holding a signed approval of its current digest",
    ),
)
@gate_rule(
    "record-not-decommissioned",
    requirements=("LC-9",),
    description=("正在下线或已下线的系统不再部署", "Nothing more is built for a system on its way out"),
)
@gate_rule(
    "record-not-suspended",
    requirements=("SEC-8",),
    description=(
        "因严重事件暂停服务的系统在恢复服务前不部署",
        "Nothing is built for a system suspended by a critical incident until its service is restored",
    ),
)
def record_problems(request: Mapping[str, Any], records: Path | None = None) -> list[Refusal]:
    """Why the record does not let this request version be built (empty: it does, or there is no record)."""
    folder = records if records is not None else records_dir()
    path = record_path(folder, str(request.get("metadata", {}).get("id", "")))
    if not path.exists():
        return []
    try:
        verdict = verify_record(path, load_keyring(folder))
    except LifecycleError as error:
        return [Refusal(error.rule_id, error.requirements, error.text)]
    if verdict.problems:
        return [
            Refusal(
                p.rule_id, p.requirements, Text(f"{p.where}：{p.message.zh}", f"{p.where}: {p.message.en}")
            )
            for p in verdict.problems
        ]
    state = fold(read_entries(path))
    digest = request_digest(request)
    problems = []
    if digest not in state.approved_sha256:
        problems.append(
            refusal(
                "record-approval-current",
                Text(
                    f"生命周期记录中没有对当前版本（摘要 {digest[:12]}…）的签名审批：修改后须重新审批",
                    f"the lifecycle record holds no signed approval of this version (digest {digest[:12]}...): "
                    "an edited request needs a new approval",
                ),
            )
        )
    if state.stage in _CLOSED:
        problems.append(
            refusal(
                "record-not-decommissioned",
                Text(
                    f"系统处于 {state.stage} 阶段，不得再部署",
                    f"the system is in stage {state.stage}; nothing more is built",
                ),
            )
        )
    if state.suspension is not None:
        problems.append(
            refusal(
                "record-not-suspended",
                Text(
                    f"系统因事件 {state.suspension.get('incident')} 暂停服务：恢复服务（govcloud resume）前不得部署",
                    f"the system is suspended by incident {state.suspension.get('incident')}: nothing is built "
                    "until its service is restored (govcloud resume)",
                ),
            )
        )
    return problems
