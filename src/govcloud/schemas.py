"""The catalogue's JSON Schemas, compiled once, with a fast path and a path that explains.

Valid documents are the common case at intake, so they go through jsonschema-rs (about two hundred
times faster here). Only a document that fails is validated again by python-jsonschema, whose
errors carry the schema path we need to name the field and the requirement (``x-govcloud-requirements``
annotations in the schema) in the finding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import jsonschema
import jsonschema_rs
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from govcloud import paths
from govcloud.bilingual import Text
from govcloud.schema_messages import explain

if TYPE_CHECKING:
    from govcloud.loader import PathKey

BASE_URI = "https://govcloud-iac.example/schemas/"
REQUIREMENTS_KEY = "x-govcloud-requirements"
_MESSAGE_MAX = 160


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One schema violation, located in the document and traced to requirement IDs."""

    path: PathKey
    message: Text
    requirements: tuple[str, ...]


@cache
def _contents() -> dict[str, dict[str, Any]]:
    """Every schema file by its ``$id``."""
    schemas: dict[str, dict[str, Any]] = {}
    for path in sorted(paths.schema_dir().glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[schema["$id"]] = schema
    return schemas


@cache
def registry() -> Registry[Any]:
    """A ``referencing`` registry holding every schema, so ``$ref`` never leaves the checkout."""
    resources = [(uri, Resource.from_contents(schema, DRAFT202012)) for uri, schema in _contents().items()]
    return Registry().with_resources(resources).crawl()


class SchemaValidator:
    """Validate documents against one named schema (e.g. ``request-1.0.json``)."""

    def __init__(self, name: str) -> None:
        """Compile both validators up front; compiling is the slow part."""
        self.uri = BASE_URI + name
        self.schema = _contents()[self.uri]
        self._explaining = jsonschema.Draft202012Validator(
            self.schema, registry=registry(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        rs_registry = jsonschema_rs.Registry(list(_contents().items()))
        self._fast = jsonschema_rs.validator_for(self.schema, registry=rs_registry, validate_formats=True)

    def is_valid(self, document: Any) -> bool:
        """Fast check (jsonschema-rs)."""
        return bool(self._fast.is_valid(document))

    def errors(self, document: Any) -> list[SchemaError]:
        """Every violation, explained; empty when the document is valid."""
        if self.is_valid(document):
            return []
        return self.explain(document) or self._unexplained(document)

    def _unexplained(self, document: Any) -> list[SchemaError]:
        """jsonschema-rs's own errors when python-jsonschema finds none: a disagreement fails closed.

        Found by fuzzing: jsonschema-rs refuses an e-mail domain that is not valid IDNA
        (``a@x.XN--d1AcJ3b``), python-jsonschema only checks for an ``@``.
        """
        requirements = tuple(self.schema.get(REQUIREMENTS_KEY, ()))
        found = []
        for error in self._fast.iter_errors(document):
            message = (
                error.message
                if len(error.message) <= _MESSAGE_MAX
                else error.message[: _MESSAGE_MAX - 3] + "..."
            )
            found.append(
                SchemaError(
                    tuple(error.instance_path), Text(f"不符合格式要求：{message}", message), requirements
                )
            )
        return found

    def explain(self, document: Any) -> list[SchemaError]:
        """Run the explaining validator and translate its errors (also used to cross-check the fast path)."""
        raw = list(self._explaining.iter_errors(document))
        found: dict[tuple[PathKey, Text], SchemaError] = {}
        for error in raw:
            if error.validator == "unevaluatedProperties" and _explained_deeper(error, raw):
                continue
            path = tuple(error.absolute_path)
            message = explain(error)
            found.setdefault((path, message), SchemaError(path, message, self._requirements(error)))
        return sorted(found.values(), key=lambda error: [str(part) for part in error.path])

    def _requirements(self, error: jsonschema.ValidationError) -> tuple[str, ...]:
        """The deepest ``x-govcloud-requirements`` annotation along the error's schema path."""
        found: tuple[str, ...] = tuple(self.schema.get(REQUIREMENTS_KEY, ()))
        node: Any = self.schema
        resolver = registry().resolver(base_uri=self.uri)
        for part in error.absolute_schema_path:
            if isinstance(node, dict) and "$ref" in node and part not in node:
                resolved = resolver.lookup(node["$ref"])
                node, resolver = resolved.contents, resolved.resolver
            node = _child(node, part)
            if node is None:
                break
            if isinstance(node, dict) and REQUIREMENTS_KEY in node:
                found = tuple(node[REQUIREMENTS_KEY])
        return found


def _child(node: Any, part: str | int) -> Any:
    """One step down a schema path, or None where the path leaves the schema."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and part < len(node):
        return node[part]
    return None


def _explained_deeper(error: jsonschema.ValidationError, errors: list[jsonschema.ValidationError]) -> bool:
    """An object that fails inside loses its annotations, so its known fields look unevaluated.

    JSON Schema 2020-12 drops annotations of failed subschemas; reporting "unknown field: metadata"
    next to the real cause would send the tenant looking for a typo that is not there.
    """
    prefix = tuple(error.absolute_path)
    return any(
        other is not error
        and tuple(other.absolute_path)[: len(prefix)] == prefix
        and other.validator != error.validator
        for other in errors
    )


@cache
def validator(name: str) -> SchemaValidator:
    """The compiled validator for a schema file name, built once per process."""
    return SchemaValidator(name)
