"""The package reader: a descriptor and its Table Schemas read into plain Python objects.

Everything else in sco_data (dtypes, pandera schemas, SQLite DDL, docs) is derived from what
this module returns, so the Table Schemas in ``schemas/`` stay the single source of truth.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._locate import descriptor_path


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


# Messages that validation's first stage and every other reader give alike.
NOT_AN_OBJECT = "must be a JSON object"
NO_RESOURCES = 'has no resources: a data package lists its tables under "resources"'


class DescriptorError(Exception):
    """The descriptor or a schema it names cannot be read; carries the file it concerns,
    the check that failed (as validation reports it) and the line where JSON broke."""

    def __init__(
        self, file: str, message: str, check: str = "descriptor", line: int | None = None
    ) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message
        self.check = check
        self.line = line


def read_json(path: Path, name: str | None = None) -> Any:
    """The one reader of the package's JSON files (the descriptor and the Table Schemas it
    names): strict UTF-8 and one set of messages, which validation reports as problems and
    every other command as an error. ``name`` is how the file is named in messages."""
    name = name or path.name
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise DescriptorError(
            name, f"is not UTF-8 ({error.reason} at byte {error.start})", "encoding"
        ) from None
    except OSError as error:
        raise DescriptorError(name, f"cannot be read: {error.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DescriptorError(
            name,
            f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            "json",
            error.lineno,
        ) from None


def _read_object(path: Path, name: str) -> dict[str, Any]:
    data = read_json(path, name)
    if not isinstance(data, dict):
        raise DescriptorError(name, NOT_AN_OBJECT)
    return data


def _table(resource: dict[str, Any], base: Path, schemas: Mapping[str, Any]) -> Table:
    name = resource.get("name", "?")
    schema = resource.get("schema")
    if isinstance(schema, str):
        schema = schemas[schema] if schema in schemas else _read_object(base / schema, schema)
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


@dataclass(frozen=True)
class Package:
    """A data package as read once: its descriptor and every Table Schema it names. A
    command reads it once and passes it on, so no module opens datapackage.json itself."""

    path: Path  # the datapackage.json
    descriptor: dict[str, Any]
    tables: dict[str, Table]

    @property
    def base(self) -> Path:
        """The folder that the resources' paths are relative to."""
        return self.path.parent


def read_package(path: str | Path | Package | None = None) -> Package:
    """Read the package at ``path`` (a datapackage.json or a folder holding one; the shipped
    package when None). Raises DescriptorError when it cannot be read. A Package already
    read is returned as it is, so a function that takes a path can be handed one instead
    (panel passes the package it read to every load()).

    Nothing is cached between calls: parsing takes well under a millisecond, and a cache
    keyed on file times could hand a user the descriptor as it was before an edit made in
    the same second (file times are coarser than that on common filesystems)."""
    if isinstance(path, Package):
        return path
    file = descriptor_path(path)
    return package_from(file, _read_object(file, file.name))


def package_from(
    file: Path, descriptor: dict[str, Any], schemas: Mapping[str, Any] | None = None
) -> Package:
    """The Package of a descriptor already read from ``file``, with the Table Schema files
    already read (``schemas``, by their path in the descriptor): validation reads and checks
    them all in its first stage, and nothing reads them a second time."""
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise DescriptorError(file.name, NO_RESOURCES)
    tables = {t.name: t for t in (_table(r, file.parent, schemas or {}) for r in resources)}
    return Package(file, descriptor, tables)


def read_tables(path: Path) -> dict[str, Table]:
    """Every resource of the package at ``path``, keyed by name (see read_package)."""
    return read_package(path).tables
