"""Test rigs shipped for the project's own suites and for auditors: the local OpenStack box and netns hosts."""
