"""Line-based ini edits keep Debian's comments and are idempotent."""

from govcloud.testing.box.iniedit import Edit, apply_edits, get_value

DEBIAN = """[DEFAULT]
# my_ip = 10.0.0.1
my_ip = 192.0.2.2
debug = false

[neutron]
default_floating_pool = ext-net
username = admin

[lvm]
volume_group = pkgosvg0
"""


def test_set_replaces_value_and_keeps_comments() -> None:
    out = apply_edits(DEBIAN, [Edit("DEFAULT", "my_ip", "127.0.0.1")])
    assert "# my_ip = 10.0.0.1" in out
    assert get_value(out, "DEFAULT", "my_ip") == "127.0.0.1"
    assert out.count("my_ip =") == 2  # the comment and the one value


def test_set_appends_to_existing_section_before_blank_lines() -> None:
    out = apply_edits(DEBIAN, [Edit("DEFAULT", "host", "govcloud-box")])
    lines = out.splitlines()
    assert lines.index("host = govcloud-box") < lines.index("[neutron]") - 1


def test_set_creates_missing_section() -> None:
    out = apply_edits(DEBIAN, [Edit("key_manager", "backend", "x")])
    assert out.endswith("[key_manager]\nbackend = x\n")


def test_delete_key_and_section() -> None:
    out = apply_edits(DEBIAN, [Edit("neutron", "default_floating_pool", None), Edit("lvm", None, None)])
    assert "default_floating_pool" not in out
    assert "[lvm]" not in out
    assert "pkgosvg0" not in out
    assert get_value(out, "neutron", "username") == "admin"


def test_duplicate_keys_collapse_to_one() -> None:
    out = apply_edits("[a]\nx = 1\nx = 2\n", [Edit("a", "x", "3")])
    assert out == "[a]\nx = 3\n"


def test_edits_are_idempotent() -> None:
    edits = [
        Edit("DEFAULT", "my_ip", "127.0.0.1"),
        Edit("neutron", "default_floating_pool", None),
        Edit("lvm", None, None),
        Edit("new", "k", "v"),
    ]
    once = apply_edits(DEBIAN, edits)
    assert apply_edits(once, edits) == once


def test_same_key_in_other_section_untouched() -> None:
    text = "[a]\nhost = 1\n[b]\nhost = 2\n"
    out = apply_edits(text, [Edit("b", "host", "3")])
    assert get_value(out, "a", "host") == "1"
    assert get_value(out, "b", "host") == "3"
