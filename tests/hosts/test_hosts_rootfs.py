"""The rootfs mirror comes from the machine's own apt sources (the only reachable mirror)."""

from pathlib import Path

from govcloud.testing.hosts.rootfs import FALLBACK_MIRROR, mirror_from_sources

SOURCES = """Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
"""


def test_mirror_is_the_main_suite_stanza(tmp_path: Path) -> None:
    f = tmp_path / "debian.sources"
    f.write_text(SOURCES, encoding="utf-8")
    assert mirror_from_sources(f) == "http://mirror.example/debian"


def test_mirror_falls_back_without_sources(tmp_path: Path) -> None:
    assert mirror_from_sources(tmp_path / "missing") == FALLBACK_MIRROR
