"""The one error type and the one exit-code contract of every ``govcloud`` command.

A library function that cannot go on raises a ``GovcloudError``: a stable ``code`` for machines (the
rule or requirement it is about: ``request-input-usable``, ``alias``, ``project-dir-found``, ``SEC-5``)
and a bilingual ``Text`` for people; an input code not registered in ``govcloud.input_rules`` fails where
the error is constructed (the ids of the other registries are checked by theirs). What the error means
for the process (unusable input, a refusal, a failed action, no engine) is a property of its class, so
``govcloud.cli.main`` alone turns it into the exit code and the one line on stderr; commands do not catch
errors only to print them.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, ClassVar

from govcloud import input_rules

if TYPE_CHECKING:
    from govcloud.bilingual import Text


class ExitCode(IntEnum):
    """What a command's exit status says (README, "Exit codes")."""

    OK = 0
    """Done: nothing at or above the threshold, every check passed, the action completed."""
    VIOLATIONS = 1
    """The input was read and judged: findings, violations, a refusal, or an action that failed."""
    UNUSABLE = 2
    """The input cannot be used at all (unreadable, malformed, unknown name): nothing was judged or written."""
    NO_ENGINE = 3
    """``provision``, ``teardown``, ``inventory``: the Pulumi engine is not built (``tools/engine/build.sh``);
    ``box status`` uses 3 for "partly up" and 4 for "down" (``govcloud.testing.box.status``)."""


class GovcloudError(Exception):
    """Something a person must fix before the command can do its work; unusable input unless a subclass says otherwise.

    ``where`` names the file, field or option the error is about (shown before the text); ``details``
    are further lines (each finding of a broken catalogue, each problem of a waiver file).
    """

    exit_code: ClassVar[ExitCode] = ExitCode.UNUSABLE
    code_checked_by_its_registry: ClassVar[bool] = False
    """True for a subclass whose code is always the id of a rule another registry made and checked (a
    lifecycle rule, a gate refusal, an admission finding); any other code is an input code."""

    def __init__(self, code: str, text: Text, *, where: str = "", details: tuple[str, ...] = ()) -> None:
        """Keep the code, the text, the place and any detail lines; ``KeyError`` for an unregistered input code."""
        if not self.code_checked_by_its_registry:
            input_rules.check(code, self.exit_code)
        place = f"{where}: " if where else ""
        super().__init__("\n  ".join((f"{place}{text.en} [{code}]", *details)))
        self.code = code
        self.text = text
        self.where = where
        self.details = details

    def message(self) -> str:
        """One line for a person: ``<where>: <zh> / <en> [<code>]``."""
        place = f"{self.where}: " if self.where else ""
        return f"{place}{self.text.joined()} [{self.code}]"


class RefusalError(GovcloudError):
    """Usable input that a rule forbids (separation of duties, a stale digest, a wrong stage): exit 1."""

    exit_code = ExitCode.VIOLATIONS


class ActionFailedError(GovcloudError):
    """An action ran and did not succeed (a ``pulumi`` command, a host step): exit 1."""

    exit_code = ExitCode.VIOLATIONS
