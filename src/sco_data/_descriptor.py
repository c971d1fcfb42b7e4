"""Read a data package descriptor and its Table Schemas into plain Python objects.

Everything else in sco_data (dtypes, pandera schemas, SQLite DDL, docs) is derived from what
this module returns, so the Table Schemas in ``schemas/`` stay the single source of truth.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Field:
    """One column as a Table Schema describes it."""

    name: str
    type: str
    title: str = ""
    description: str = ""
    format: str = "default"
    constraints: dict[str, Any] = field(default_factory=dict)
    # The field's descriptor as written (trueValues, bareNumber, ...), for the checks that
    # decide whether sco-data supports it exactly.
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def true_values(self) -> list[str]:
        return list(self.raw.get("trueValues", ["true", "True", "TRUE", "1"]))

    @property
    def false_values(self) -> list[str]:
        return list(self.raw.get("falseValues", ["false", "False", "FALSE", "0"]))

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))

    @property
    def enum(self) -> list[Any] | None:
        return self.constraints.get("enum")


@dataclass(frozen=True)
class ForeignKey:
    fields: list[str]
    resource: str
    reference_fields: list[str]


@dataclass(frozen=True)
class Table:
    """One resource of the package with its schema resolved."""

    name: str
    path: str
    title: str
    description: str
    fields: list[Field]
    primary_key: list[str]
    foreign_keys: list[ForeignKey]
    missing_values: list[str]
    # The resource and its Table Schema as written, for the checks of what is supported.
    resource: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    schema: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


class DescriptorError(Exception):
    """The descriptor or a schema it names cannot be read; carries the file it concerns."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


def _read_json(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DescriptorError(path.name, "file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DescriptorError(path.name, f"cannot be read: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DescriptorError(
            path.name, f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(data, dict):
        raise DescriptorError(path.name, "must hold a JSON object")
    return data


def read_descriptor(path: Path) -> dict[str, Any]:
    """Return the descriptor as a dict, raising DescriptorError on unreadable JSON."""
    return _read_json(path)


def _table(resource: dict[str, Any], base: Path) -> Table:
    name = resource.get("name", "?")
    schema = resource.get("schema")
    if isinstance(schema, str):
        schema = _read_json(base / schema)
    if not isinstance(schema, dict):
        raise DescriptorError("datapackage.json", f"resource {name!r} has no schema")
    missing = schema.get("missingValues", [""])
    return Table(
        name=name,
        path=str(resource.get("path", "")),
        title=resource.get("title", schema.get("title", "")),
        description=resource.get("description", schema.get("description", "")),
        fields=[
            Field(
                name=f["name"],
                type=f.get("type", "string"),
                title=f.get("title", ""),
                description=f.get("description", ""),
                format=f.get("format", "default"),
                constraints=f.get("constraints", {}),
                raw=f,
            )
            for f in schema.get("fields", [])
        ],
        primary_key=_as_list(schema.get("primaryKey", [])),
        foreign_keys=[
            ForeignKey(
                fields=_as_list(fk["fields"]),
                resource=fk["reference"].get("resource", "") or name,
                reference_fields=_as_list(fk["reference"]["fields"]),
            )
            for fk in schema.get("foreignKeys", [])
        ],
        missing_values=list(missing),
        resource=resource,
        schema=schema,
    )


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def read_tables(path: Path) -> dict[str, Table]:
    """Read every resource of the package at ``path`` (a datapackage.json), keyed by name."""
    descriptor = read_descriptor(path)
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise DescriptorError(path.name, "has no resources")
    return {t.name: t for t in (_table(r, path.parent) for r in resources)}
