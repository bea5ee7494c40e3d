"""Component resources of a tenant stack: network, security groups per tier, servers with their volumes."""
