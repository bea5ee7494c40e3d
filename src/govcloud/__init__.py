"""govcloud-iac: catalogue, admission, provisioning and audit for an OpenStack government cloud."""

__version__ = "0.1.0"
