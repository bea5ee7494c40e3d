"""A stack's settings, the ``govcloud:*`` keys of ``Pulumi.<stack>.yaml``, read in one place.

``pulumi up`` hands the program its config through ``pulumi.Config``; the CLI (``govcloud provision``,
``review --stack``, the lifecycle and hardening commands) reads the committed stack file. Both give
the raw keys to ``StackSettings``, which resolves paths against the project (where ``Pulumi.yaml`` is,
never the working directory) and refuses a missing required key naming it. ``Pulumi.yaml`` documents
every key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from govcloud.bilingual import Text
from govcloud.provisioning.refusals import RefusedError, gate_rule, refusal

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

NAMESPACE = "govcloud"
"""The config namespace: the Pulumi project's name."""
KEYS = ("request", "approval", "catalogue", "externalNetwork", "sshPublicKey", "sshPublicKeyFile")
DEFAULT_EXTERNAL_NETWORK = "public"


@dataclass(frozen=True, slots=True)
class StackSettings:
    """One stack's keys (without the namespace) and where they came from."""

    stack: str
    root: Path
    """The project directory; relative paths are resolved against it."""
    values: Mapping[str, object]
    source: str
    """Where the keys were read, for messages: the stack file."""

    @gate_rule(
        "stack-setting-present",
        requirements=("LC-1",),
        description=(
            "栈配置须存在并以路径指明申请与审批记录（govcloud:request、govcloud:approval）",
            (
                "The stack's config exists and names the request and its approval by path "
                "(govcloud:request, govcloud:approval)"
            ),
        ),
    )
    def optional_path(self, key: str) -> Path | None:
        """A path-valued key, resolved, or None when unset; refused when it is not a path."""
        value = self.values.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            setting = f"{NAMESPACE}:{key}"
            self._refuse(Text(f"{setting} 应为路径，而不是 {value!r}", f"{setting} is a path, not {value!r}"))
        path = Path(str(value))
        return path if path.is_absolute() else self.root / path

    def path(self, key: str) -> Path:
        """A required path-valued key (``request``, ``approval``), resolved; refused when unset."""
        found = self.optional_path(key)
        if found is None:
            setting = f"{NAMESPACE}:{key}"
            self._refuse(Text(f"栈配置没有设置 {setting}", f"the stack's config sets no {setting}"))
        return found

    def _refuse(self, message: Text) -> NoReturn:
        raise RefusedError(self.source, [refusal("stack-setting-present", message)])

    @property
    def request(self) -> Path:
        """The request this stack builds (LC-2)."""
        return self.path("request")

    @property
    def approval(self) -> Path:
        """The authority's approval record of that request (LC-1)."""
        return self.path("approval")

    @property
    def catalogue(self) -> Path | None:
        """The stack's own service catalogue, None for the default one (CAT-1)."""
        return self.optional_path("catalogue")

    @property
    def external_network(self) -> str:
        """The network that gives routers their gateway and floating IPs their address."""
        value = self.values.get("externalNetwork")
        return value if isinstance(value, str) and value else DEFAULT_EXTERNAL_NETWORK

    @property
    def ssh_public_key(self) -> str:
        """The operations public key line set inline, "" when the stack names a key file instead."""
        value = self.values.get("sshPublicKey")
        return value.strip() if isinstance(value, str) else ""

    @property
    def ssh_public_key_file(self) -> Path | None:
        """The operations public key's ``.pub`` file (the private half is beside it, without ``.pub``)."""
        return self.optional_path("sshPublicKeyFile")


def from_config(stack: str, root: Path, get: Callable[[str], str | None]) -> StackSettings:
    """The settings as ``pulumi up`` hands them to the program (``get`` is ``pulumi.Config(...).get``)."""
    values = {key: value for key in KEYS if (value := get(key))}
    return StackSettings(stack, root, values, f"Pulumi.{stack}.yaml")


def read(root: Path, stack: str) -> StackSettings:
    """The settings committed in ``<root>/Pulumi.<stack>.yaml``; refused when the file is missing.

    The file is read through the hardened loader: in a pull request it is as untrusted as a request.
    """
    from govcloud.loader import load_path  # noqa: PLC0415 - the Pulumi program never needs it

    path = root / f"Pulumi.{stack}.yaml"
    if not path.is_file():
        message = Text("栈配置文件不存在", "the stack's config file does not exist")
        raise RefusedError(str(path), [refusal("stack-setting-present", message)])
    config = load_path(path).data.get("config") or {}
    prefix = f"{project_name(root)}:"
    values = {
        key.removeprefix(prefix): value
        for key, value in config.items()
        if isinstance(key, str) and key.startswith(prefix)
    }
    return StackSettings(stack, root, values, str(path))


def project_name(root: Path) -> str:
    """The Pulumi project's name from ``Pulumi.yaml``: the namespace of its stacks' keys."""
    from govcloud.loader import load_path  # noqa: PLC0415

    return str(load_path(root / "Pulumi.yaml").data.get("name", "project"))
