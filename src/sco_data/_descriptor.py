"""The package reader: find a data package, read its descriptor and Table Schemas once.

Everything else in sco_data (loading, validation, exports, cite, serve, dtypes, pandera
schemas, SQL DDL, docs) gets the descriptor and the tables from here, so the Table Schemas in
``schemas/`` stay the single source of truth and every JSON file of a package is read by one
function with one set of messages (``read_json``; validation's preflight reports the same
words as problems). Within one command the package is read once, as a ``Package`` that is
handed on (``read_package``); across calls (``load()`` table after table in a notebook),
parsed files are cached per path and modification stamp, and a file changed within the last
seconds is never cached (a file system's clock can be coarser than two quick writes). The
cached objects are shared: callers treat them as read-only.

The CSVs, Table Schemas and descriptor live at the top of the repository so that people who
download them see a plain Frictionless package; the wheel copies them into
``sco_data/package/``. ``package_dir`` is the one place that knows both layouts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DESCRIPTOR = "datapackage.json"

_HERE = Path(__file__).resolve().parent


def package_dir() -> Path:
    """Return the folder holding the shipped ``datapackage.json``.

    An installed wheel has the package beside the code; a checkout (or an editable install)
    has it two levels up, at the repository root.
    """
    for candidate in (_HERE / "package", _HERE.parent.parent):
        if (candidate / DESCRIPTOR).is_file():
            return candidate
    raise FileNotFoundError(
        f"sco_data cannot find its {DESCRIPTOR}: looked in {_HERE / 'package'} "
        f"and {_HERE.parent.parent}. Reinstall the package."
    )


def descriptor_path(path: str | Path | None = None) -> Path:
    """Resolve a user's PATH (a descriptor or a folder holding one) or the shipped package."""
    if path is None:
        return package_dir() / DESCRIPTOR
    path = Path(path)
    return path / DESCRIPTOR if path.is_dir() else path


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
    """The descriptor or a schema it names cannot be read; carries the file it concerns, the
    validation check it fails and the line, where there is one."""

    def __init__(
        self, file: str, message: str, check: str = "descriptor", line: int | None = None
    ) -> None:
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message
        self.check = check
        self.line = line


def read_json(path: Path, name: str | None = None) -> Any:
    """The JSON value in ``path`` (not cached), or DescriptorError saying why it cannot be
    read; ``name`` is how messages name the file (default: its file name)."""
    name = name or path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DescriptorError(name, "file not found") from None
    except OSError as error:
        raise DescriptorError(name, f"cannot be read: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DescriptorError(
            name, f"is not UTF-8 ({error.reason} at byte {error.start})", check="encoding"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DescriptorError(
            name,
            f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            check="json",
            line=error.lineno,
        ) from None


# A file modified less than this long ago is not cached: two writes within one tick of a
# coarse file-system clock would otherwise look like one.
_SETTLED_NS = 2_000_000_000
_CACHE: dict[Path, tuple[tuple[int, int, int], dict[str, Any]]] = {}


def _read_object(path: Path, name: str | None = None) -> dict[str, Any]:
    """The JSON object in ``path``, parsed once per path and modification stamp; ``name``
    is how messages name the file (a schema by its path in the descriptor)."""
    try:
        key = path.resolve()
        stat = key.stat()
    except OSError:
        key, stat = path, None
    if stat is not None:
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        hit = _CACHE.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    data = read_json(path, name)
    if not isinstance(data, dict):
        raise DescriptorError(name or path.name, "must be a JSON object")
    if stat is not None and time.time_ns() - stat.st_mtime_ns > _SETTLED_NS:
        _CACHE[key] = (stamp, data)
    return data


def read_descriptor(path: Path) -> dict[str, Any]:
    """Return the descriptor as a dict (shared: read-only), raising DescriptorError when it
    cannot be read."""
    return _read_object(Path(path))


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
    command reads it once and hands it on, so that no step reads the files again."""

    path: Path  # the datapackage.json
    descriptor: dict[str, Any]
    tables: dict[str, Table]

    @property
    def base(self) -> Path:
        """The folder that the resources' paths are relative to."""
        return self.path.parent


def read_package(path: str | Path | Package | None = None) -> Package:
    """The package at ``path`` (a datapackage.json or a folder holding one; the shipped
    package when None), or DescriptorError saying why it cannot be read. A Package already
    read is returned as it is, so every function that takes a path can be handed one
    instead: panel reads the package once and gives it to each load()."""
    if isinstance(path, Package):
        return path
    file = descriptor_path(path)
    return package_from(file, read_descriptor(file))


def package_from(
    file: Path, descriptor: dict[str, Any], schemas: Mapping[str, Any] | None = None
) -> Package:
    """The Package of a descriptor already read from ``file``, with the schema files already
    read (``schemas``, keyed by their path in the descriptor): validation reads and checks
    them all in its first stage, and nothing reads them a second time."""
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise DescriptorError(file.name, "has no resources")
    tables = {t.name: t for t in (_table(r, file.parent, schemas or {}) for r in resources)}
    return Package(file, descriptor, tables)


def read_tables(path: str | Path | Package) -> dict[str, Table]:
    """Every resource of the package at ``path``, keyed by name (see read_package)."""
    return read_package(path).tables
