"""Hypothesis strategies that walk our JSON Schemas and draw documents they accept.

hypothesis-jsonschema handles any schema but needed 0.45 s per request document here (its general
canonicalisation of ``allOf``/``oneOf``), and Hypothesis's own regex strategy most of 50 ms. Our
schemas use a small set of keywords (type, properties, required, additionalProperties false, const,
oneOf of consts, enum, pattern, lengths, bounds, items, uniqueItems, format date/email, not const,
maps (``additionalProperties`` with a schema, ``propertyNames``, property counts), ``allOf`` of
``if``/``then``/``else`` over which properties are present, and ``$ref`` to ``#/$defs`` or another
file's ``$anchor``) and simple patterns, so the walk is translated directly and a pattern's string is
drawn from a seed by a small sampler over ``re``'s parse tree. A keyword outside that set stops the
run with its name (a new schema feature must be taught here, not silently drawn wrong).

Catalogue item ids are drawn half from the real catalogue, so generated requests also reach the cost
estimate, the plan and the rules that look items up, not only the "unknown item" finding.
"""

from __future__ import annotations

import json
import random
import re._constants as sre_constants
import re._parser as sre_parse
from datetime import date
from typing import Any

import jsonschema
import jsonschema_rs
from hypothesis import strategies as st

from govcloud.catalogue.model import load_default
from govcloud.schemas import BASE_URI, _contents

Schema = dict[str, Any]
ITEM_ID = "itemId"
MAX_COLLECTION = 4
_ANNOTATIONS = frozenset(
    {"$anchor", "$id", "$schema", "$defs", "description", "examples", "title", "x-govcloud-requirements"}
)
_KEYWORDS = frozenset(
    {
        "$ref", "const", "oneOf", "enum", "not", "type", "properties", "required", "additionalProperties",
        "propertyNames", "minProperties", "maxProperties", "allOf", "items", "minItems", "maxItems",
        "uniqueItems", "minLength", "maxLength", "pattern", "format", "minimum", "maximum",
    }
)  # fmt: skip


def _anchors(document: Any, found: dict[str, Schema]) -> dict[str, Schema]:
    if isinstance(document, dict):
        if "$anchor" in document:
            found[document["$anchor"]] = document
        for value in document.values():
            _anchors(value, found)
    elif isinstance(document, list):
        for value in document:
            _anchors(value, found)
    return found


class SchemaStrategies:
    """Strategies for the schemas of ``catalog/schemas``, one per schema file on demand."""

    def __init__(self) -> None:
        """Index every schema file and its anchors; list the catalogue's item ids."""
        self.files = {uri.removeprefix(BASE_URI): schema for uri, schema in _contents().items()}
        self.anchors = {name: _anchors(schema, {}) for name, schema in self.files.items()}
        self.item_ids = sorted(load_default().items)

    def document(self, name: str) -> st.SearchStrategy[Any]:
        """Documents of the schema file ``name`` (e.g. ``request-1.0.json``)."""
        return self._strategy(self.files[name], name)

    def resolve(self, ref: str, current: str) -> tuple[Schema, str, str | None]:
        """The schema a ``$ref`` names, the file it is in, and the anchor it names (or None)."""
        file, _, fragment = ref.partition("#")
        where = file or current
        if fragment.startswith("/$defs/"):
            return self.files[where]["$defs"][fragment.removeprefix("/$defs/")], where, None
        if fragment:
            return self.anchors[where][fragment], where, fragment
        return self.files[where], where, None

    def _strategy(self, schema: Schema, current: str) -> st.SearchStrategy[Any]:
        unknown = set(schema) - _KEYWORDS - _ANNOTATIONS
        if unknown:
            message = f"{current}: the fuzz strategy does not know the keyword(s) {sorted(unknown)}"
            raise NotImplementedError(message)
        if "$ref" in schema:
            target, where, anchor = self.resolve(schema["$ref"], current)
            if anchor == ITEM_ID:
                return st.one_of(st.sampled_from(self.item_ids), self._strategy(target, where))
            return self._strategy(target, where)
        if "const" in schema:
            return st.just(schema["const"])
        if "oneOf" in schema and all("const" in choice for choice in schema["oneOf"]):
            return st.sampled_from([choice["const"] for choice in schema["oneOf"]])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        strategy = self._typed(schema, current)
        if "not" in schema:
            refused = schema["not"]
            strategy = strategy.filter(lambda value: value != refused.get("const", object()))
        return strategy

    def _typed(self, schema: Schema, current: str) -> st.SearchStrategy[Any]:  # noqa: PLR0911
        kind = schema.get("type")
        if kind == "object":
            return self._object(schema, current)
        if kind == "array":
            items = self._strategy(schema.get("items", {}), current)
            size = {
                "min_size": schema.get("minItems", 0),
                "max_size": min(schema.get("maxItems", MAX_COLLECTION), MAX_COLLECTION),
            }
            size["max_size"] = max(size["max_size"], size["min_size"])
            if schema.get("uniqueItems"):
                return st.lists(items, unique_by=_json_identity, **size)
            return st.lists(items, **size)
        if kind == "string":
            return _string(schema)
        if kind == "integer":
            # JSON Schema counts 2.0 as an integer, so a document may say it where a count is due.
            whole = st.integers(schema.get("minimum"), schema.get("maximum"))
            return whole | whole.map(float)
        if kind == "number":
            return st.floats(
                schema.get("minimum"), schema.get("maximum"), allow_nan=False, allow_infinity=False
            )
        if kind == "boolean":
            return st.booleans()
        return st.nothing()

    def _object(self, schema: Schema, current: str) -> st.SearchStrategy[dict[str, Any]]:
        if isinstance(schema.get("additionalProperties"), dict):
            return self._map(schema, current)
        properties = {
            name: self._strategy(sub, current) for name, sub in schema.get("properties", {}).items()
        }
        required = set(schema.get("required", ()))
        base = st.fixed_dictionaries(
            {name: value for name, value in properties.items() if name in required},
            optional={name: value for name, value in properties.items() if name not in required},
        )
        conditions = [self._resolved(part, current) for part in schema.get("allOf", ())]
        if not conditions:
            return base
        return _Conditioned(base, properties, conditions).strategy()

    def _map(self, schema: Schema, current: str) -> st.SearchStrategy[dict[str, Any]]:
        """An object whose keys are free (``propertyNames``) and whose values share one schema."""
        low = schema.get("minProperties", 0)
        return st.dictionaries(
            self._strategy(schema.get("propertyNames", {"type": "string"}), current),
            self._strategy(schema["additionalProperties"], current),
            min_size=low,
            max_size=max(low, min(schema.get("maxProperties", MAX_COLLECTION), MAX_COLLECTION)),
        )

    def at(self, name: str, path: tuple[str | int, ...]) -> Schema:
        """The schema of the value at ``path`` in a document of the schema file ``name`` (``{}``: free)."""
        schema, current = self._followed(self.files[name], name)
        for part in path:
            if isinstance(part, int):
                schema = schema.get("items", {})
            elif part in schema.get("properties", {}):
                schema = schema["properties"][part]
            else:
                extra = schema.get("additionalProperties")
                schema = extra if isinstance(extra, dict) else {}
            schema, current = self._followed(schema, current)
        return schema

    def _followed(self, schema: Schema, current: str) -> tuple[Schema, str]:
        while "$ref" in schema:
            schema, current, _ = self.resolve(schema["$ref"], current)
        return schema, current

    def _resolved(self, schema: Schema, current: str) -> Schema:
        return self._followed(schema, current)[0]


class _Conditioned:
    """Objects drawn from ``base`` and then fitted to ``if``/``then``/``else`` parts about presence.

    The branches our schemas use say which properties must or must not be there (``required``, a
    ``oneOf``/``anyOf`` of ``required``, ``not`` of those); the fitted object adds or drops properties.
    """

    def __init__(
        self, base: st.SearchStrategy[dict[str, Any]], properties: dict[str, Any], conditions: list[Schema]
    ) -> None:
        for condition in conditions:
            if set(condition) - {"if", "then", "else", "description"}:
                message = f"allOf part {sorted(condition)} is not an if/then/else over presence"
                raise NotImplementedError(message)
        self.base, self.properties, self.conditions = base, properties, conditions

    def strategy(self) -> st.SearchStrategy[dict[str, Any]]:
        @st.composite
        def fitted(draw: st.DrawFn) -> dict[str, Any]:
            value = draw(self.base)
            for condition in self.conditions:
                holds = jsonschema.Draft202012Validator(condition.get("if", {})).is_valid(value)
                branch = condition.get("then" if holds else "else")
                if branch is not None:
                    self._fit(draw, value, branch)
            return value

        return fitted()

    def _fit(self, draw: st.DrawFn, value: dict[str, Any], branch: Schema) -> None:
        if "required" in branch:
            self._require(draw, value, branch["required"])
        elif "oneOf" in branch or "anyOf" in branch:
            choices = branch.get("oneOf") or branch["anyOf"]
            chosen = draw(st.sampled_from(choices))
            if "oneOf" in branch:
                _drop(value, {name for other in choices for name in other.get("required", ())})
            self._fit(draw, value, chosen)
        elif "not" in branch:
            refused = branch["not"]
            _drop(
                value, {name for part in refused.get("anyOf", [refused]) for name in part.get("required", ())}
            )
        else:
            message = f"branch {sorted(branch)} is not about which properties are present"
            raise NotImplementedError(message)

    def _require(self, draw: st.DrawFn, value: dict[str, Any], names: list[str]) -> None:
        for name in names:
            if name not in value:
                value[name] = draw(self.properties[name])


def _drop(value: dict[str, Any], names: set[str]) -> None:
    for name in names:
        value.pop(name, None)


def _json_identity(value: Any) -> str:
    """What ``uniqueItems`` compares: JSON values, where 1 and 1.0 are the same number."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list):
        return "[" + ",".join(_json_identity(item) for item in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(f"{json.dumps(key)}:{_json_identity(item)}" for key, item in sorted(value.items()))
            + "}"
        )
    return json.dumps(value)


def _string(schema: Schema) -> st.SearchStrategy[str]:
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    fits = lambda text: low <= len(text) and (high is None or len(text) <= high)  # noqa: E731
    if schema.get("format") == "date":
        return st.dates(date(2000, 1, 1), date(2099, 12, 31)).map(date.isoformat)
    if schema.get("format") == "email":
        # hypothesis draws RFC 5322 addresses; admission (jsonschema-rs) also wants IDNA-valid domains.
        return st.emails().filter(fits).filter(_EMAIL.is_valid)
    if "pattern" in schema:
        parsed = sre_parse.parse(schema["pattern"])
        seeds = st.integers(0, 2**32 - 1)
        return seeds.map(lambda seed: _sample(parsed, random.Random(seed))).filter(fits)  # noqa: S311 - test data
    return st.text(min_size=low, max_size=high if high is not None else 40)


_EMAIL = jsonschema_rs.validator_for({"type": "string", "format": "email"}, validate_formats=True)
_DIGITS = "0123456789"
_REPEAT_MAX = 6


def _sample(parsed: Any, rng: random.Random) -> str:
    """One string the parsed pattern matches (anchors ignored; repeats capped at a few)."""
    out = []
    for op, arg in parsed:
        if op is sre_constants.LITERAL:
            out.append(chr(arg))
        elif op is sre_constants.IN:
            out.append(_one_of_class(arg, rng))
        elif op is sre_constants.SUBPATTERN:
            out.append(_sample(arg[-1], rng))
        elif op is sre_constants.BRANCH:
            out.append(_sample(rng.choice(arg[1]), rng))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, high, item = arg
            count = rng.randint(low, min(high, low + _REPEAT_MAX))
            out.extend(_sample(item, rng) for _ in range(count))
        elif op is sre_constants.ANY:
            out.append(rng.choice("abcxyz019-."))
    return "".join(out)


def _one_of_class(items: Any, rng: random.Random) -> str:
    choices: list[str] = []
    for op, arg in items:
        if op is sre_constants.LITERAL:
            choices.append(chr(arg))
        elif op is sre_constants.RANGE:
            choices.extend(chr(code) for code in range(arg[0], arg[1] + 1))
        elif op is sre_constants.CATEGORY and arg is sre_constants.CATEGORY_DIGIT:
            choices.extend(_DIGITS)
    return rng.choice(choices)
