"""The catalogue: schema files, defaults and coercions filled by cerberus, and what makes it invalid."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from govcloud.catalogue.model import CatalogueError, normalise, openstack_seed, parse_catalogue
from govcloud.cli import main
from govcloud.schemas import validator

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = sorted((ROOT / "catalog" / "schemas").glob("*.json"))
RAW = yaml.safe_load((ROOT / "catalog" / "catalogue.yaml").read_text(encoding="utf-8"))


def raw() -> dict[str, Any]:
    return copy.deepcopy(RAW)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda path: path.name)
def test_schema_file_baseline(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/" + path.name)
    assert schema["title"]
    assert schema["description"]


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda path: path.name)
def test_schema_examples_are_valid(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    for example in schema.get("examples", []):
        if isinstance(example, dict):
            assert validator(path.name).errors(example) == []


def test_default_catalogue(catalogue: Any) -> None:
    assert catalogue.platform.mlps_level == 3
    assert {item.kind for item in catalogue.items.values()} == {
        "NetworkZone",
        "ComputeFlavor",
        "VolumeType",
        "NetworkService",
        "Image",
        "SecurityService",
        "BackupService",
    }
    assert {item.service for item in catalogue.of_kind("SecurityService")} == {
        "waf",
        "hids",
        "bastion",
        "db-audit",
        "vuln-scan",
        "crypto",
    }
    assert {item.spec["zone"] for item in catalogue.of_kind("NetworkZone")} == {
        "extranet",
        "private",
        "internet",
    }
    assert any(
        item.encrypted and item.spec["encryption"]["cipher"] == "sm4-xts-plain64"
        for item in catalogue.of_kind("VolumeType")
    )


def test_cerberus_defaults_follow_platform_level() -> None:
    document = raw()
    document["spec"]["platform"]["mlpsLevel"] = 2
    flavor = next(
        item for item in normalise(document)["spec"]["items"] if item["metadata"]["id"] == "ecs.g.2c4g"
    )
    assert flavor["spec"]["offering"]["levels"] == [1, 2]
    assert flavor["spec"]["offering"]["zones"] == ["extranet", "private", "internet"]


def test_declared_levels_are_kept() -> None:
    sata = next(item for item in normalise(raw())["spec"]["items"] if item["metadata"]["id"] == "evs.sata")
    assert sata["spec"]["offering"]["levels"] == [1, 2]


def test_price_strings_are_coerced(catalogue: Any) -> None:
    assert RAW["spec"]["items"][5]["spec"]["offering"]["monthlyPriceCny"] == "720.00"
    assert catalogue.get("ecs.g.8c16g").offering.monthly_price_cny == 720.0


def _errors(document: dict[str, Any]) -> list[tuple[str, str, tuple[str, ...]]]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(document, Path("catalogue.yaml"))
    return [
        (".".join(map(str, error.path)), error.message.en, error.requirements)
        for error in caught.value.errors
    ]


def test_bad_price_is_an_error() -> None:
    document = raw()
    document["spec"]["items"][3]["spec"]["offering"]["monthlyPriceCny"] = "about 200"
    assert _errors(document) == [
        ("spec.items.3.spec.offering.monthlyPriceCny", "wrong type: expected a number, got 'about 200'", ()),
    ]


def test_duplicate_ids_are_an_error() -> None:
    document = raw()
    document["spec"]["items"][4]["metadata"]["id"] = "ecs.g.2c4g"
    assert _errors(document) == [
        ("spec.items.4.metadata.id", "catalogue item id ecs.g.2c4g is used twice", ("CAT-1",))
    ]


def test_encrypted_type_needs_its_encryption_spec() -> None:
    document = raw()
    del document["spec"]["items"][9]["spec"]["encryption"]
    assert _errors(document) == [("spec.items.9.spec", "missing required field(s): encryption", ())]


def test_unknown_kind_and_unknown_field() -> None:
    document = raw()
    document["spec"]["items"][0]["kind"] = "LoadBalancer"
    document["spec"]["items"][1]["spec"]["colour"] = "blue"
    found = _errors(document)
    assert (
        "spec.items.0.kind",
        (
            "value 'LoadBalancer' not allowed; use: "
            "ComputeFlavor, VolumeType, NetworkZone, NetworkService, Image, SecurityService, BackupService"
        ),
        (),
    ) in found
    assert ("spec.items.1.spec", "unknown field(s): colour (check the spelling)", ()) in found


def test_catalogue_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalogue", "check"]) == 0
    assert "24 items" in capsys.readouterr().out
    broken = raw()
    broken["spec"]["platform"]["mlpsLevel"] = 9
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    assert main(["catalogue", "check", "--catalogue", str(path)]) == 2
    assert "spec.platform.mlpsLevel" in capsys.readouterr().err
    assert main(["validate", "--catalogue", str(path), str(ROOT / "requests" / "examples")]) == 2
    assert main(["catalogue", "list", "--kind", "VolumeType", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {row["id"] for row in rows} == {"evs.sata", "evs.ssd", "evs.ssd.luks", "evs.ssd.sm4"}


def test_openstack_seed_matches_catalogue(catalogue: Any) -> None:
    seed = openstack_seed(catalogue)
    assert {flavor["name"] for flavor in seed["flavors"]} == {"g.2c4g", "g.4c8g", "g.8c16g", "m.8c64g"}
    assert {(t["name"], t["encrypted"]) for t in seed["volume_types"]} == {
        ("sata", False),
        ("ssd", False),
        ("ssd-luks", True),
        ("ssd-sm4", True),
    }
    assert all(image["disk_format"] == "qcow2" for image in seed["images"])
