"""Which Table Schema and Data Package features sco-data checks exactly, and which it hands on.

Every feature a resource uses is in one of three sets (see the table in the README):
- checked exactly by our vectorised checks (``SUPPORTED``): the fast path;
- handed to frictionless's own row checks for that resource (anything else frictionless
  knows: other types and formats, dialect options, per-field missing values, ...);
- unsupported (inline data, several files, other file formats): reported as a problem, so
  the package is invalid and the message says why.
Nothing is silently ignored: a key we do not recognise sends the resource to frictionless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._descriptor import Table
from .._tableschema.constraints import kinds_for
from .._tableschema.types import TYPES

# The constraints frictionless applies to each type, which are the constraints we check
# exactly: from the constraint table (ordered types share the bounds, strings the lengths
# and patterns); a test compares them with frictionless's profile.
CONSTRAINTS = {name: kinds_for(spec) for name, spec in TYPES.items()}
# Field keys we read, with the values we check exactly (None: any value).
_FIELD_KEYS: dict[str, Any] = {
    "name": None,
    "type": None,
    "title": None,
    "description": None,
    "format": None,
    "constraints": None,
    "example": None,
    "rdfType": None,
    "trueValues": None,
    "falseValues": None,
    "bareNumber": {True},
    "floatNumber": None,
    "decimalChar": {"."},
    "groupChar": {""},
}
_SCHEMA_KEYS = {
    "fields",
    "primaryKey",
    "foreignKeys",
    "missingValues",
    "title",
    "description",
    "name",
    "$schema",
    "profile",
}
# Dialect keys with the values our strict CSV reader implements.
_DIALECT: dict[str, Any] = {
    "delimiter": {","},
    "quoteChar": {'"'},
    "doubleQuote": {True},
    "header": {True},
    "headerRows": {(1,)},
    "headerRow": {1},
    "headerJoin": None,
    "lineTerminator": {"\n", "\r\n"},
    "skipInitialSpace": {False},
    "csvddfVersion": None,
    "$schema": None,
    "title": None,
    "description": None,
    "name": None,
    "profile": None,
}
_RESOURCE_UNSUPPORTED = {
    "data": "inline data",
    "compression": "compressed files",
    "innerpath": "files inside archives",
}
# Resource keys our checks implement or that carry no rule about the rows; any other key
# (rows, fields, scheme, ...) sends the resource to frictionless, which knows more of them.
_RESOURCE_KEYS = {
    "name",
    "path",
    "profile",
    "type",
    "$schema",
    "title",
    "description",
    "format",
    "mediatype",
    "encoding",
    "dialect",
    "schema",
    "bytes",
    "hash",
    "licenses",
    "sources",
    "homepage",
    "keywords",
    *_RESOURCE_UNSUPPORTED,
}
# Spec features neither our checks nor frictionless (5.x) apply: reported as unsupported.
_NOBODY = {"uniqueKeys": "the schema key 'uniqueKeys'", "categories": "field 'categories'"}


@dataclass
class Support:
    """Per resource: why frictionless must check its rows (empty: our checks are exact),
    and why nobody can (empty: it can be checked)."""

    frictionless: dict[str, list[str]] = field(default_factory=dict)
    unsupported: dict[str, list[str]] = field(default_factory=dict)

    def exact(self, name: str) -> bool:
        return not self.frictionless.get(name) and not self.unsupported.get(name)


def _field_reasons(f: dict[str, Any]) -> list[str]:
    name = f.get("name")
    kind = f.get("type")
    if kind is None:
        return [f"field {name!r} has no type (the spec reads it as 'any')"]
    if kind not in TYPES:
        return [f"field {name!r} has type {kind!r}"]
    reasons = []
    fmt = f.get("format", "default")
    if fmt not in TYPES[kind].formats:
        reasons.append(f"field {name!r} has format {fmt!r}")
    for key, value in f.items():
        if key not in _FIELD_KEYS:
            reasons.append(f"field {name!r} uses {key!r}")
        elif _FIELD_KEYS[key] is not None and value not in _FIELD_KEYS[key]:
            reasons.append(f"field {name!r} sets {key} to {value!r}")
    constraints = f.get("constraints", {})
    if isinstance(constraints, dict):
        for key in constraints:
            if key not in CONSTRAINTS[kind]:
                reasons.append(f"field {name!r} has constraint {key!r}")
    return reasons


def _dialect_reasons(dialect: Any) -> list[str]:
    if dialect is None:
        return []
    if not isinstance(dialect, dict):
        return ["its dialect is a separate file"]
    reasons = []
    for key, value in dialect.items():
        allowed = _DIALECT.get(key, "unknown")
        if allowed == "unknown":
            reasons.append(f"dialect option {key!r}")
        elif (
            allowed is not None
            and (tuple(value) if isinstance(value, list) else value) not in allowed
        ):
            reasons.append(f"dialect {key} = {value!r}")
    return reasons


def resource_reasons(table: Table) -> tuple[list[str], list[str]]:
    """(reasons for frictionless row checks, reasons it is unsupported) of one resource."""
    resource, schema = table.resource, table.schema
    unsupported = [what for key, what in _RESOURCE_UNSUPPORTED.items() if key in resource]
    fmt = str(resource.get("format", "csv")).lower()
    if fmt != "csv" or not str(resource.get("path", "")).lower().endswith(".csv"):
        unsupported.append("a file format other than CSV")
    reasons = [f"resource key {key!r}" for key in resource if key not in _RESOURCE_KEYS]
    if "uniqueKeys" in schema:
        unsupported.append(_NOBODY["uniqueKeys"])
    if any(isinstance(f, dict) and "categories" in f for f in schema.get("fields", [])):
        unsupported.append(_NOBODY["categories"])
    encoding = str(resource.get("encoding", "utf-8")).lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8"):
        reasons.append(f"encoding {resource.get('encoding')!r}")
    reasons += _dialect_reasons(resource.get("dialect"))
    reasons += [f"schema key {key!r}" for key in schema if key not in _SCHEMA_KEYS]
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        reasons.append("missingValues that are not a list of strings")
    for f in schema.get("fields", []):
        if isinstance(f, dict):
            reasons += _field_reasons(f)
    for fk in table.foreign_keys:
        if "package" in fk_reference(table, fk.fields):
            unsupported.append("a foreign key into another package")
    for f in table.fields:
        if f.type == "number" and "enum" in f.constraints:
            # frictionless compares Decimals; two numbers that differ only beyond float
            # precision would be equal to us
            reasons.append(f"field {f.name!r} is a number with an enum")
    return reasons, unsupported


def fk_reference(table: Table, fields: list[str]) -> dict[str, Any]:
    for fk in table.schema.get("foreignKeys", []):
        given = fk.get("fields")
        if (given if isinstance(given, list) else [given]) == fields:
            return fk.get("reference", {})
    return {}


def support(tables: dict[str, Table]) -> Support:
    """Decide, per resource, who checks its rows. A resource whose foreign key points into a
    resource frictionless checks is checked by frictionless too (the key needs both sides
    typed the same way), as is one whose key fields differ in type from the fields they
    reference."""
    result = Support()
    for name, table in tables.items():
        reasons, unsupported = resource_reasons(table)
        for fk in table.foreign_keys:
            target = tables.get(fk.resource)
            if target is None:
                continue
            for mine, theirs in zip(fk.fields, fk.reference_fields, strict=False):
                a = table.field(mine).type if mine in table.field_names else None
                b = target.field(theirs).type if theirs in target.field_names else None
                if a and b and a != b:
                    reasons.append(f"foreign key {mine} ({a}) references {theirs} ({b})")
        if reasons:
            result.frictionless[name] = reasons
        if unsupported:
            result.unsupported[name] = unsupported
    changed = True
    while changed:
        changed = False
        for name, table in tables.items():
            if name in result.frictionless or name in result.unsupported:
                continue
            for fk in table.foreign_keys:
                if fk.resource != name and not result.exact(fk.resource) and fk.resource in tables:
                    result.frictionless[name] = [f"its foreign key points into {fk.resource}"]
                    changed = True
                    break
    return result
