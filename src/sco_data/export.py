"""Export the package as CSV (a data package copy), JSON, Parquet, Excel, SQLite or a zip.

Every format is written to a temporary path beside the target and renamed into place, so an
interrupted export leaves nothing half-written; an existing target is replaced only with
``force``. Each writer takes the typed tables from ``load()``, so all formats agree.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from .descriptor import Table, read_descriptor, read_tables
from .integrity import descriptor_text
from .loader import load
from .locate import descriptor_path
from .render import render
from .sql import create_table_sql, dependency_order, quote

FORMATS = ("csv", "json", "parquet", "xlsx", "sqlite", "zip")
FORMULA_START = ("=", "+", "-", "@")


class ExportError(Exception):
    """An export that cannot be done; the message says why and what to do."""


def export(
    fmt: str,
    out: str | Path,
    tables: list[str] | None = None,
    force: bool = False,
    path: str | Path | None = None,
) -> Path:
    """Export ``tables`` (default: all) of the package at ``path`` (default: the shipped one)
    to ``out`` in format ``fmt``; return the path written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    package = Package(path, tables)
    target = Path(out)
    if target.exists() and not force:
        raise ExportError(f"{target} already exists; use --force to replace it")
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {target.parent} does not exist")
    with _staged(target) as tmp:
        WRITERS[fmt](package, tmp)
    return target


def export_text(fmt: str, table: str, path: str | Path | None = None) -> str:
    """One table as CSV or JSON text, for ``--out -``."""
    if fmt not in ("csv", "json"):
        raise ExportError(f"only csv and json can go to standard output, not {fmt}")
    package = Package(path, [table])
    return render(package.frame(table), fmt)


class Package:
    """The selected tables of a package, their schemas and typed frames (loaded once)."""

    def __init__(self, path: str | Path | None, names: list[str] | None) -> None:
        self.descriptor_path = descriptor_path(path)
        self.descriptor = read_descriptor(self.descriptor_path)
        all_tables = read_tables(self.descriptor_path)
        unknown = [n for n in names or [] if n not in all_tables]
        if unknown:
            raise ExportError(
                f"no table {', '.join(map(repr, unknown))}; the tables are: {', '.join(all_tables)}"
            )
        self.tables: dict[str, Table] = {
            n: t for n, t in all_tables.items() if not names or n in names
        }
        self._frames: dict[str, pd.DataFrame] = {}

    def frame(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = load(name, self.descriptor_path)
        return self._frames[name]

    def resource(self, name: str) -> dict[str, Any]:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def schema(self, name: str) -> dict[str, Any]:
        """The resource's Table Schema, without foreign keys to tables left out."""
        schema = self.resource(name)["schema"]
        if isinstance(schema, str):
            schema = json.loads((self.descriptor_path.parent / schema).read_text(encoding="utf-8"))
        schema = dict(schema)
        schema["foreignKeys"] = [
            fk
            for fk in schema.get("foreignKeys", [])
            if fk["reference"].get("resource", name) in self.tables
        ]
        return schema

    def subset_descriptor(self, inline_data: bool = False) -> dict[str, Any]:
        """The descriptor for the selected tables, schemas inlined."""
        out = {k: v for k, v in self.descriptor.items() if k != "resources"}
        out["resources"] = []
        for name in self.tables:
            resource = {k: v for k, v in self.resource(name).items() if k != "schema"}
            resource["schema"] = self.schema(name)
            if inline_data:
                for key in ("path", "hash", "bytes", "format", "mediatype", "encoding", "dialect"):
                    resource.pop(key, None)
                resource["data"] = _records(self.frame(name))
            out["resources"].append(resource)
        return out


@contextlib.contextmanager
def _staged(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; on success it replaces ``target``."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent)) / target.name
    try:
        yield tmp
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp.parent, ignore_errors=True)


def _safe_member(base: Path, relative: str) -> Path:
    """``base / relative``, refusing a descriptor path that would leave ``base``."""
    candidate = (base / relative).resolve()
    if Path(relative).is_absolute() or not candidate.is_relative_to(base.resolve()):
        raise ExportError(f"resource path {relative!r} would write outside the output folder")
    return candidate


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready records: dates as YYYY-MM-DD, missing as null."""
    return json.loads(render(frame, "json"))


def write_csv(package: Package, out: Path) -> None:
    """A self-contained data package: descriptor (schemas inlined), CSVs copied byte for byte."""
    out.mkdir()
    for name in package.tables:
        relative = package.resource(name)["path"]
        source = _safe_member(package.descriptor_path.parent, relative)
        destination = _safe_member(out, relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    (out / "datapackage.json").write_text(
        descriptor_text(package.subset_descriptor()), encoding="utf-8"
    )


def write_zip(package: Package, out: Path) -> None:
    """The csv export, as one archive."""
    folder = out.parent / "package"
    write_csv(package, folder)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(folder).as_posix())


def write_json(package: Package, out: Path) -> None:
    """One JSON document: a data package whose resources hold their rows inline."""
    out.write_text(descriptor_text(package.subset_descriptor(inline_data=True)), encoding="utf-8")


def write_parquet(package: Package, out: Path) -> None:
    """One Parquet file per table, typed as load() types it, with its Table Schema attached."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.mkdir()
    for name in package.tables:
        table = pa.Table.from_pandas(package.frame(name), preserve_index=False)
        metadata = dict(table.schema.metadata or {})
        metadata[b"frictionless:schema"] = json.dumps(package.schema(name)).encode("utf-8")
        pq.write_table(table.replace_schema_metadata(metadata), out / f"{name}.parquet")


def write_xlsx(package: Package, out: Path) -> None:
    """One sheet per table plus an 'about' sheet; header frozen, dates as dates, and any
    text that a spreadsheet would read as a formula stored as plain text."""
    openpyxl = _optional("openpyxl", "xlsx")
    book = openpyxl.Workbook()
    about = book.active
    about.title = "about"
    _write_about(about, package)
    for name in package.tables:
        sheet = book.create_sheet(name[:31])
        _write_sheet(sheet, package.frame(name))
    book.save(out)


def _write_about(sheet: Any, package: Package) -> None:
    d = package.descriptor
    licence = ", ".join(lic.get("name", "") for lic in d.get("licenses", []))
    rows = [
        ["title", d.get("title", "")],
        ["version", d.get("version", "")],
        ["licence", licence],
        ["description", d.get("description", "")],
        [],
        ["table", "field", "type", "title", "description"],
    ]
    for name, table in package.tables.items():
        rows.append([name, "", "", table.title, table.description])
        rows.extend([name, f.name, f.type, f.title, f.description] for f in table.fields)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            _guard(cell)


def _write_sheet(sheet: Any, frame: pd.DataFrame) -> None:
    sheet.append(list(frame.columns))
    dates = [pd.api.types.is_datetime64_any_dtype(frame[c]) for c in frame.columns]
    for values in frame.itertuples(index=False):
        sheet.append([_cell(v, is_date) for v, is_date in zip(values, dates, strict=True)])
    for column, is_date in enumerate(dates, 1):
        if is_date:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = "yyyy-mm-dd"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            _guard(cell)
    sheet.freeze_panes = "A2"


def _cell(value: Any, is_date: bool) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if value is pd.NaT:
        return None
    if is_date:
        return pd.Timestamp(value).date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _guard(cell: Any) -> None:
    """Store text that starts like a formula as a string, so no spreadsheet evaluates it."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_sqlite(package: Package, out: Path) -> None:
    """One table per resource with keys and CHECKs from the Table Schemas, plus _package,
    _tables and _fields describing them; foreign keys are checked as rows go in."""
    connection = sqlite3.connect(out)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        present = set(package.tables)
        for name in dependency_order(package.tables):
            table = package.tables[name]
            connection.execute(create_table_sql(table, present))
            frame = _sql_values(package.frame(name), table)
            placeholders = ", ".join("?" for _ in table.fields)
            columns = ", ".join(quote(f.name) for f in table.fields)
            connection.executemany(
                f"INSERT INTO {quote(name)} ({columns}) VALUES ({placeholders})", frame
            )
        _write_sql_metadata(connection, package)
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise ExportError(f"foreign key check failed in the SQLite export: {problems[:5]}")
        connection.commit()
    finally:
        connection.close()


def _sql_values(frame: pd.DataFrame, table: Table) -> list[tuple]:
    columns = []
    for field in table.fields:
        column = frame[field.name]
        if field.type == "date":
            column = column.dt.strftime("%Y-%m-%d")
        columns.append([None if pd.isna(v) else _plain(v, field.type) for v in column])
    return list(zip(*columns, strict=True))


def _plain(value: Any, type_: str) -> Any:
    if type_ in ("integer", "year", "boolean"):
        return int(value)
    if type_ == "number":
        return float(value)
    return str(value)


def _write_sql_metadata(connection: sqlite3.Connection, package: Package) -> None:
    d = package.descriptor
    connection.execute("CREATE TABLE _package (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    connection.executemany(
        "INSERT INTO _package VALUES (?, ?)",
        [
            (key, json.dumps(d[key], ensure_ascii=False) if not isinstance(d[key], str) else d[key])
            for key in ("name", "title", "description", "version", "created", "licenses", "sources")
            if key in d
        ],
    )
    connection.execute(
        "CREATE TABLE _tables (name TEXT PRIMARY KEY, title TEXT, description TEXT, "
        "primary_key TEXT, rows INTEGER NOT NULL)"
    )
    connection.execute(
        "CREATE TABLE _fields (table_name TEXT NOT NULL REFERENCES _tables (name), "
        "position INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, title TEXT, "
        "description TEXT, constraints TEXT, PRIMARY KEY (table_name, name))"
    )
    for name, table in package.tables.items():
        connection.execute(
            "INSERT INTO _tables VALUES (?, ?, ?, ?, ?)",
            (
                name,
                table.title,
                table.description,
                ", ".join(table.primary_key),
                len(package.frame(name)),
            ),
        )
        connection.executemany(
            "INSERT INTO _fields VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    name,
                    i,
                    f.name,
                    f.type,
                    f.title,
                    f.description,
                    json.dumps(f.constraints, ensure_ascii=False),
                )
                for i, f in enumerate(table.fields, 1)
            ],
        )


def _optional(module: str, extra: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise ExportError(
            f"the {extra} export needs {module.split('.')[0]}: pip install 'sco-data[{extra}]'"
        ) from None


WRITERS: dict[str, Callable[[Package, Path], None]] = {
    "csv": write_csv,
    "json": write_json,
    "parquet": write_parquet,
    "xlsx": write_xlsx,
    "sqlite": write_sqlite,
    "zip": write_zip,
}
