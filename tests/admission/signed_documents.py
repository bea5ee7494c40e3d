"""The request's two signed documents, each with the rule that judges it (SEC-5 provider access, SEC-9 commitment).

Both rules trace the signer to a contact and refuse a signature after submission the same way, so
``test_signed_documents`` runs those tests over both documents, and each document's own module reads
its rule's findings through the same description.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govcloud.admission.admit import judge
from govcloud.loader import Document

if TYPE_CHECKING:
    from govcloud.admission.findings import Finding
    from govcloud.catalogue.model import Catalogue


@dataclass(frozen=True)
class SignedDocument:
    """Where a signed document stands in a request, and the rule that judges it.

    ``name`` is its test id, ``path`` its keys from the top of the request, ``zh`` what the rule's
    Chinese texts call it.
    """

    name: str
    rule: str
    path: tuple[str, ...]
    zh: str

    @property
    def field(self) -> str:
        """Its path as the findings write it."""
        return ".".join(self.path)

    def of(self, request: dict[str, Any]) -> dict[str, Any]:
        """The document inside ``request``, to change in place."""
        node: dict[str, Any] = request
        for key in self.path:
            node = node[key]
        return node

    def found(self, request: dict[str, Any], catalogue: Catalogue) -> list[Finding]:
        """Every finding of the document's rule on ``request``."""
        return [finding for finding in judge(Document(request), catalogue) if finding.rule_id == self.rule]

    def said(self, request: dict[str, Any], catalogue: Catalogue) -> list[tuple[str, str, str]]:
        """(field, English message, English remediation) of every finding of the rule."""
        return [(f.field, f.message.en, f.remediation.en) for f in self.found(request, catalogue)]


PROVIDER_ACCESS = SignedDocument(
    "provider-access", "request-provider-access-authorised", ("spec", "providerAccess"), "授权"
)
SECURITY_COMMITMENT = SignedDocument(
    "security-commitment",
    "request-security-commitment-signed",
    ("spec", "materials", "securityCommitment"),
    "承诺书",
)
BOTH = (PROVIDER_ACCESS, SECURITY_COMMITMENT)
