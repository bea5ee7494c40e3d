"""ssh_config and ansible args route through the fabric netns, never a root-namespace address."""

import shlex

from govcloud.testing.hosts.sshconfig import SshEntry, ansible_ssh_common_args, proxy_command, render


def test_render_entries() -> None:
    text = render(
        [
            SshEntry("web", "10.0.0.5", "ops", "gcf-aaaaaaaaaaa", "/keys/id"),
            SshEntry("db", "10.0.0.6", "ops", "gcf-aaaaaaaaaaa"),
        ],
        ip="/sbin/ip",
        nc="/bin/nc",
    )
    assert "Host db 10.0.0.6\n    HostName 10.0.0.6\n    User ops\n" in text
    assert "    ProxyCommand /sbin/ip netns exec gcf-aaaaaaaaaaa /bin/nc %h %p\n" in text
    assert "IdentityFile /keys/id\n    IdentitiesOnly yes" in text
    assert text.index("Host db") < text.index("Host web")
    assert text.count("StrictHostKeyChecking no") == 2
    assert text.count("UserKnownHostsFile /dev/null") == 2


def test_duplicate_address_is_not_an_alias() -> None:
    text = render(
        [SshEntry("a", "10.0.0.5", "ops", "gcf-1"), SshEntry("b", "10.0.0.5", "ops", "gcf-2")],
        ip="ip",
        nc="nc",
    )
    assert "Host a\n" in text
    assert "Host b\n" in text


def test_ansible_common_args_split_back_to_options() -> None:
    argv = shlex.split(ansible_ssh_common_args("gcf-abc"))
    assert argv[0] == "-o"
    assert argv[1].startswith("ProxyCommand=")
    assert " netns exec gcf-abc " in argv[1]
    assert argv[1].endswith(" %h %p")
    assert "StrictHostKeyChecking=no" in argv


def test_proxy_command_uses_absolute_tools() -> None:
    cmd = proxy_command("gcf-x")
    assert cmd.split()[0].startswith("/")
    assert cmd.endswith("%h %p")
