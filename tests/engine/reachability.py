"""TCP reachability between stand-in hosts, as their network namespaces see it.

A listener and a client run in the hosts' network namespaces (the controller's own python, network
namespace only), so what decides whether a connection opens is the datapath between them: Neutron's
bridge and its iptables firewall in the box's datapath netns.
"""

from __future__ import annotations

import subprocess
import sys
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

PYTHON = "/usr/bin/python3" if sys.platform == "linux" else sys.executable
LISTENER = """
import socket, sys
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("0.0.0.0", int(sys.argv[1])))
server.listen()
print("ready", flush=True)
while True:
    server.accept()[0].close()
"""
CLIENT = """
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=float(sys.argv[3])).close()
except OSError:
    sys.exit(1)
"""


@contextmanager
def listening(netns: str, ports: tuple[int, ...]) -> Iterator[None]:
    """Accept (and close) connections on ``ports`` inside ``netns`` until the block ends."""
    procs = []
    try:
        for port in ports:
            proc = subprocess.Popen(
                ["ip", "netns", "exec", netns, PYTHON, "-c", LISTENER, str(port)],
                stdout=subprocess.PIPE,
                text=True,
            )
            procs.append(proc)
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", f"no listener on {port} in {netns}"
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()


def opens(netns: str, address: str, port: int, timeout: float = 2.0) -> bool:
    """Whether a TCP connection from ``netns`` to ``address:port`` opens within ``timeout``."""
    argv = ["ip", "netns", "exec", netns, PYTHON, "-c", CLIENT, address, str(port), str(timeout)]
    return subprocess.run(argv, check=False, timeout=timeout + 10).returncode == 0


def settled(netns: str, address: str, port: int, *, expect: bool, within: float = 30.0) -> bool:
    """What :func:`opens` answers once the agent has caught up with new ports (it polls every 2 s)."""
    deadline = time.monotonic() + within
    while True:
        answer = opens(netns, address, port)
        if answer == expect or time.monotonic() > deadline:
            return answer
        time.sleep(1)
