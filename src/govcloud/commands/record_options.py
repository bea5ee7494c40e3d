"""Options of the commands that read or sign the lifecycle record, declared and read in one place.

``submit``/``approve``/…, ``backup``, ``decommission``, ``bill``, ``usage`` and ``report`` all name the
records folder, most the person acting (``--as``, ``--role``) and the keys folder; the monthly ones a
``--month``. The defaults (``GOVCLOUD_RECORDS``/``requests/records``, ``GOVCLOUD_KEYS``/``.govcloud/keys``)
are looked up only when a command runs, so building the parser never needs a checkout.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from govcloud.bilingual import Text
from govcloud.lifecycle.errors import LifecycleError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def records_argument(parser: argparse.ArgumentParser) -> None:
    """``--records DIR``: where the records are (default: ``requests/records``)."""
    parser.add_argument(
        "--records", type=Path, default=None, help="records folder (default: requests/records)"
    )


def keys_argument(parser: argparse.ArgumentParser) -> None:
    """``--keys DIR``: where the private signing keys are (default: ``.govcloud/keys``)."""
    parser.add_argument(
        "--keys", type=Path, default=None, help="private keys folder (default: .govcloud/keys)"
    )


def actor_arguments(parser: argparse.ArgumentParser, roles: Iterable[str], *, required: bool = True) -> None:
    """``--as NAME --role ROLE --keys DIR --records DIR``: who signs, in which role, with which key."""
    parser.add_argument("--as", dest="actor", required=required, help="your name as enrolled")
    parser.add_argument("--role", required=required, choices=list(roles))
    keys_argument(parser)
    records_argument(parser)


def records(args: argparse.Namespace) -> Path:
    """``--records``, else the configured records folder."""
    from govcloud.lifecycle.paths import records_dir  # noqa: PLC0415 - needs the checkout: only when run

    return args.records if args.records is not None else records_dir()


def keys(args: argparse.Namespace) -> Path:
    """``--keys``, else the configured keys folder."""
    from govcloud.lifecycle.paths import keys_dir  # noqa: PLC0415 - needs the checkout: only when run

    return args.keys if args.keys is not None else keys_dir()


def day(text: str) -> date:
    """A ``--today`` value: an ISO date (a date-time is cut to its day)."""
    return datetime.fromisoformat(text).date()


def month(text: str, rule_id: str) -> str:
    """``text`` when it is a ``YYYY-MM`` month, else unusable input under the command's own rule id."""
    if not _MONTH.match(text):
        raise LifecycleError(
            rule_id, "--month", Text(f"须为 YYYY-MM：{text!r}", f"must be YYYY-MM: {text!r}")
        )
    return text
