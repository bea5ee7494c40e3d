"""Rendered config: loopback only, the five fixes from the feasibility study, no secrets in the template."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from govcloud.testing.box import config, services
from govcloud.testing.box.credentials import ACCOUNTS

if TYPE_CHECKING:
    from govcloud.testing.box.iniedit import Edit

PASSWORDS = {name: f"pw-{name}-x" for name in ACCOUNTS}
KEY = "ab" * 32


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[Edit]]:
    return config.render(config.ConfigParams(PASSWORDS, KEY, "/var/log/govcloud-box"))


def value(rendered: dict[str, list[Edit]], path: str, section: str, key: str) -> str:
    found = [e.value for e in rendered[path] if e.section == section and e.key == key and e.value is not None]
    assert found, f"{path} [{section}] {key} not set"
    return found[-1]


def test_every_listener_option_is_loopback(rendered: dict[str, list[Edit]]) -> None:
    listen = re.compile(r"(listen|bind_host|my_ip|target_ip_address)$")
    checked = 0
    for edits in rendered.values():
        for edit in edits:
            if edit.key and listen.search(edit.key):
                assert edit.value == "127.0.0.1", edit
                checked += 1
    assert checked >= 10


def test_every_url_points_at_loopback(rendered: dict[str, list[Edit]]) -> None:
    for edits in rendered.values():
        for edit in edits:
            if edit.value and "://" in edit.value:
                host = urlsplit(edit.value).hostname
                assert host == "127.0.0.1", edit


def test_every_process_binds_loopback() -> None:
    for service in (*services.INFRA, services.KEYSTONE, *services.OPENSTACK):
        argv = " ".join(service.argv)
        if "--http-socket" in service.argv:
            assert service.argv[service.argv.index("--http-socket") + 1].startswith("127.0.0.1:")
        assert "0.0.0.0" not in argv  # noqa: S104 - asserting its absence
    mariadb = next(s for s in services.INFRA if s.name == "mariadb")
    assert "--bind-address=127.0.0.1" in mariadb.argv
    epmd = next(s for s in services.INFRA if s.name == "epmd")
    assert epmd.argv[-2:] == ("-address", "127.0.0.1")
    assert services.RABBIT_ENV["RABBITMQ_NODE_IP_ADDRESS"] == "127.0.0.1"
    assert services.RABBIT_ENV["ERL_EPMD_ADDRESS"] == "127.0.0.1"
    assert "{127,0,0,1}" in services.RABBIT_ENV["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"]


def test_fix_connection_close_on_every_uwsgi() -> None:
    uwsgi = [s for s in (services.KEYSTONE, *services.OPENSTACK) if s.argv[0] == "uwsgi_python3"]
    assert {s.name for s in uwsgi} == {"keystone", "placement", "nova-api"}
    for service in uwsgi:
        header = service.argv.index("--add-header")
        assert service.argv[header + 1] == "Connection: close"


def test_fix_nova_api_one_thread_two_processes() -> None:
    nova_api = next(s for s in services.OPENSTACK if s.name == "nova-api")
    argv = list(nova_api.argv)
    # The last --threads/--processes win in uwsgi.
    threads = len(argv) - 1 - argv[::-1].index("--threads")
    processes = len(argv) - 1 - argv[::-1].index("--processes")
    assert argv[threads + 1] == "1"
    assert argv[processes + 1] == "2"


def test_fix_heartbeat_off_for_rpc_services(rendered: dict[str, list[Edit]]) -> None:
    for path in ("/etc/nova/nova.conf", "/etc/neutron/neutron.conf", "/etc/cinder/cinder.conf"):
        assert value(rendered, path, "oslo_messaging_rabbit", "heartbeat_timeout_threshold") == "0"


def test_fix_service_token_for_detach(rendered: dict[str, list[Edit]]) -> None:
    nova = "/etc/nova/nova.conf"
    assert value(rendered, nova, "service_user", "send_service_user_token") == "true"
    assert value(rendered, nova, "service_user", "username") == "nova"
    assert value(rendered, nova, "service_user", "password") == PASSWORDS["nova"]
    cinder = "/etc/cinder/cinder.conf"
    assert value(rendered, cinder, "keystone_authtoken", "service_token_roles_required") == "true"
    assert value(rendered, cinder, "keystone_authtoken", "service_token_roles") == "service"


def test_fake_drivers(rendered: dict[str, list[Edit]]) -> None:
    assert value(rendered, "/etc/nova/nova.conf", "DEFAULT", "compute_driver") == "fake.FakeDriver"
    ml2 = "/etc/neutron/plugins/ml2/ml2_conf.ini"
    assert value(rendered, ml2, "ml2", "mechanism_drivers") == "fakebind"
    driver = value(rendered, "/etc/cinder/cinder.conf", "fake", "volume_driver")
    assert driver == "cinder.tests.fake_driver.FakeLoggingVolumeDriver"
    cinder = rendered["/etc/cinder/cinder.conf"]
    assert ("lvm", None, None) in [(e.section, e.key, e.value) for e in cinder]


def test_same_fixed_key_in_nova_and_cinder(rendered: dict[str, list[Edit]]) -> None:
    nova = value(rendered, "/etc/nova/nova.conf", "key_manager", "fixed_key")
    cinder = value(rendered, "/etc/cinder/cinder.conf", "key_manager", "fixed_key")
    assert nova == cinder == KEY
    assert value(rendered, "/etc/nova/nova.conf", "key_manager", "backend").endswith("ConfKeyManager")
    assert value(rendered, "/etc/cinder/cinder.conf", "key_manager", "backend").endswith("ConfKeyManager")


def test_template_holds_no_secret() -> None:
    text = str(config.load_template())
    assert "password" not in text.lower()
    assert "secret" not in text.lower()
    assert not re.search(r"[0-9a-f]{32}", text)


def test_db_and_rabbit_urls_use_box_passwords(rendered: dict[str, list[Edit]]) -> None:
    db = value(rendered, "/etc/nova/nova.conf", "database", "connection")
    assert db == f"mysql+pymysql://govcloud:{PASSWORDS['db']}@127.0.0.1/nova"
    url = value(rendered, "/etc/nova/nova.conf", "DEFAULT", "transport_url")
    assert url == f"rabbit://openstack:{PASSWORDS['rabbit']}@127.0.0.1:5672/"


def test_datapath_vxlan_is_unicast_never_multicast(rendered: dict[str, list[Edit]]) -> None:
    """A group on the netns's loopback echoes every flooded frame back into its bridge (SSH loss)."""
    agent = "/etc/neutron/plugins/ml2/linuxbridge_agent.ini"
    assert value(rendered, agent, "vxlan", "local_ip") == "127.0.0.1"
    assert value(rendered, agent, "vxlan", "l2_population") == "true"
    assert value(rendered, agent, "vxlan", "vxlan_group") == ""
