"""The names the program asks OpenStack for exist on the local box, as the tenant sees them (CAT-1).

Pulumi cannot run here (no engine), so this is the part of ``pulumi up`` that can be checked for real:
every flavour, image and volume type of the three example plans, and the external network, resolve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from stack_harness import EXAMPLES, ROOT

from govcloud.catalogue.model import load_default
from govcloud.loader import load_path
from govcloud.provisioning.plan import build_plan

if TYPE_CHECKING:
    from govcloud.testing.box.pytest_fixtures import OpenStackBox

pytestmark = [pytest.mark.box, pytest.mark.root, pytest.mark.slow]


def test_plan_names_exist_on_the_box(openstack_box: OpenStackBox) -> None:
    catalogue = load_default()
    plans = [
        build_plan(load_path(ROOT / "requests" / "examples" / request).data, catalogue)
        for request, _ in EXAMPLES.values()
    ]
    conn = openstack_box.connect()
    try:
        flavors = {flavor.name for flavor in conn.compute.flavors()}
        images = {image.name for image in conn.image.images()}
        volume_types = {volume_type.name for volume_type in conn.block_storage.types()}
        external = [net for net in conn.network.networks(name="public") if net.is_router_external]
    finally:
        conn.close()
    for plan in plans:
        assert plan.flavors <= flavors, f"{plan.system}: flavours {plan.flavors - flavors} missing on the box"
        assert plan.images <= images, f"{plan.system}: images {plan.images - images} missing on the box"
        assert plan.volume_types <= volume_types, (
            f"{plan.system}: volume types {plan.volume_types - volume_types}"
        )
    assert len(external) == 1, "the external network 'public' (govcloud:externalNetwork) is missing"
