"""The schema our provider serves has every token of the pinned SDK, with the SDK's input names.

Reads the schema the build embeds in bin/pulumi-resource-openstack (or the file named by
GOVCLOUD_PROVIDER_SCHEMA): a name the SDK sends that the schema lacks fails at deploy time.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from govcloud import engine
from govcloud.engine import sdk_tokens

pytestmark = [pytest.mark.engine, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SCHEMA_ENV = "GOVCLOUD_PROVIDER_SCHEMA"
EMBEDDED_SCHEMA = REPO / "tools/engine/provider/cmd/pulumi-resource-openstack/schema-embed.json"
SDK_TOKENS = 179


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    path = Path(os.environ.get(SCHEMA_ENV) or EMBEDDED_SCHEMA)
    if not path.is_file():
        pytest.fail(
            f"no provider schema at {path}: run {engine.BUILD_SCRIPT}, or point {SCHEMA_ENV} at a schema.json"
        )
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def sdk() -> sdk_tokens.Sdk:
    return sdk_tokens.read_sdk()


def test_every_sdk_token_is_served_with_its_inputs(schema: dict[str, Any], sdk: sdk_tokens.Sdk) -> None:
    served = {
        token: frozenset(spec.get("inputProperties", {})) for token, spec in schema["resources"].items()
    }
    served |= {
        token: frozenset(spec.get("inputs", {}).get("properties", {}))
        for token, spec in schema["functions"].items()
    }
    expected = {**sdk.resources, **sdk.functions}
    missing = sorted(set(expected) - set(served))
    differ = {
        token: {"sdk only": sorted(inputs - served[token]), "schema only": sorted(served[token] - inputs)}
        for token, inputs in sorted(expected.items())
        if token in served and served[token] != inputs
    }
    matched = len(expected) - len(missing) - len(differ)
    assert (missing, differ) == ([], {}), (
        f"{matched}/{len(expected)} SDK tokens served with the SDK's inputs; "
        f"missing: {missing}; inputs differ: {json.dumps(differ, indent=1)}"
    )
    assert matched == SDK_TOKENS


def test_provider_identity_and_config_match_the_sdk(schema: dict[str, Any], sdk: sdk_tokens.Sdk) -> None:
    assert schema["name"] == "openstack"
    assert schema["version"] == engine.pinned_versions(REPO)["PULUMI_OPENSTACK_VERSION"]
    assert schema["language"]["python"]["packageName"] == sdk_tokens.PACKAGE
    assert frozenset(schema["provider"]["inputProperties"]) == sdk.provider
