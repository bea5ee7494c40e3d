"""Write the hostile request corpus, ``requests/examples/hostile/``: small files a pull request could commit.

Run ``python tests/admission/generate_hostile.py`` (or ``--out DIR``) after the request format or the
examples change: every case is built from the valid examples as they are then, shrunk to a minimal
request that is still admitted, and the schema says which fields are numbers, dates and free text.
``MANIFEST.tsv`` gives each file the exit code it must get (1 findings, 2 unusable input), the rule,
and the field (or, for unusable input, the loader's code), then what it tries. The expectation is
the intent of the case, never what the validator happened to answer; ``test_hostile_corpus`` checks
that the validator agrees and that this script reproduces the committed files byte for byte.

Covered (requirement IDs of the rules each case targets): YAML and JSON parser attacks and encodings
(LC-2), confusable and invisible characters in ids and names (LC-2, CAT-1, SEC-4), numbers at and
beyond every bound (CAT-4, SEC-2, CAT-2), dates that do not exist (LC-2, LC-10, LC-11), empty and
duplicate collections (LC-2, SEC-4, LC-11), and path and shell tricks in every free-text field
(SEC-11, SEC-7).
"""

from __future__ import annotations

import argparse
import codecs
import copy
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

from schema_strategies import SchemaStrategies  # noqa: E402

from govcloud.admission.admit import judge  # noqa: E402
from govcloud.admission.findings import format_path  # noqa: E402
from govcloud.catalogue.model import load_default  # noqa: E402
from govcloud.loader import Document, PathKey  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

OUT = ROOT / "requests" / "examples" / "hostile"
MANIFEST = "MANIFEST.tsv"
SCHEMA = "request-1.0.json"
STRATEGIES = SchemaStrategies()
CATALOGUE = load_default()

SCHEMA_RULE = "request-schema-valid"
INPUT_RULE = "request-input-usable"
TEXT_RULE = "request-free-text-plain"
DUTIES_RULE = "request-duties-separated"
SCHEDULE_RULE = "request-workload-schedule-declared"


@dataclass(frozen=True, slots=True)
class Case:
    """One file of the corpus and what the validator must say about it."""

    slug: str
    suffix: str
    raw: bytes
    exit_code: int
    rule: str
    where: str
    what: str


def _examples() -> dict[str, dict[str, Any]]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "requests" / "examples").glob("*.yaml"))
    }


def _clean(document: dict[str, Any]) -> bool:
    return not judge(Document(document), CATALOGUE)


def _leaves(value: Any, path: PathKey = ()) -> list[tuple[PathKey, Any]]:
    if isinstance(value, dict):
        return [leaf for key, child in value.items() for leaf in _leaves(child, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, child in enumerate(value) for leaf in _leaves(child, (*path, index))]
    return [(path, value)]


def _get(document: Any, path: PathKey) -> Any:
    for part in path:
        document = document[part]
    return document


def _with(document: dict[str, Any], path: PathKey, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with ``value`` at ``path`` (``_DROP`` removes it)."""
    changed = copy.deepcopy(document)
    parent = _get(changed, path[:-1])
    if value is _DROP:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return changed


_DROP = object()


def _minimal(document: dict[str, Any]) -> dict[str, Any]:
    """Drop optional keys and list entries while the request stays admitted (smaller files).

    One pass, last path first: a deletion never moves a path not yet tried.
    """
    current = document
    for path, _ in reversed(_paths(current)):
        candidate = _with(current, path, _DROP)
        if _clean(candidate):
            current = candidate
    for path, value in _leaves(current):
        if _free_text(path, value) and len(value) > _SHORT:
            shorter = value[: max(_SHORT, STRATEGIES.at(SCHEMA, path).get("minLength", 0))]
            candidate = _with(current, path, shorter)
            if _clean(candidate):
                current = candidate
    return current


_SHORT = 12


def _free_text(path: PathKey, value: Any) -> bool:
    """A string the schema leaves free (no pattern, format or fixed choices): names, reasons, bases."""
    schema = STRATEGIES.at(SCHEMA, path)
    return isinstance(value, str) and not {"pattern", "format", "enum", "const", "oneOf"} & set(schema)


def _paths(value: Any, path: PathKey = ()) -> list[tuple[PathKey, Any]]:
    found: list[tuple[PathKey, Any]] = []
    children = (
        value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    )
    for key, child in children:
        found += [((*path, key), child), *_paths(child, (*path, key))]
    return found


def _shape(path: PathKey) -> tuple[str, ...]:
    """The field a path is an instance of: list indices and free map keys (tier names) as ``*``."""
    shape = []
    for depth, part in enumerate(path):
        free_key = isinstance(part, str) and part not in STRATEGIES.at(SCHEMA, path[:depth]).get(
            "properties", {}
        )
        shape.append("*" if isinstance(part, int) or free_key else part)
    return tuple(shape)


def _each_field_once(
    examples: list[dict[str, Any]], wanted: Callable[[PathKey, Any], bool]
) -> Iterator[tuple[dict[str, Any], PathKey, Any]]:
    """Each field ``wanted`` picks, once per field (``_shape``), from the first example that has it."""
    seen: set[tuple[str, ...]] = set()
    for document in examples:
        for path, value in _leaves(document):
            shape = _shape(path)
            if shape not in seen and wanted(path, value):
                seen.add(shape)
                yield document, path, value


def _slug(path: PathKey) -> str:
    """The named parts of a path, for a file name: ``spec.network.tiers.web.ingress[0].ports[0]``."""
    return "-".join(str(part) for part in path if isinstance(part, str) and part != "spec")


def _json(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _yaml(document: Any) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=200).encode("utf-8")


def _finding(  # noqa: PLR0913 - one argument per manifest column
    slug: str, document: dict[str, Any], path: PathKey, rule: str, what: str, *, as_yaml: bool
) -> Case:
    raw = _yaml(document) if as_yaml else _json(document)
    return Case(slug, ".yaml" if as_yaml else ".json", raw, 1, rule, format_path(path), what)


def _unusable(slug: str, suffix: str, raw: bytes, code: str, what: str) -> Case:
    return Case(slug, suffix, raw, 2, INPUT_RULE, code, what)


def parser_cases(base: dict[str, Any]) -> list[Case]:
    """YAML and JSON that is not plain data, or not one document at all (LC-2: exit 2 with a code)."""
    text = _yaml(base).decode()
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
    )
    yaml_cases = [
        ("billion-laughs", laughs, "alias"),
        ("anchor-alias-in-request", text.replace("spec:\n", "spec: &s\n", 1) + "copy: *s\n", "alias"),
        ("merge-key", "base: &b {count: 1}\nother:\n  <<: *b\n", "alias"),
        ("merge-key-literal", text + "extra:\n  <<: {count: 1}\n", "alias"),
        ("python-object-tag", "a: !!python/object/apply:os.system ['id']\n", "tag"),
        ("python-name-tag", "a: !!python/name:os.system\n", "tag"),
        ("custom-tag", text.replace("kind: ResourceRequest", "kind: !Ref ResourceRequest", 1), "tag"),
        ("binary-tag", "a: !!binary aGVsbG8=\n", "tag"),
        ("set-tag", "a: !!set {x, y}\n", "tag"),
        ("deep-block", "a:\n" + "".join("  " * i + "- \n" for i in range(1, 60)), "too-deep"),
        ("deep-flow", "a: " + "[" * 100 + "]" * 100 + "\n", "too-deep"),
        ("duplicate-top-key", text + "spec: {}\n", "duplicate-key"),
        (
            "duplicate-level-key",
            text.replace("  system:\n", "  system:\n    mlpsLevel: 1\n", 1),
            "duplicate-key",
        ),
        ("yes-key", "yes: 1\n", "key-type"),
        ("integer-key", "1: a\n", "key-type"),
        ("null-key", "~: a\n", "key-type"),
        ("complex-key", "? [a, b]\n: c\n", "key-type"),
        ("top-level-list", "- " + text.replace("\n", "\n  "), "not-a-mapping"),
        ("top-level-scalar", "just a string\n", "not-a-mapping"),
        ("empty", "", "empty"),
        ("blank", "  \n\t\n", "empty"),
        ("comment-only", "# a request\n", "empty"),
        ("two-documents", text + "---\n" + text, "malformed"),
        ("unclosed-flow", "a: [1, 2\nb: 3\n", "malformed"),
        ("tab-indent", "a:\n\tb: 1\n", "malformed"),
        ("bad-int-tag", "a: !!int twelve\n", "malformed"),
        (
            "inf-budget",
            text.replace("kind: ResourceRequest", "kind: ResourceRequest\nbudget: .inf", 1),
            "non-finite",
        ),
        ("nan-number", "a: .nan\n", "non-finite"),
        ("negative-inf", "a: -.Inf\n", "non-finite"),
    ]
    body = _json(base).decode()
    json_cases = [
        ("trailing-comma", body[:-1] + ",}", "malformed"),
        ("line-comment", "// request\n" + body, "malformed"),
        ("block-comment", "/* request */" + body, "malformed"),
        ("single-quotes", body.replace('"', "'"), "malformed"),
        ("unquoted-key", body.replace('"kind"', "kind", 1), "malformed"),
        ("nan-literal", body[:-1] + ',"x":NaN}', "non-finite"),
        ("infinity-literal", body[:-1] + ',"x":Infinity}', "non-finite"),
        ("minus-infinity-literal", body[:-1] + ',"x":-Infinity}', "non-finite"),
        ("overflowing-number", body[:-1] + ',"x":1e999}', "non-finite"),
        ("duplicate-key", body[:-1] + ',"kind":"ResourceRequest"}', "duplicate-key"),
        (
            "duplicate-nested-key",
            body.replace('"mlpsLevel":', '"mlpsLevel":1,"mlpsLevel":', 1),
            "duplicate-key",
        ),
        ("deep-arrays", '{"a":' + "[" * 5000 + "]" * 5000 + "}", "too-deep"),
        ("top-level-array", "[" + body + "]", "not-a-mapping"),
        ("top-level-string", '"ResourceRequest"', "not-a-mapping"),
        ("top-level-null", "null", "not-a-mapping"),
        ("empty", "", "empty"),
        ("lone-surrogate", body.replace('"ResourceRequest"', '"ResourceRequest\\ud800"', 1), "encoding"),
        ("truncated", body[: len(body) // 2], "malformed"),
    ]
    return [
        _unusable(f"yaml-{slug}", ".yaml", raw.encode(), code, f"YAML parser attack: {slug}")
        for slug, raw, code in yaml_cases
    ] + [
        _unusable(f"json-{slug}", ".json", raw.encode(), code, f"JSON parser attack: {slug}")
        for slug, raw, code in json_cases
    ]


def encoding_cases(base: dict[str, Any]) -> list[Case]:
    """Bytes that are not UTF-8 text (LC-2: exit 2, ``encoding``); a BOM does not hide a finding."""
    text = _yaml(base).decode()
    raw = text.encode()
    name = base["spec"]["system"]["code"].encode()
    classified = _with(base, ("spec", "system", "dataClassification"), "classified")
    cases = [
        _unusable(
            "enc-utf16-le-bom",
            ".yaml",
            codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
            "encoding",
            "UTF-16 LE",
        ),
        _unusable(
            "enc-utf16-be-bom",
            ".yaml",
            codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
            "encoding",
            "UTF-16 BE",
        ),
        _unusable(
            "enc-utf16-le-no-bom", ".yaml", text.encode("utf-16-le"), "encoding", "UTF-16 without a BOM"
        ),
        _unusable(
            "enc-utf32-le-bom",
            ".json",
            codecs.BOM_UTF32_LE + _json(base).decode().encode("utf-32-le"),
            "encoding",
            "UTF-32",
        ),
        _unusable(
            "enc-gbk", ".yaml", text.encode("gbk", "replace"), "encoding", "GBK, as Chinese Windows saves it"
        ),
        _unusable("enc-gb18030", ".json", _json(base).decode().encode("gb18030"), "encoding", "GB 18030"),
        _unusable("enc-big5", ".yaml", text.encode("big5", "replace"), "encoding", "Big5"),
        _unusable(
            "enc-latin1",
            ".yaml",
            raw.replace(b"ResourceRequest", b"ResourceR\xe9quest", 1),
            "encoding",
            "one Latin-1 byte",
        ),
        _unusable(
            "enc-overlong-slash",
            ".yaml",
            raw.replace(name, name + b"\xc0\xaf..", 1),
            "encoding",
            "overlong UTF-8 for /",
        ),
        _unusable(
            "enc-overlong-nul",
            ".yaml",
            raw.replace(name, name + b"\xc0\x80", 1),
            "encoding",
            "overlong UTF-8 for NUL",
        ),
        _unusable(
            "enc-utf8-surrogate",
            ".yaml",
            raw.replace(name, name + b"\xed\xa0\x80", 1),
            "encoding",
            "a surrogate encoded in UTF-8",
        ),
        _unusable(
            "enc-beyond-unicode",
            ".yaml",
            raw.replace(name, name + b"\xf4\x90\x80\x80", 1),
            "encoding",
            "a code point above U+10FFFF",
        ),
        _unusable(
            "enc-five-byte",
            ".yaml",
            raw.replace(name, name + b"\xf8\x88\x80\x80\x80", 1),
            "encoding",
            "a five-byte sequence",
        ),
        _unusable(
            "enc-truncated-multibyte",
            ".yaml",
            raw.rstrip(b"\n") + b" \xe6\x94",
            "encoding",
            "a character cut at the end",
        ),
        _unusable(
            "enc-lone-continuation",
            ".yaml",
            raw.replace(name, name + b"\x80", 1),
            "encoding",
            "a stray continuation byte",
        ),
        _unusable(
            "enc-nul-bytes", ".yaml", raw.replace(b"\n", b"\x00\n", 1), "malformed", "NUL bytes in the text"
        ),
        _finding(
            "enc-utf8-bom-still-judged",
            classified,
            ("spec", "system", "dataClassification"),
            "request-no-classified-data",
            "a UTF-8 BOM is read, and the rules still run",
            as_yaml=False,
        ),
    ]
    bom = cases[-1]
    cases[-1] = Case(
        bom.slug, bom.suffix, codecs.BOM_UTF8 + bom.raw, bom.exit_code, bom.rule, bom.where, bom.what
    )
    double_bom = "\ufeff" + _json(base).decode()
    cases.append(
        Case(
            "enc-two-boms",
            ".json",
            codecs.BOM_UTF8 + double_bom.encode(),
            2,
            INPUT_RULE,
            "malformed",
            "a second BOM is a character, not a marker",
        )
    )
    return cases


_CONFUSABLE_SLUGS = {
    "cyrillic-a": lambda text: text.replace("a", "\u0430", 1) if "a" in text else "\u0430" + text,
    "greek-omicron": lambda text: text.replace("o", "\u03bf", 1) if "o" in text else text + "\u03bf",
    "zero-width-space": lambda text: text[:2] + "\u200b" + text[2:],
    "full-width": lambda text: "".join(
        chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text
    ),
    "upper-case": str.upper,
    "no-break-space": lambda text: text + "\u00a0",
    "combining-accent": lambda text: text[:1] + "\u0301" + text[1:],
    "right-to-left-override": lambda text: "\u202e" + text,
}


def confusable_cases(base: dict[str, Any]) -> list[Case]:
    """Look-alike and invisible characters in ids (refused by the schema) and names (SEC-4)."""
    cases = []
    ids = [
        ("metadata", "id"),
        ("spec", "system", "code"),
        ("spec", "system", "zone"),
        ("spec", "resources", 0, "item"),
        ("spec", "resources", 0, "tier"),
        ("spec", "tenant", "creditCode"),
    ]
    for path in ids:
        for name, change in _CONFUSABLE_SLUGS.items():
            document = _with(base, path, change(_get(base, path)))
            if document == base:
                continue
            cases.append(
                _finding(
                    f"id-{path[-1]}-{name}",
                    document,
                    path,
                    SCHEMA_RULE,
                    f"{name} in {format_path(path)}",
                    as_yaml=len(cases) % 2 == 1,
                )
            )
    digits = {"full-width-digits": 0xFF10 - 0x30, "arabic-indic-digits": 0x0660 - 0x30}
    for path in (("metadata", "id"), ("spec", "contacts", 0, "phone")):
        for name, shift in digits.items():
            changed = "".join(chr(ord(char) + shift) if char.isdigit() else char for char in _get(base, path))
            cases.append(
                _finding(
                    f"id-{path[-1]}-{name}",
                    _with(base, path, changed),
                    path,
                    SCHEMA_RULE,
                    f"{name} in {format_path(path)}",
                    as_yaml=False,
                )
            )
    return cases + _duties_cases(base)


def _duties_cases(base: dict[str, Any]) -> list[Case]:
    """The requester disguised as the security officer, and names nobody can read (SEC-4)."""
    contacts = base["spec"]["contacts"]
    requester = next(index for index, contact in enumerate(contacts) if contact["role"] == "requester")
    officer = next(index for index, contact in enumerate(contacts) if contact["role"] == "security-officer")
    name = contacts[requester]["name"]
    disguises = {
        "ideographic-space": name[:1] + "\u3000" + name[1:],
        "ascii-space": name[:1] + " " + name[1:],
        "zero-width-space": name + "\u200b",
        "zero-width-joiner": name[:1] + "\u200d" + name[1:],
        "byte-order-mark": "\ufeff" + name,
        "word-joiner": name[:1] + "\u2060" + name[1:],
        "hangul-filler": name + "\u3164",
        "soft-hyphen": name[:1] + "\u00ad" + name[1:],
        "variation-selector": name + "\ufe0f",
        "kangxi-radical": name.replace("金", "\u2fa6"),
    }
    cases = []
    for slug, written in disguises.items():
        if written == name:
            continue
        document = copy.deepcopy(base)
        document["spec"]["contacts"][officer].update(
            {"name": written, "phone": "13912340000", "email": "another.person@unit.example"}
        )
        path = ("spec", "contacts", officer)
        cases.append(
            _finding(
                f"sod-name-{slug}",
                document,
                path,
                DUTIES_RULE,
                f"the requester as security officer, {slug}",
                as_yaml=len(cases) % 2 == 0,
            )
        )
    shared = {
        "same-phone": {"phone": contacts[requester]["phone"]},
        "same-mailbox-other-case": {"email": contacts[requester]["email"].upper()},
        "same-mailbox-sub-address": {"email": contacts[requester]["email"].replace("@", "+sec@", 1)},
    }
    for slug, fields in shared.items():
        document = copy.deepcopy(base)
        document["spec"]["contacts"][officer].update(
            {"name": "另一人", "phone": "13912340000", "email": "x@unit.example", **fields}
        )
        cases.append(
            _finding(
                f"sod-{slug}",
                document,
                ("spec", "contacts", officer),
                DUTIES_RULE,
                f"another name but {slug}",
                as_yaml=False,
            )
        )
    for slug, blank in {
        "ideographic-space": "\u3000",
        "zero-width": "\u200b\u200b",
        "hangul-filler": "\u3164",
        "braille-blank": "\u2800",
        "bom": "\ufeff",
    }.items():
        path = ("spec", "contacts", officer, "name")
        cases.append(
            _finding(
                f"sod-invisible-name-{slug}",
                _with(base, path, blank),
                path,
                DUTIES_RULE,
                f"a name of only {slug}",
                as_yaml=True,
            )
        )
    return cases


def number_cases(examples: list[dict[str, Any]]) -> list[Case]:
    """Every numeric field of the examples just past its bounds and in the wrong type (schema, exit 1)."""
    cases: list[Case] = []
    numbers = _each_field_once(
        examples, lambda _path, value: isinstance(value, int | float) and not isinstance(value, bool)
    )
    for document, path, value in numbers:
        for label, wrong in _wrong_numbers(STRATEGIES.at(SCHEMA, path), value):
            cases.append(
                _finding(
                    "num-" + _slug(path) + f"-{label}",
                    _with(document, path, wrong),
                    path,
                    SCHEMA_RULE,
                    f"{format_path(path)} = {wrong!r}",
                    as_yaml=len(cases) % 2 == 0,
                )
            )
    return cases


def _wrong_numbers(schema: dict[str, Any], value: float) -> list[tuple[str, Any]]:
    low, high = schema.get("minimum"), schema.get("maximum")
    if "oneOf" in schema:
        allowed = [choice["const"] for choice in schema["oneOf"]]
        low, high = min(allowed), max(allowed)
    wrong: list[tuple[str, Any]] = []
    if low is not None:
        wrong += [("below-minimum", low - 1)]
    if high is not None:
        wrong += [("above-maximum", high + 1), ("huge", 2**63)]
    if schema.get("type") == "integer":
        wrong += [("fraction", (low or 0) + 1.5)]
    wrong += [
        ("as-string", str(value)),
        ("nan-string", "NaN"),
        ("infinity-string", "Infinity"),
        ("boolean", True),
        ("null", None),
    ]
    return wrong


_BAD_DATES = {
    "feb-30": "2026-02-30",
    "feb-29-not-leap": "2025-02-29",
    "month-13": "2026-13-01",
    "month-0": "2026-00-10",
    "apr-31": "2026-04-31",
    "day-0": "2026-11-00",
    "not-padded": "2026-1-5",
    "two-digit-year": "26-11-16",
    "slashes": "2026/11/16",
    "with-time": "2026-11-16T00:00:00",
    "chinese": "2026年11月16日",
    "empty": "",
}
_DAYS_NO_YEAR_HAS = {
    "feb-30": "02-30",
    "feb-31": "02-31",
    "apr-31": "04-31",
    "jun-31": "06-31",
    "sep-31": "09-31",
    "nov-31": "11-31",
}
_BAD_MONTH_DAYS = {"month-13": "13-01", "month-0": "00-10", "not-padded": "2-3", "no-dash": "0229"}


def _is_date(path: PathKey) -> bool:
    """A full date (schema ``format: date``) or a schedule window's MM-DD bound."""
    window = path[-1] in ("start", "end") and "workload" in path
    return window or STRATEGIES.at(SCHEMA, path).get("format") == "date"


def date_cases(examples: list[dict[str, Any]]) -> list[Case]:
    """Dates that do not exist: full dates (schema ``format: date``) and MM-DD windows (LC-11)."""
    cases: list[Case] = []
    fields = list(_each_field_once(examples, lambda path, _value: _is_date(path)))
    # A date is named by its key, or by its whole path where two fields share the key (signed).
    keys = [path[-1] for _, path, _ in fields]
    for document, path, _ in fields:
        if STRATEGIES.at(SCHEMA, path).get("format") == "date":
            name = path[-1] if keys.count(path[-1]) == 1 else _slug(path)
            cases += [
                _finding(
                    f"date-{name}-{label}",
                    _with(document, path, value),
                    path,
                    SCHEMA_RULE,
                    f"{format_path(path)} = {value}",
                    as_yaml=index % 2 == 0,
                )
                for index, (label, value) in enumerate(_BAD_DATES.items())
            ]
        else:
            # A day no year has fits the MM-DD pattern (the schedule rule's); a bad shape is the schema's.
            cases += [
                _finding(
                    f"window-{path[-1]}-{label}",
                    _with(document, path, value),
                    path,
                    rule,
                    f"{format_path(path)} = {value}{why}",
                    as_yaml=rule == SCHEDULE_RULE,
                )
                for days, rule, why in (
                    (_DAYS_NO_YEAR_HAS, SCHEDULE_RULE, ": no year has it"),
                    (_BAD_MONTH_DAYS, SCHEMA_RULE, ""),
                )
                for label, value in days.items()
            ]
    migrating = next(document for document in examples if "migration" in document["spec"])
    cutover = migrating["spec"]["migration"]["cutover"]
    retain = ("spec", "migration", "retainOldSystemUntil")
    cases.append(
        _finding(
            "date-retain-before-cutover",
            _with(migrating, retain, cutover),
            retain,
            "request-migration-keeps-old-system",
            "the old system is dropped at cut-over (LC-10)",
            as_yaml=True,
        )
    )
    return cases


def collection_cases(base: dict[str, Any], periodic: dict[str, Any]) -> list[Case]:
    """Empty and duplicated lists and mappings."""
    contacts = base["spec"]["contacts"]
    requester = next(contact for contact in contacts if contact["role"] == "requester")
    officer = next(index for index, contact in enumerate(contacts) if contact["role"] == "security-officer")
    ports = next((path for path, _ in _leaves(base) if "ports" in path), None)
    rows: list[tuple[str, dict[str, Any], PathKey, str]] = [
        ("resources-empty", _with(base, ("spec", "resources"), []), ("spec", "resources"), SCHEMA_RULE),
        ("contacts-empty", _with(base, ("spec", "contacts"), []), ("spec", "contacts"), SCHEMA_RULE),
        ("contacts-one", _with(base, ("spec", "contacts"), [requester]), ("spec", "contacts"), SCHEMA_RULE),
        (
            "contacts-requester-twice",
            _with(base, ("spec", "contacts"), [requester, requester]),
            ("spec", "contacts"),
            DUTIES_RULE,
        ),
        (
            "contacts-officer-is-requester-copy",
            _with(base, ("spec", "contacts", officer), {**requester, "role": "security-officer"}),
            ("spec", "contacts", officer),
            DUTIES_RULE,
        ),
        (
            "materials-empty",
            _with(base, ("spec", "materials"), {}),
            ("spec", "materials", "projectApprovalNo"),
            "request-application-materials-present",
        ),
        (
            "tenant-unit-empty",
            _with(base, ("spec", "tenant", "unit"), {}),
            ("spec", "tenant", "unit"),
            SCHEMA_RULE,
        ),
        (
            "system-name-blank",
            _with(base, ("spec", "system", "name"), {"zh": "", "en": ""}),
            ("spec", "system", "name", "zh"),
            SCHEMA_RULE,
        ),
        (
            "network-tiers-empty",
            _with(base, ("spec", "network", "tiers"), {}),
            ("spec", "network", "tiers"),
            SCHEMA_RULE,
        ),
        (
            "schedule-empty",
            _with(periodic, ("spec", "workload", "schedule"), []),
            ("spec", "workload", "schedule"),
            SCHEDULE_RULE,
        ),
        (
            "schedule-extra-empty",
            _with(periodic, ("spec", "workload", "schedule", 0, "extra"), []),
            ("spec", "workload", "schedule", 0, "extra"),
            SCHEMA_RULE,
        ),
        (
            "volumes-too-many",
            _with(base, ("spec", "resources", 0, "volumes"), [{"item": "evs.ssd", "sizeGiB": 10}] * 17),
            ("spec", "resources", 0, "volumes"),
            SCHEMA_RULE,
        ),
    ]
    if ports is not None:
        port_list = ports[:-1]
        value = _get(base, port_list)
        rows.append(("ports-duplicated", _with(base, port_list, [*value, value[0]]), port_list, SCHEMA_RULE))
    return [
        _finding(f"coll-{slug}", document, path, rule, slug.replace("-", " "), as_yaml=index % 2 == 0)
        for index, (slug, document, path, rule) in enumerate(rows)
    ]


_TRICKS = [
    "$(rm -rf /)",
    "`id`",
    "{{ lookup('pipe', 'id') }}",
    "${IFS}cat${IFS}/etc/shadow",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "{% include '/etc/passwd' %}",
    "报告\u202etxt.exe",
    "a\u0000b",
    "\u001b[2J\u001b[31m已批准",
    "{# hidden #}",
    "\u2066隐藏\u2069",
]
_STRUCTURED_TRICKS = {
    ("spec", "system", "code"): "x;rm -rf ~",
    ("spec", "resources", 0, "tier"): "web/../db",
    ("spec", "resources", 0, "item"): "../../etc/passwd",
    ("metadata", "id"): "REQ-2026-0001;id",
    ("spec", "system", "zone"): "zone.private`id`",
    ("spec", "tenant", "creditCode"): "$(id)",
}


def text_cases(examples: list[dict[str, Any]]) -> list[Case]:
    """Path and shell tricks in every free-text field (SEC-11, SEC-7) and in structured ones (schema)."""
    cases: list[Case] = []
    free_fields = _each_field_once(examples, _free_text)
    for picked, (document, path, value) in enumerate(free_fields, start=1):
        longest = STRATEGIES.at(SCHEMA, path).get("maxLength", 200)
        for offset in range(3):
            trick = _TRICKS[(picked + offset * 5) % len(_TRICKS)]
            cases.append(
                _finding(
                    "text-" + _slug(path) + f"-{offset}",
                    _with(document, path, (value + " " + trick)[:longest]),
                    path,
                    TEXT_RULE,
                    f"{format_path(path)} += {trick!r}",
                    as_yaml=offset == 1,
                )
            )
    base = examples[0]
    for path, trick in _STRUCTURED_TRICKS.items():
        slug = "text-structured-" + "-".join(str(part) for part in path if isinstance(part, str))
        cases.append(
            _finding(
                slug,
                _with(base, path, trick),
                path,
                SCHEMA_RULE,
                f"{format_path(path)} = {trick!r}",
                as_yaml=False,
            )
        )
    return cases


def cases() -> list[Case]:
    """Every case, from the examples as they are now."""
    examples = _examples()
    minimal = {name: _minimal(document) for name, document in examples.items()}
    base = minimal["gov-portal"] if "gov-portal" in minimal else next(iter(minimal.values()))
    periodic = next(
        document for document in examples.values() if document["spec"]["workload"].get("schedule")
    )
    everything = [*minimal.values(), *examples.values()]
    return [
        *parser_cases(base),
        *encoding_cases(base),
        *confusable_cases(base),
        *number_cases(everything),
        *date_cases(everything),
        *collection_cases(base, _minimal(periodic)),
        *text_cases(everything),
    ]


def write(out: Path) -> list[Path]:
    """Replace the corpus in ``out``: numbered files and the manifest. Returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.is_file() and (old.suffix in (".yaml", ".json") or old.name == MANIFEST):
            old.unlink()
    written, rows = [], ["file\texit\trule\tfield-or-code\twhat"]
    slugs: set[str] = set()
    for number, case in enumerate(cases(), start=1):
        slug = case.slug
        while slug in slugs:  # the same field name in two examples
            slug += "-again"
        slugs.add(slug)
        name = f"{number:03d}-{slug}{case.suffix}"
        (out / name).write_bytes(case.raw)
        written.append(out / name)
        what = case.what.encode("unicode_escape").decode("ascii")
        rows.append(f"{name}\t{case.exit_code}\t{case.rule}\t{case.where}\t{what}")
    (out / MANIFEST).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return written


def main() -> int:
    """``--out DIR`` (default ``requests/examples/hostile``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT)
    written = write(parser.parse_args().out)
    sys.stdout.write(f"{len(written)} files and {MANIFEST} written\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
