"""The descriptor against the Data Package and Table Schema specs, without frictionless.

Importing frictionless and letting it check a descriptor costs more than validating every
row of the shipped package, so for descriptors that use only the features listed below we
make frictionless's checks ourselves: its own JSON Schema profiles (vendored in
profiles.json by scripts/build_profiles.py), checked by a small validator of the keywords
they use, plus the rules frictionless adds in Python for those features (names under v1,
``created`` as a datetime, licences with a name or path, tabular profiles, unique field
names, keys that name fields, constraints the type supports, exclusive bounds only in v2).
Any other descriptor returns None, and frictionless checks it (``_frictionless.py``): the
verdict is frictionless's either way, which tests/test_profile.py checks on mutated copies.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from .._tableschema.constraints import KINDS
from ._report import Problem

NAME = re.compile(r"^([-a-z0-9._/])+$")
_PACKAGE_PROFILES = {None, "data-package", "tabular-data-package"}
_RESOURCE_PROFILES = {None, "data-resource", "tabular-data-resource"}
_CREATED = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "number": (int, float),
    "integer": int,
    "null": type(None),
}


@cache
def profiles() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "profiles.json").read_text(encoding="utf-8"))


def _is(value: Any, kind: str) -> bool:
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES[kind])


def schema_errors(value: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    """JSON Schema errors of ``value``, for the keywords frictionless's profiles use: type,
    required, properties, items, pattern, enum, anyOf. Any other keyword is refused, so a
    new one in a regenerated profile cannot be silently skipped."""
    unknown = set(schema) - {
        "type",
        "required",
        "properties",
        "items",
        "pattern",
        "enum",
        "anyOf",
        "item",
    }
    if unknown:
        raise ValueError(f"profile keyword(s) {sorted(unknown)} are not implemented")
    at = f" at property '{where}'" if where else ""
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_is(value, k) for k in kinds):
            return [f"{value!r} is not of type {' or '.join(map(repr, kinds))}{at}"]
    errors = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{value!r} is not one of {schema['enum']}{at}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        errors.append(f"{value!r} does not match {schema['pattern']!r}{at}")
    if "anyOf" in schema and not any(not schema_errors(value, s, where) for s in schema["anyOf"]):
        errors.append(f"{value!r} is not valid under any of the given schemas{at}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{key!r} is a required property{at}")
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += schema_errors(value[key], sub, f"{where}/{key}" if where else key)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], f"{where}/{i}")
    return errors


class NotFast(Exception):
    """The descriptor uses a feature this module does not check: frictionless must."""


def _created(value: Any) -> bool:
    if not isinstance(value, str) or not _CREATED.fullmatch(value):
        raise NotFast
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _people(descriptor: dict[str, Any], what: str) -> list[str]:
    errors = []
    for item in descriptor.get("licenses", []) or []:
        if isinstance(item, dict) and not item.get("path") and not item.get("name"):
            errors.append(f'{what}: license requires "path" or "name": {item}')
    for key in ("contributors", "sources"):
        for item in descriptor.get(key, []) or []:
            if isinstance(item, dict) and item.get("email"):
                raise NotFast  # frictionless's email check is not ours
    return errors


def _field_errors(field: dict[str, Any], p: dict[str, Any]) -> list[str]:
    kind = field.get("type")
    if kind not in p["fields"] or "example" in field or "missingValues" in field:
        raise NotFast
    if str(field.get("format", "")).startswith("fmt:"):
        raise NotFast
    name = field.get("name")
    errors = [f"field {name!r}: {e}" for e in schema_errors(field, p["fields"][kind])]
    for key in field.get("constraints", {}) if isinstance(field.get("constraints"), dict) else {}:
        if key not in p["supported_constraints"][kind]:
            errors.append(f'field {name!r}: constraint "{key}" is not supported by type "{kind}"')
        if key in KINDS and KINDS[key].needs_v2:
            errors.append(f'field {name!r}: constraint "{key}" requires datapackage v2')
    return errors


def _schema_errors(schema: dict[str, Any], p: dict[str, Any], where: str) -> list[str]:
    if not isinstance(schema.get("primaryKey", []), list):
        raise NotFast  # frictionless turns a single name into a list first
    for fk in schema.get("foreignKeys", []):
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(ref, dict) or not isinstance(fk.get("fields"), list):
            raise NotFast
        if not isinstance(ref.get("fields"), list) or not isinstance(ref.get("resource"), str):
            raise NotFast
    errors = [f"{where}: {e}" for e in schema_errors(schema, p["schema"])]
    if errors:
        return errors
    fields = schema["fields"]
    if not all(isinstance(f, dict) for f in fields):
        raise NotFast
    names = [f["name"] for f in fields if "name" in f]
    if len(names) != len(set(names)):
        errors.append(f"{where}: names of the fields are not unique")
    for key in schema.get("primaryKey", []):
        if key not in names:
            errors.append(f"{where}: primary key {key!r} does not match the fields")
    missing = schema.get("missingValues", [])
    if any(not isinstance(m, str) for m in missing):
        raise NotFast
    for fk in schema.get("foreignKeys", []):
        if not isinstance(fk.get("fields"), list) or not isinstance(fk.get("reference"), dict):
            raise NotFast
        if any(name not in names for name in fk["fields"]):
            errors.append(f"{where}: foreign key {fk['fields']} does not match the fields")
        if len(fk["fields"]) != len(fk["reference"]["fields"]):
            errors.append(f"{where}: foreign key fields do not match the reference fields")
    for f in fields:
        errors += [f"{where}: {e}" for e in _field_errors(f, p)]
    return errors


def problems(
    descriptor: dict[str, Any], schemas: dict[str, dict[str, Any]]
) -> list[Problem] | None:
    """What frictionless would say of the descriptor, or None when it uses a feature this
    module does not check. ``schemas`` maps each resource name to its Table Schema, read."""
    p = profiles()
    try:
        errors = _package_errors(descriptor, schemas, p)
    except (NotFast, TypeError, KeyError, AttributeError, ValueError):
        return None  # anything unexpected is frictionless's to judge
    return [
        Problem(
            "datapackage.json",
            None,
            None,
            "descriptor",
            f"is not valid against the Data Package specs: {e}",
            source="frictionless-profile",
            stage="descriptor",
        )
        for e in errors
    ]


def _has_null(value: Any) -> bool:
    if isinstance(value, dict):
        return any(v is None or _has_null(v) for v in value.values())
    if isinstance(value, list):
        return any(v is None or _has_null(v) for v in value)
    return False


def _package_errors(descriptor: dict[str, Any], schemas: dict, p: dict[str, Any]) -> list[str]:
    if _has_null(descriptor) or any(_has_null(s) for s in schemas.values()):
        raise NotFast  # frictionless reads a null as an absent key
    if "$schema" in descriptor or descriptor.get("profile") not in _PACKAGE_PROFILES:
        raise NotFast
    if {"profiles", "$frictionless"} & set(descriptor):
        raise NotFast  # older frictionless forms it rewrites before checking
    if "missingValues" in descriptor or "fields" in descriptor:
        raise NotFast
    errors = schema_errors(descriptor, p["package"])
    if errors:
        return errors
    name = descriptor.get("name")
    if name is not None and not NAME.search(name):
        errors.append(f"{name!r} does not match {NAME.pattern!r} at property 'name'")
    if "created" in descriptor and not _created(descriptor["created"]):
        errors.append('property "created" is not valid "datetime"')
    errors += _people(descriptor, "package")
    resources = descriptor["resources"]
    names = [r.get("name") for r in resources if isinstance(r, dict)]
    if len(names) != len(set(names)):
        errors.append("names of the resources are not unique")
    for resource in resources:
        if not isinstance(resource, dict):
            raise NotFast
        errors += _resource_errors(resource, schemas, p, descriptor.get("profile"))
    return errors


def _resource_errors(resource: dict, schemas: dict, p: dict, package_profile: Any) -> list[str]:
    profile = resource.get("profile")
    if "$schema" in resource or profile not in _RESOURCE_PROFILES or "missingValues" in resource:
        raise NotFast
    if {"profiles", "stats", "hashing", "compression", "extrapaths"} & set(resource):
        raise NotFast
    if "bytes" in resource and (
        not isinstance(resource["bytes"], int) or isinstance(resource["bytes"], bool)
    ):
        raise NotFast  # frictionless drops a falsy one before checking
    if "hash" in resource and not isinstance(resource["hash"], str):
        raise NotFast
    name = resource.get("name")
    where = f"resource {name!r}"
    errors = [f"{where}: {e}" for e in schema_errors(resource, p["resource"])]
    if errors:
        return errors
    if not NAME.search(name):
        errors.append(f"{where}: name does not match {NAME.pattern!r}")
    if "path" not in resource or "data" in resource:
        raise NotFast
    errors += _people(resource, where)
    schema = schemas.get(name)
    if profile == "tabular-data-resource" and not resource.get("schema"):
        errors.append(f'{where}: profile "tabular-data-resource" requires "schema" to be present')
    if package_profile == "tabular-data-package" and profile != "tabular-data-resource":
        errors.append(
            f'{where}: profile "tabular-data-package" requires all the resources to be '
            '"tabular-data-resource"'
        )
    dialect = resource.get("dialect")
    if dialect is not None:
        if not isinstance(dialect, dict):
            raise NotFast
        known = {**p["dialect"]["properties"], **p["csv"]["properties"]}
        if set(dialect) - set(known):
            raise NotFast
        errors += [f"{where}: dialect: {e}" for e in schema_errors(dialect, {"properties": known})]
    if not isinstance(schema, dict):
        raise NotFast
    return errors + _schema_errors(schema, p, f"{where}: schema")
