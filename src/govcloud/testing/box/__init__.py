"""A real OpenStack control plane on 127.0.0.1 with a fake hypervisor (``govcloud box``).

Debian bookworm's own packages (OpenStack Zed) are installed, configured and run by hand without
systemd, so tests and the IaC engine talk to real APIs without any dataplane. It follows the measured
recipe of the feasibility study (openstack-box.md) and fixes every dead end it lists.
"""
