"""Names come from OpenStack server names: nothing may reach a path, netns or shell unchecked."""

import pytest

from govcloud.testing.hosts import names

TRICKS = [
    "",
    "-x",
    "x-",
    "a" * 41,
    "../etc",
    "a/b",
    "a;rm -rf /",
    "$(id)",
    "`id`",
    "a b",
    "a\nb",
    "UPPER",
    "a.b",
    "é",
    "a\0b",
    "--help",
]


@pytest.mark.parametrize("bad", TRICKS)
def test_validate_name_rejects_shell_and_path_tricks(bad: str) -> None:
    with pytest.raises(names.InvalidNameError):
        names.validate_name(bad)


@pytest.mark.parametrize("good", ["a", "web-1", "vm-0123456789ab", "a" * 40, "0"])
def test_validate_name_accepts_plain_labels(good: str) -> None:
    assert names.validate_name(good) == good


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Web Server #1", "web-server-1"),
        ("../../etc/passwd", "etc-passwd"),
        ("$(reboot)", "reboot"),
        ("a;b|c&d", "a-b-c-d"),
        ("政务云", "fallback-1"),
        ("---", "fallback-1"),
        ("x" * 80, "x" * 40),
        ("ab" + "-" * 38 + "cd", "ab-cd"),
    ],
)
def test_sanitise_hostname(text: str, expected: str) -> None:
    out = names.sanitise_hostname(text, fallback="fallback-1")
    assert out == expected
    names.validate_name(out)


def test_kernel_names_fit_ifnamsiz_and_are_scoped_by_site() -> None:
    veth = names.fabric_veth("/var/lib/govcloud-hosts", "web-1", 3)
    assert len(veth) <= 15
    assert names.host_netns("/site/a", "web") != names.host_netns("/site/b", "web")
    assert names.fabric_netns("/s", "net") == names.fabric_netns("/s", "net")
    assert names.digest("ab", "c") != names.digest("a", "bc")
