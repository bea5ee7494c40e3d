"""``govcloud catalogue``: list the catalogue's items with prices, or check a catalogue file."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from govcloud.commands.common import with_catalogue
from govcloud.errors import ExitCode

if TYPE_CHECKING:
    import argparse

    from govcloud.catalogue.model import Catalogue
    from govcloud.commands import SubParsers


def register(subparsers: SubParsers) -> None:
    """Add ``govcloud catalogue list|check``."""
    parser = subparsers.add_parser("catalogue", help="list or check the service catalogue (服务目录)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser(
        "list",
        help="items with unit, monthly price, levels and zones",
        description="List catalogue items. Example: govcloud catalogue list --kind VolumeType",
    )
    listing.add_argument("--kind", help="only items of this kind (ComputeFlavor, VolumeType, ...)")
    listing.add_argument("--format", choices=["table", "json"], default="table")
    with_catalogue(listing, run_list)
    check = actions.add_parser(
        "check",
        help="validate a catalogue file (exit 0 valid, 2 invalid)",
        description="Validate a catalogue. Example: govcloud catalogue check --catalogue catalog/catalogue.yaml",
    )
    with_catalogue(check, run_check)


def run_list(args: argparse.Namespace, catalogue: Catalogue) -> int:
    """Print the items as a table or JSON."""
    items = [item for item in catalogue.items.values() if args.kind in (None, item.kind)]
    if args.format == "json":
        rows = [
            {
                "id": item.id,
                "kind": item.kind,
                "name": item.name._asdict(),
                "unit": item.offering.unit,
                "monthlyPriceCny": item.offering.monthly_price_cny,
                "levels": sorted(item.offering.levels),
                "zones": sorted(item.offering.zones),
            }
            for item in items
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return ExitCode.OK
    print(f"{'id':<26} {'kind':<16} {'unit':<9} {'CNY/month':>10}  {'levels':<7} {'zones':<26} name")
    for item in items:
        levels = ",".join(str(level) for level in sorted(item.offering.levels))
        zones = ",".join(sorted(item.offering.zones))
        price = f"{item.offering.monthly_price_cny:.2f}"
        print(
            f"{item.id:<26} {item.kind:<16} {item.offering.unit:<9} {price:>10}  {levels:<7} {zones:<26} {item.name.zh}"
        )
    return ExitCode.OK


def run_check(args: argparse.Namespace, catalogue: Catalogue) -> int:
    """The catalogue loaded, so it is valid: say so."""
    print(
        f"{args.catalogue}: ok — 服务目录 {catalogue.version} 版，{len(catalogue.items)} 个条目 / {len(catalogue.items)} items"
    )
    return ExitCode.OK
