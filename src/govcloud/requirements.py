"""The project's requirement register: one ID per requirement of the regulations, with its seed articles.

Every rule, schema annotation, playbook task and test cites one of these, so an auditor can walk
from a clause to the code and back; tests check that every citation names an ID of this register.
"""

from __future__ import annotations

from typing import NamedTuple


class Requirement(NamedTuple):
    """One requirement of the digest: a short title and where the regulations say it."""

    title: str
    seeds: str


REQUIREMENTS: dict[str, Requirement] = {
    "LC-1": Requirement(
        "Lifecycle stages from application to exit", "001 Art. 11; 000 Art. 72; 002 Zhejiang Art. 6"
    ),
    "LC-2": Requirement("Application materials", "001 Art. 12; 000 Art. 73(1); 002 Art. 7"),
    "LC-3": Requirement("Acceptance in 3, approval in 2 more working days", "002 Art. 8; 001 Art. 13"),
    "LC-4": Requirement("Provisioning within 3 working days of approval", "001 Art. 14"),
    "LC-5": Requirement("Trial environment: 15-30 days", "002 Art. 9-10"),
    "LC-6": Requirement("Go-live within 30 working days, report within 5", "001 Art. 15"),
    "LC-7": Requirement(
        "Vulnerability scan and penetration test before go-live", "000 Art. 75(3); 002 Art. 9"
    ),
    "LC-8": Requirement("Changes applied for and approved", "001 Art. 16; 002 Art. 11; 000 Art. 76"),
    "LC-9": Requirement("Termination: back up and migrate first", "001 Art. 17; 002 Art. 12; 000 Art. 77(2)"),
    "LC-10": Requirement("Keep the old system one month after migration", "000 Art. 73(3)"),
    "LC-11": Requirement("Declare the schedule of periodic or burst resources", "000 Art. 73(2)"),
    "LC-12": Requirement("Emergency provisioning with consent, paperwork after", "000 Art. 80"),
    "LC-13": Requirement("Migrate out, hand over, erase on contract end", "001 Art. 29"),
    "CAT-1": Requirement("Resources only from the service catalogue", "000 Art. 73(4)"),
    "CAT-2": Requirement("Catalogue items priced by finance", "001 Art. 27; 000 Art. 71"),
    "CAT-3": Requirement("Billing per item and actual use", "001 Art. 27; 002 provincial Art. 4"),
    "CAT-4": Requirement("Resources sized to reasonable values", "002 Art. 10"),
    "EVAL-1": Requirement(
        "Dynamic evaluation flags idle or oversized resources", "000 Art. 78; 001 Art. 30; 002 Art. 22"
    ),
    "EVAL-2": Requirement("Optimise before scaling up", "000 Art. 79(2)"),
    "EVAL-3": Requirement("Monthly provider reports", "002 Art. 15, 19; 001 Art. 18"),
    "EVAL-4": Requirement("Provider assessment", "002 Art. 23; 001 Art. 28"),
    "EVAL-5": Requirement("No new resources for rule-breaking tenants", "000 Art. 97"),
    "SEC-1": Requirement(
        "Nothing classified on the government cloud", "000 Art. 65, 94; 001 Art. 3; 000 Art. 23"
    ),
    "SEC-2": Requirement(
        "Systems at 等保 level 3 and below", "001 Art. 21; 002 Shanghai Art. 2; 000 Art. 66, 84"
    ),
    "SEC-3": Requirement("Extranet, private and public zones isolated", "000 Art. 6; 002 Zhejiang Art. 24"),
    "SEC-4": Requirement(
        "Least privilege and separation of duties", "000 Art. 89; 003 internal-network Art. 18"
    ),
    "SEC-5": Requirement(
        "No access without the tenant's written authorisation", "000 Art. 93; 001 Art. 24; 002 Art. 20"
    ),
    "SEC-6": Requirement(
        "Commercial cryptography planned in and assessed",
        "001 Art. 25; 002 provincial Art. 6; 000 Art. 91(3)",
    ),
    "SEC-7": Requirement("Provider monitoring, backup, logs and audit", "000 Art. 71(2), 85; 002 Art. 19"),
    "SEC-8": Requirement("Suspension of a tenant threatening the platform", "000 Art. 83; 000 Art. 25"),
    "SEC-9": Requirement("Security responsibility unchanged by moving to the cloud", "000 Art. 91"),
    "SEC-10": Requirement("Host security of tenant servers", "000 Art. 22, 121, 123"),
    "SEC-11": Requirement(
        "Data encryption, backups, integrity", "002 platform-security rules; 003 Art. 21; 001 Art. 24"
    ),
    "OPS-1": Requirement("7x24 operation, planned maintenance announced", "000 Art. 88; 001 Art. 19"),
    "OPS-2": Requirement("ITIL-style operations processes", "003"),
    "OPS-3": Requirement("Backup scope, frequency and restore procedure", "003 ch. 6"),
}
