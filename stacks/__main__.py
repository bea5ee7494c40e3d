"""Pulumi entry point of the tenant stacks (``main: stacks/`` in Pulumi.yaml); all logic is in ``program``.

The language host puts this directory on ``sys.path``, hence the top-level import.
"""

import program

program.main()
