"""The role's filters: thin names over govcloud.hardening (profiles, serving, management, ruleset), as the audit uses them."""

from govcloud.hardening.management import admitted, session_source
from govcloud.hardening.profiles import login_system_accounts, port_allowlist, tier_profile, tmp_fstab_line
from govcloud.hardening.ruleset import differences
from govcloud.hardening.serving import listening


class FilterModule:
    """Ansible's filter plugin entry point."""

    def filters(self):
        """Map filter names to the shared functions."""
        return {
            "govcloud_tier_profile": lambda groups, profiles: tier_profile(groups, profiles),
            "govcloud_port_allowlist": lambda profiles, groups, declared, ssh_port: port_allowlist(
                profiles, groups, declared, ssh_port
            ),
            "govcloud_tmp_fstab_line": tmp_fstab_line,
            "govcloud_login_system_accounts": login_system_accounts,
            "govcloud_listening": listening,
            "govcloud_session_source": session_source,
            "govcloud_admitted": admitted,
            "govcloud_ruleset_differences": differences,
        }
