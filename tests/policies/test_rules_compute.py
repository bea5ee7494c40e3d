"""Level 1: server, key-pair, volume, port, floating-IP and router policies; exact messages."""

from __future__ import annotations

from typing import Any

import pytest
from policy_harness import make_args, policy, run_policy

from govcloud import controls
from govcloud.policy.resource_types import FLOATING_IP, INSTANCE, KEYPAIR, PORT, ROUTER, VOLUME
from govcloud.provisioning import tags

volume_size = policy("openstack-blockstorage-volume-limit-size")
volume_type = policy("openstack-blockstorage-volume-require-catalogue-type")
volume_encrypted = policy("openstack-blockstorage-volume-require-encrypted-type")
volume_tags = policy("openstack-blockstorage-volume-require-metadata-tags")
admin_pass = policy("openstack-compute-instance-disallow-admin-pass")
grading = policy("openstack-compute-instance-match-approved-grading")
image = policy("openstack-compute-instance-require-approved-image")
flavor = policy("openstack-compute-instance-require-catalogue-flavor")
key_pair = policy("openstack-compute-instance-require-key-pair")
server_tags = policy("openstack-compute-instance-require-metadata-tags")
public_key = policy("openstack-compute-keypair-require-public-key")
fip = policy("openstack-networking-floatingip-disallow-for-extranet-systems")
address_pairs = policy("openstack-networking-port-disallow-world-address-pairs")
port_security = policy("openstack-networking-port-require-port-security")
router = policy("openstack-networking-router-disallow-gateway-for-extranet-systems")

DIGEST = "052a8ecefd507e49ab0bff6d090b4d5e5ea98c751aafa13cf26f964126daa6b0"
CONFIG: dict[str, Any] = {
    "approvedImages": ["kylin-v10-sp3-hardened"],
    "approvedFlavors": ["g.4c8g", "g.8c16g"],
    "approvedVolumeTypes": ["ssd-luks"],
    "encryptedVolumeTypes": ["ssd-luks", "ssd-sm4"],
    "volumeSizeLimits": {"ssd-luks": [10.0, 4096.0]},
    "requiredMetadata": list(tags.REQUIRED),
    "requestId": "REQ-2026-0042",
    "requestDigest": DIGEST,
    "level": 3.0,
    "classification": "internal",
    "zone": "internet",
    "exposure": "internet-facing",
    "worldCidrs": ["0.0.0.0/0", "::/0"],
    "extranetGatewayNetworks": [],
}
METADATA = {
    tags.UNIT: "市人民政府办公室",
    tags.SYSTEM: "gov-portal",
    tags.LEVEL: "3",
    tags.CLASSIFICATION: "internal",
    tags.ZONE: "internet",
    tags.TIER: "web",
    tags.REQUEST_ID: "REQ-2026-0042",
    tags.REQUEST_DIGEST: DIGEST,
    tags.ITEMS: "ecs.g.4c8g,img.kylin.v10.hardened",
}
SERVER: dict[str, Any] = {
    "name": "gov-portal-web-1",
    "flavorName": "g.4c8g",
    "imageName": "kylin-v10-sp3-hardened",
    "keyPair": "govcloud-gov-portal-ops",
    "networks": [{"port": "gov-portal-web-1-port_id"}],
    "metadata": METADATA,
}
VOLUME_PROPS: dict[str, Any] = {
    "name": "gov-portal-web-1-data-1",
    "size": 100.0,
    "volumeType": "ssd-luks",
    "metadata": {**METADATA, tags.ITEMS: "evs.ssd.luks"},
}
SERVER_POLICIES = [admin_pass, key_pair, image, flavor, server_tags, grading]
VOLUME_POLICIES = [volume_type, volume_encrypted, volume_tags, volume_size]


def on_server(module: Any, **fields: Any) -> list[str]:
    return run_policy(module, make_args(INSTANCE, {**SERVER, **fields}, "web-1", CONFIG))


def on_volume(module: Any, config: dict[str, Any] | None = None, **fields: Any) -> list[str]:
    args = make_args(VOLUME, {**VOLUME_PROPS, **fields}, "web-1-data-1", {**CONFIG, **(config or {})})
    return run_policy(module, args)


@pytest.mark.parametrize("module", SERVER_POLICIES, ids=lambda m: m.name)
def test_compliant_server(module: Any) -> None:
    assert on_server(module) == []


@pytest.mark.parametrize("module", VOLUME_POLICIES, ids=lambda m: m.name)
def test_compliant_volume(module: Any) -> None:
    assert on_volume(module) == []


SERVER_VIOLATIONS = {
    "admin-pass": (admin_pass, {"adminPass": "Passw0rd!"},
        "Instance 'web-1' sets admin_pass (SEC-10): remove it and log in with the key pair."),
    "no-key-pair": (key_pair, {"keyPair": ""},
        "Instance 'web-1' has no key pair (SEC-10): set key_pair to the operations key pair."),
    "unapproved-image": (image, {"imageName": "ubuntu-22.04"},
        ("Instance 'web-1' boots image ubuntu-22.04, which is not an approved catalogue image (CAT-1, SEC-10): "
         "use one of kylin-v10-sp3-hardened by name.")),
    "image-by-id-only": (image, {"imageName": None, "imageId": "6f1c"},
        ("Instance 'web-1' boots image id 6f1c, which is not an approved catalogue image (CAT-1, SEC-10): "
         "use one of kylin-v10-sp3-hardened by name.")),
    "flavor-outside-the-request": (flavor, {"flavorName": "m.8c64g"},
        ("Instance 'web-1' uses flavour m.8c64g, which the approved request does not list (CAT-1, CAT-4): "
         "use one of g.4c8g, g.8c16g by name.")),
    "missing-request-id": (server_tags, {"metadata": {k: v for k, v in METADATA.items() if k != tags.REQUEST_ID}},
        "Instance 'web-1' lacks metadata govcloud.request-id (LC-2, SEC-7): write tags.server_metadata(plan, server)."),
    "another-request-s-digest": (server_tags, {"metadata": {**METADATA, tags.REQUEST_DIGEST: "0" * 64}},
        (f"Instance 'web-1' has {tags.REQUEST_DIGEST}={'0' * 64} but the approved request is {DIGEST} (LC-2, SEC-7): "
         "write tags.server_metadata(plan, server).")),
    "graded-differently": (grading, {"metadata": {**METADATA, tags.LEVEL: "2"}},
        ("Instance 'web-1' is tagged govcloud.mlps-level=2 but the request approved 3 (SEC-2, SEC-3): build the "
         "server from the approved request, or file a change request.")),
}  # fmt: skip
"""A compliant server with one field changed: the one rule that must refuse it, and its exact message."""


@pytest.mark.parametrize(("module", "fields", "message"), SERVER_VIOLATIONS.values(), ids=SERVER_VIOLATIONS)
def test_a_server_with_one_field_changed(module: Any, fields: dict[str, Any], message: str) -> None:
    """SEC-10 admin pass, key pair and image; CAT-1, CAT-4 image and flavour; LC-2, SEC-7 tags; SEC-2, SEC-3 grade."""
    assert on_server(module, **fields) == [message]


def test_metadata_remediation_fills_only_request_keys() -> None:
    metadata = {key: value for key, value in METADATA.items() if key not in (tags.REQUEST_ID, tags.LEVEL)}
    remediated = server_tags.remediate(make_args(INSTANCE, {**SERVER, "metadata": metadata}, "web-1", CONFIG))
    assert isinstance(remediated, dict)
    assert remediated["metadata"] == {**metadata, tags.REQUEST_ID: "REQ-2026-0042", tags.LEVEL: "3"}
    assert server_tags.remediate(make_args(INSTANCE, SERVER, "web-1", CONFIG)) is None


VOLUME_VIOLATIONS = {
    "type-outside-the-request": (volume_type, None, {"volumeType": "ssd"},
        ("Volume 'web-1-data-1' uses volume type ssd, which the approved request does not list (CAT-1): "
         "use one of ssd-luks.")),
    "plaintext-of-a-level3-system": (volume_encrypted, None, {"volumeType": "ssd"},
        ("Volume 'web-1-data-1' uses unencrypted volume type ssd for a level-3 internal system (SEC-11): "
         "use an encrypted type (ssd-luks, ssd-sm4).")),
    "plaintext-of-a-level2-sensitive-system": (volume_encrypted, {"level": 2.0, "classification": "sensitive"},
        {"volumeType": None},
        ("Volume 'web-1-data-1' uses unencrypted volume type (cloud default) for a level-2 sensitive system "
         "(SEC-11): use an encrypted type (ssd-luks, ssd-sm4).")),
    "missing-metadata": (volume_tags, None, {"metadata": {}},
        ("Volume 'web-1-data-1' lacks metadata govcloud.unit, govcloud.system, govcloud.mlps-level, "
         "govcloud.classification, govcloud.zone, govcloud.request-id, govcloud.request-digest, "
         "govcloud.catalogue-items (LC-2, SEC-7): write tags.volume_metadata(plan, server, volume).")),
    "too-large": (volume_size, None, {"size": 5000.0},
        ("Volume 'web-1-data-1' is 5000 GiB, outside 10-4096 GiB for its type (CAT-4): resize it within the "
         "catalogue limits.")),
}  # fmt: skip
"""A compliant volume with one field (and maybe the config) changed: the rule that refuses it, its message."""


@pytest.mark.parametrize(
    ("module", "config", "fields", "message"), VOLUME_VIOLATIONS.values(), ids=VOLUME_VIOLATIONS
)
def test_a_volume_with_one_field_changed(
    module: Any, config: dict[str, Any] | None, fields: dict[str, Any], message: str
) -> None:
    """CAT-1 volume type, SEC-11 encryption, LC-2 and SEC-7 tags, CAT-4 size."""
    assert on_volume(module, config, **fields) == [message]


def test_plaintext_volume_of_a_level2_internal_system_is_fine() -> None:
    assert on_volume(volume_encrypted, {"level": 2.0}, volumeType="ssd") == []


def test_volume_encryption_decision_is_the_shared_predicate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue item 5: the policy asks govcloud.controls, the same predicate admission uses."""
    monkeypatch.setattr(controls, "encryption_required", lambda level, classification: False)  # noqa: ARG005
    assert on_volume(volume_encrypted, volumeType="ssd") == []


PORT_PROPS: dict[str, Any] = {
    "networkId": "net_id",
    "securityGroupIds": ["sg_id"],
    "fixedIps": [{"subnetId": "s"}],
}


def on_port(module: Any, **fields: Any) -> list[str]:
    return run_policy(module, make_args(PORT, {**PORT_PROPS, **fields}, "web-1-port", CONFIG))


def test_compliant_port() -> None:
    assert on_port(port_security) == []
    assert on_port(address_pairs, allowedAddressPairs=[{"ipAddress": "10.96.0.100"}]) == []


PORT_VIOLATIONS = {
    "port-security-off": (port_security, {"portSecurityEnabled": False},
        "Port 'web-1-port' disables port security (SEC-3): remove port_security_enabled=False."),
    "without-groups": (port_security, {"noSecurityGroups": True},
        "Port 'web-1-port' has no_security_groups=True (SEC-3): attach the tier's security group."),
    "world-address-pair": (address_pairs, {"allowedAddressPairs": [{"ipAddress": "0.0.0.0/0"}]},
        "Port 'web-1-port' allows address pair 0.0.0.0/0 (SEC-3): list only the exact virtual IPs."),
}  # fmt: skip


@pytest.mark.parametrize(("module", "fields", "message"), PORT_VIOLATIONS.values(), ids=PORT_VIOLATIONS)
def test_a_port_with_one_field_changed(module: Any, fields: dict[str, Any], message: str) -> None:
    """SEC-3: port security, its groups, no world-wide address pair."""
    assert on_port(module, **fields) == [message]


def test_floating_ip_of_an_internet_facing_system_is_fine() -> None:
    assert run_policy(fip, make_args(FLOATING_IP, {"pool": "public"}, "web-1-fip", CONFIG)) == []


def test_floating_ip_of_an_extranet_system() -> None:
    args = make_args(FLOATING_IP, {"pool": "public"}, "web-1-fip", {**CONFIG, "exposure": "extranet-only"})
    assert run_policy(fip, args) == [
        (
            "FloatingIp 'web-1-fip' gives a public address to a extranet-only system (SEC-3): remove it; internet "
            "access needs a request in the public cloud zone."
        )
    ]


def test_router_gateway_of_an_extranet_system() -> None:
    config = {**CONFIG, "exposure": "extranet-only"}
    props = {"name": "r", "externalNetworkId": "public-net-id"}
    assert run_policy(router, make_args(ROUTER, props, "router", config)) == [
        (
            "Router 'router' has a gateway to external network public-net-id in an extranet-only system (SEC-3): "
            "remove external_network_id or use the e-government extranet network."
        )
    ]
    config["extranetGatewayNetworks"] = ["public-net-id"]
    assert run_policy(router, make_args(ROUTER, props, "router", config)) == []
    assert (
        run_policy(
            router, make_args(ROUTER, {"name": "r"}, "router", {**CONFIG, "exposure": "extranet-only"})
        )
        == []
    )


def test_keypair_without_public_key() -> None:
    assert (
        run_policy(public_key, make_args(KEYPAIR, {"name": "ops", "publicKey": "ssh-ed25519 AAAA"}, "k"))
        == []
    )
    assert run_policy(public_key, make_args(KEYPAIR, {"name": "ops"}, "ops-key")) == [
        (
            "Keypair 'ops-key' has no public_key, so OpenStack generates a private key into state (SEC-10, SEC-11): "
            "import the operator's public key."
        )
    ]
