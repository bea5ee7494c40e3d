"""Host hardening (等保2.0 level 3, GB/T 22239-2019 §8.1.4) and its audit replay.

The roles in ``playbooks/`` change hosts; ``tests/compliance/`` checks them. Both take their values
from one place (the role defaults, the inventory and the platform facts of the catalogue, merged by
:mod:`govcloud.hardening.settings`), so an expectation is never written twice.
"""
