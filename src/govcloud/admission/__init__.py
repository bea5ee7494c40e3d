"""Admission: a tenant's request checked against the schema, the catalogue and the rules, before any approval."""
