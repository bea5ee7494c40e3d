"""Run the ``pulumi`` CLI for one stack, the same way from ``govcloud provision``, the main job and the tests.

Every command gets the engine environment (``govcloud.engine``), ``--non-interactive`` and the stack's
config file. That file is a per-machine copy, ``.govcloud/stacks/Pulumi.<stack>.yaml``: the committed
``Pulumi.<stack>.yaml`` says what to build, and the copy adds the ``encryptionsalt`` that the passphrase
secrets provider mints for this machine's passphrase. The two belong together and neither goes to git;
the committed file is never rewritten by a run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from govcloud.bilingual import Text
from govcloud.errors import ActionFailedError
from govcloud.files import write_atomic

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

LOCAL_STACKS = Path(".govcloud") / "stacks"
SALT_KEY = "encryptionsalt"
SKIP_CHECKPOINTS = "PULUMI_SKIP_CHECKPOINTS"
DEFAULT_TIMEOUT_S = 3600.0


class StackRunError(ActionFailedError):
    """A ``pulumi`` command failed (exit 1); the details are the end of its output."""

    def __init__(self, argv: Sequence[str], result: subprocess.CompletedProcess[str]) -> None:
        """Keep the result for callers that want the whole output."""
        tail = (result.stdout or "").splitlines()[-25:] + (result.stderr or "").splitlines()[-10:]
        text = Text(
            f"pulumi 命令失败（退出码 {result.returncode}）",
            f"the pulumi command failed (exit {result.returncode})",
        )
        super().__init__("pulumi-run-succeeds", text, where=f"pulumi {' '.join(argv)}", details=tuple(tail))
        self.result = result


@dataclass(frozen=True, slots=True)
class Summary:
    """What an update or preview did, from the engine's ``summaryEvent``."""

    changes: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    preview: bool = True

    def describe(self) -> str:
        """``53 create`` / ``53 same``, in the engine's own words."""
        return ", ".join(f"{count} {op}" for op, count in sorted(self.changes.items())) or "no resources"

    def count(self, *ops: str) -> int:
        """How many resources had one of ``ops`` (``create``, ``same``, ``update``, ``delete``, ``replace``…)."""
        return sum(self.changes.get(op, 0) for op in ops)


def summary(event_log: Path) -> Summary | None:
    """The last summary in an event log (None when the run ended before one was written)."""
    found = None
    if not event_log.exists():
        return None
    for line in event_log.read_text(encoding="utf-8").splitlines():
        if '"summaryEvent"' not in line:
            continue
        event = json.loads(line)["summaryEvent"]
        found = Summary(
            changes={op: int(n) for op, n in (event.get("resourceChanges") or {}).items()},
            seconds=float(event.get("durationSeconds", 0)),
            preview=bool(event.get("isPreview", False)),
        )
    return found


@dataclass(frozen=True)
class StackRunner:
    """``pulumi`` for one stack of the project at ``project`` (the directory of ``Pulumi.yaml``)."""

    project: Path
    stack: str
    environ: Mapping[str, str]
    timeout_s: float = DEFAULT_TIMEOUT_S
    config_dir: Path | None = None
    """Where the per-machine config file goes (default ``.govcloud/stacks``; one per backend)."""

    @property
    def config_file(self) -> Path:
        """The per-machine stack config (committed config + this machine's salt)."""
        return (self.config_dir or self.project / LOCAL_STACKS) / f"Pulumi.{self.stack}.yaml"

    def run(self, *argv: str, capture: bool = True, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``pulumi <argv> --stack <stack> --non-interactive`` in the project directory."""
        return self._pulumi([*argv, "--stack", self.stack], capture=capture, check=check)

    def _pulumi(
        self, argv: list[str], *, cwd: Path | None = None, capture: bool = True, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        full = [*argv, "--non-interactive"]
        environ = dict(self.environ)
        if argv[0] == "preview":
            # The engine serializes the whole snapshot after every step, even in a preview, which persists
            # nothing: quadratic (1,000 resources: 40 s instead of 14 s). Updates keep their checkpoints,
            # which is what lets an interrupted run be recovered.
            environ[SKIP_CHECKPOINTS] = "true"
        result = subprocess.run(
            ["pulumi", *full],
            cwd=cwd or self.project,
            env=environ,
            capture_output=capture,
            text=True,
            check=False,
            timeout=self.timeout_s,
        )
        if check and result.returncode != 0:
            raise StackRunError(full, result)
        return result

    def exists(self) -> bool:
        """Whether the backend holds the stack (a check that must not create it asks this first)."""
        listed = self._pulumi(["stack", "ls", "--json"])
        return self.stack in {entry["name"] for entry in json.loads(listed.stdout or "[]")}

    def ensure(self, *, exists: bool | None = None) -> None:
        """Create the stack in the backend if needed, then write the per-machine config file.

        ``exists``: what the caller already learnt from ``exists()``, so the backend is not listed twice.
        """
        salt = _salt(self.config_file)
        if not (self.exists() if exists is None else exists):
            salt = self._init()
        committed = self.project / f"Pulumi.{self.stack}.yaml"
        document: dict[str, Any] = (
            yaml.safe_load(committed.read_text(encoding="utf-8")) or {} if committed.exists() else {}
        )
        if salt:
            document[SALT_KEY] = salt
        header = (
            f"# Per-machine copy of Pulumi.{self.stack}.yaml with this machine's {SALT_KEY}; never commit.\n"
        )
        write_atomic(self.config_file, header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False))

    def _init(self) -> str | None:
        """``pulumi stack init`` away from the project, so the salt it writes lands in a scratch copy."""
        with tempfile.TemporaryDirectory(prefix="govcloud-stack-init-") as scratch:
            shutil.copy2(self.project / "Pulumi.yaml", scratch)
            self._pulumi(["stack", "init", self.stack], cwd=Path(scratch))
            return _salt(Path(scratch) / f"Pulumi.{self.stack}.yaml")

    def operation(
        self,
        verb: str,
        *options: str,
        event_log: Path | None = None,
        capture: bool = True,
        check: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        """``pulumi preview|up|refresh|destroy`` with the config file (and an event log when asked)."""
        argv = [verb, "--config-file", str(self.config_file), *options]
        if event_log is not None:
            event_log.parent.mkdir(parents=True, exist_ok=True)
            event_log.unlink(missing_ok=True)
            argv += ["--event-log", str(event_log)]
        if verb != "preview":
            argv.append("--yes")
        return self.run(*argv, capture=capture, check=check)

    def outputs(self) -> dict[str, Any]:
        """The stack outputs (secrets stay masked)."""
        result = self.run("stack", "output", "--json")
        loaded: dict[str, Any] = json.loads(result.stdout or "{}")
        return loaded

    def state(self) -> dict[str, Any]:
        """The stack's deployment (``pulumi stack export``), with secrets still encrypted."""
        loaded: dict[str, Any] = json.loads(self.run("stack", "export").stdout)
        return loaded


def _salt(config_file: Path) -> str | None:
    if not config_file.exists():
        return None
    document = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    value = document.get(SALT_KEY)
    return value if isinstance(value, str) else None
