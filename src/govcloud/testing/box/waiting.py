"""Probes and polling: is a port listening, does an API answer."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


class BoxError(RuntimeError):
    """The box could not reach the wanted state; the message says which step and where to look."""


def tcp_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    """Tell whether a listener accepts connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def http_answers(url: str, timeout: float = 3.0) -> bool:
    """Any HTTP response (even 401/404) means the API process is serving."""
    if not url.startswith("http://127.0.0.1:"):
        msg = f"refusing to probe a non-loopback URL: {url}"
        raise BoxError(msg)
    try:
        with urllib.request.urlopen(url, timeout=timeout):  # noqa: S310 - loopback http only, checked above
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def wait_for(what: str, check: Callable[[], bool], timeout: float, interval: float = 0.5) -> float:
    """Poll ``check`` until true; return the seconds waited or raise BoxError naming ``what``."""
    start = time.monotonic()
    while True:
        if check():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            msg = f"timed out after {timeout:.0f}s waiting for {what}"
            raise BoxError(msg)
        time.sleep(interval)
