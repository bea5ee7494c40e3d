"""Fixtures more than one area of the suite needs.

The HTML reports (the audit report, the bill, the monthly report) are checked in a real browser: the
page is screenshotted and the DOM Chromium built from it is compared with the figures it was made from.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True, slots=True)
class HeadlessChromium:
    """Debian's chromium, headless, with a profile of the test's own."""

    binary: str
    profile: Path

    def _run(self, page: Path, *flags: str) -> subprocess.CompletedProcess[str]:
        argv = [self.binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
        argv += [f"--user-data-dir={self.profile}", *flags, page.as_uri()]
        return subprocess.run(argv, capture_output=True, text=True, check=False, timeout=120)

    def render(self, page: Path, screenshot: Path, window: str) -> str:
        """Screenshot ``page`` at ``window`` (``width,height``) into a PNG; the DOM Chromium built from it."""
        shot = self._run(page, f"--screenshot={screenshot}", f"--window-size={window}")
        assert shot.returncode == 0, shot.stderr[-500:]
        assert screenshot.read_bytes()[:8] == PNG_SIGNATURE
        dom = self._run(page, "--dump-dom")
        assert dom.returncode == 0, dom.stderr[-500:]
        return dom.stdout


@pytest.fixture
def headless_chromium(tmp_path: Path) -> Callable[[Path, Path, str], str]:
    """``render(page, screenshot, window)`` for one test; it fails, not skips, where chromium is missing."""
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: tools/setup.sh installs it (apt_ensure chromium)"
    return HeadlessChromium(chromium, tmp_path / "chromium-profile").render
