"""The tokens of the installed Pulumi OpenStack SDK, and which Terraform name each one bridges.

The module proxy does not serve pulumi-openstack's provider module, where upstream maps Terraform
names to Pulumi tokens, so ``tools/engine/provider`` builds the provider from the Terraform bridge
with a mapping derived here from the pinned Python SDK: the provider must serve exactly the tokens
and input names that SDK sends. The SDK's sources are parsed with ``ast``, not imported: nothing of
it runs, and its lazily loaded modules need not all be loaded.

``python -m govcloud.engine.sdk_tokens derive NAMES.json`` writes
``tools/engine/provider/openstack/tokens.json`` from the Terraform names that
``go run ./cmd/tfnames`` prints; the tests check the committed file is still what this derives.
"""

from __future__ import annotations

import argparse
import ast
import functools
import importlib.util
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from govcloud import paths

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence

PACKAGE = "pulumi_openstack"
PROVIDER_TYPE = "pulumi:providers:openstack"
TOKENS_FILE = Path("tools/engine/provider/openstack/tokens.json")

# kind in tokens.json -> TF name -> {"token": SDK token, "legacy": older index/ token (optional)}
Tokens: TypeAlias = dict[str, dict[str, dict[str, str]]]

# Upstream's hand-picked names that no normalisation reaches (typos included: they are the SDK's API).
OVERRIDES: dict[str, dict[str, str]] = {
    "resources": {
        "openstack_blockstorage_quotaset_v3": "openstack:blockstorage/quoteSetV3:QuoteSetV3",
        "openstack_objectstorage_object_v1": "openstack:objectstorage/containerObject:ContainerObject",
    },
    "dataSources": {
        "openstack_dns_zone_v2": "openstack:dns/getDnsZone:getDnsZone",
        # Deprecated in Terraform for openstack_lb_flavor_v2, which gets the plain name.
        "openstack_loadbalancer_flavor_v2": "openstack:loadbalancer/getLbFlavorDeprecated:getLbFlavorDeprecated",
        "openstack_sharedfilesystem_availability_zones_v2": (
            "openstack:sharedfilesystem/getAvailbilityZones:getAvailbilityZones"
        ),
    },
}
# Terraform's short module names and the SDK modules they became.
_MODULE_RENAMES = {"db": "database", "lb": "loadbalancer", "fw": "firewall"}
_VERSION_SUFFIX = re.compile(r"_v\d+$")
_INDEX = "index"


class DerivationError(ValueError):
    """The Terraform names and the SDK's tokens do not pair up one to one."""


@dataclass(frozen=True)
class Sdk:
    """Every token of the SDK with the wire names of its inputs."""

    resources: Mapping[str, frozenset[str]]
    functions: Mapping[str, frozenset[str]]
    provider: frozenset[str]  # the provider resource's inputs: its configuration keys

    def by_kind(self) -> dict[str, Mapping[str, frozenset[str]]]:
        """Resources and functions under tokens.json's kinds (functions bridge data sources)."""
        return {"resources": self.resources, "dataSources": self.functions}


def sdk_root() -> Path:
    """Directory of the installed SDK, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{PACKAGE} is not installed", name=PACKAGE)
    return Path(spec.submodule_search_locations[0])


@functools.cache
def read_sdk(root: Path | None = None) -> Sdk:
    """Read every resource class (``@pulumi.type_token``) and function (``pulumi.runtime.invoke``) in the SDK.

    Cached: parsing the SDK takes a second or two, and the tests read it from several modules.
    """
    resources: dict[str, frozenset[str]] = {}
    functions: dict[str, frozenset[str]] = {}
    for path in sorted((root or sdk_root()).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "pulumi.type_token(" not in text and "pulumi.runtime.invoke(" not in text:
            continue  # _inputs.py, outputs.py, config: no tokens, and the bulk of the parsing time
        tree = ast.parse(text, filename=str(path))
        classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and (token := _resource_token(node)):
                resources[token] = _getter_names(classes[f"{node.name}Args"])
            elif isinstance(node, ast.FunctionDef) and (invoke := _invoke(node)):
                functions[invoke[0]] = invoke[1]
    provider = resources.pop(PROVIDER_TYPE)
    return Sdk(resources=resources, functions=functions, provider=provider)


def _dotted(node: ast.expr) -> str:
    """``a.b.c`` for a chain of names, ``""`` for any other expression."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and (base := _dotted(node.value)):
        return f"{base}.{node.attr}"
    return ""


def _str_arg(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def _resource_token(cls: ast.ClassDef) -> str | None:
    """The ``@pulumi.type_token`` of a resource class (input and output types carry none of interest)."""
    if not any(_dotted(base) in {"pulumi.CustomResource", "pulumi.ProviderResource"} for base in cls.bases):
        return None
    for decorator in cls.decorator_list:
        if isinstance(decorator, ast.Call) and _dotted(decorator.func) == "pulumi.type_token":
            return _str_arg(decorator)
    return None


def _getter_names(cls: ast.ClassDef) -> frozenset[str]:
    """Wire names of an ``XxxArgs`` class: ``@pulumi.getter(name=...)``, else the Python name."""
    names: set[str] = set()
    for item in cls.body:
        if not isinstance(item, ast.FunctionDef):
            continue
        for decorator in item.decorator_list:
            if _dotted(decorator) == "pulumi.getter":
                names.add(item.name)
            elif isinstance(decorator, ast.Call) and _dotted(decorator.func) == "pulumi.getter":
                names.update(
                    keyword.value.value
                    for keyword in decorator.keywords
                    if keyword.arg == "name"
                    and isinstance(keyword.value, ast.Constant)
                    and isinstance(keyword.value.value, str)
                )
    return frozenset(names)


def _invoke(function: ast.FunctionDef) -> tuple[str, frozenset[str]] | None:
    """Token and ``__args__[...]`` keys of a function calling ``pulumi.runtime.invoke`` (not ``_output``)."""
    token: str | None = None
    keys: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and _dotted(node.func) == "pulumi.runtime.invoke":
            token = _str_arg(node)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Store)
            and _dotted(node.value) == "__args__"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            keys.add(node.slice.value)
    return (token, frozenset(keys)) if token else None


def _sdk_key(token: str, *, function: bool) -> tuple[str, str]:
    """``openstack:bgpvpn/networkAssociateV2:NetworkAssociateV2`` -> ``("bgpvpn", "networkassociatev2")``."""
    _, module_path, name = token.split(":")
    if function:
        name = name.removeprefix("get")
    return module_path.split("/")[0], name.lower()


def _tf_keys(tf_name: str) -> list[tuple[str, str]]:
    """Keys a Terraform name may have, most specific first; ``index`` keys keep Terraform's module."""
    short = tf_name.removeprefix("openstack_")
    module, _, rest = short.partition("_")
    return [
        (key_module, name.replace("_", ""))
        for key_module, member in ((_MODULE_RENAMES.get(module, module), rest), (_INDEX, short))
        for name in (member, _VERSION_SUFFIX.sub("", member))
    ]


def _match(tf_name: str, by_key: Mapping[tuple[str, str], list[str]]) -> list[str]:
    """SDK tokens for a Terraform name: the primary one first, then its legacy ``index/`` one if any."""
    module_hits: list[str] = []
    index_hits: list[str] = []
    for key in _tf_keys(tf_name):  # per kind of token, the first key that matches wins
        hits = module_hits if key[0] != _INDEX else index_hits
        if not hits:
            hits.extend(by_key.get(key, []))
    # Data sources are named getXxx; an index token without "get" is the older spelling.
    index_hits.sort(key=lambda token: not token.split(":")[-1].startswith("get"))
    return module_hits + index_hits


def derive_tokens(
    tf_names: Mapping[str, Collection[str]], sdk_tokens: Mapping[str, Collection[str]]
) -> Tokens:
    """Pair each Terraform name (tfnames' JSON) with its SDK token and legacy token, both per kind.

    Fails unless every Terraform name gets one token and every SDK token is used exactly once.
    """
    tokens: Tokens = {}
    problems: list[str] = []
    for kind in ("resources", "dataSources"):
        by_key: dict[tuple[str, str], list[str]] = {}
        for token in sorted(sdk_tokens[kind]):
            by_key.setdefault(_sdk_key(token, function=kind == "dataSources"), []).append(token)
        entries: dict[str, dict[str, str]] = {}
        used: dict[str, str] = {}
        for tf_name in sorted(tf_names[kind]):
            override = OVERRIDES[kind].get(tf_name)
            hits = [override] if override else _match(tf_name, by_key)
            legacy = hits[1:]  # at most one, and an index/ token
            if not hits or len(legacy) > 1 or any(f":{_INDEX}/" not in alias for alias in legacy):
                problems.append(f"{kind} {tf_name}: {len(hits)} SDK tokens match {hits}")
                continue
            entries[tf_name] = dict(zip(("token", "legacy"), hits, strict=False))
            for token in hits:
                if token in used:
                    problems.append(f"{kind} {token}: matched by both {used[token]} and {tf_name}")
                used[token] = tf_name
        problems.extend(
            f"{kind} {token}: no Terraform name" for token in sorted(set(sdk_tokens[kind]) - set(used))
        )
        tokens[kind] = entries
    if problems:
        raise DerivationError("token derivation failed:\n  " + "\n  ".join(problems))
    return tokens


def dump_tokens(tokens: Tokens) -> str:
    """tokens.json's text: sorted keys, 2-space indent, so a re-derivation diffs cleanly."""
    return json.dumps(tokens, indent=2, sort_keys=True) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``derive NAMES.json [--out FILE]``: write tokens.json for the installed SDK."""
    parser = argparse.ArgumentParser(prog="python -m govcloud.engine.sdk_tokens")
    actions = parser.add_subparsers(dest="action", required=True)
    derive = actions.add_parser("derive", help="write tokens.json from tfnames' output and the installed SDK")
    derive.add_argument("names", type=Path, help="JSON printed by tools/engine/provider/cmd/tfnames")
    derive.add_argument("--out", type=Path, default=None, help=f"default: <repo>/{TOKENS_FILE}")
    args = parser.parse_args(argv)
    tokens = derive_tokens(json.loads(args.names.read_text(encoding="utf-8")), read_sdk().by_kind())
    out: Path = args.out or paths.project_root() / TOKENS_FILE
    out.write_text(dump_tokens(tokens), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
