"""Provisioning: what an approved request builds (plan, tags, inventory) and the gate before ``pulumi up``."""
