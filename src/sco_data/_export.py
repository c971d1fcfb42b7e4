"""Export the package as CSV (a data package copy), JSON, Parquet, Excel, SQLite, DuckDB or a zip.

Safety with the user's files comes first:
- Every output is written through ``_atomic``: beside the target, fsynced, renamed into place.
- An existing output is replaced only with ``force``, and only when sco-data wrote it: a file
  of the requested format that sco-data made (checked by content), or a folder holding an
  earlier sco-data export's marker file and nothing but the files that export listed in it.
  The current folder, its parents, the home folder and the file system root are never
  replaced. Anything else is refused (``RefusedError``, exit 2) and nothing is touched.
- A single-file format given an existing folder writes inside it, as ``sco-data.<ext>``.

Each writer takes the typed tables from ``load()`` and one conversion per type, so all
formats agree; numbers keep every bit (JSON and CSV write the shortest exact form).
"""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from ._atomic import atomic_write, atomic_write_dir
from ._descriptor import Table, read_package
from ._loader import load
from ._sql import constraint_sql, create_table_sql, dependency_order, key_clauses, quote
from ._tableschema.types import type_of
from ._validation._integrity import descriptor_text

DEFAULT_NAME = "sco-data"  # a single-file export into an existing folder: sco-data.<suffix>
MARKER = ".sco-data-export.json"  # in every folder export: what wrote it, and its files
FORMULA_START = ("=", "+", "-", "@")


class ExportError(Exception):
    """An export that cannot be done; the message says why and what to do."""

    exit_code = 1


class RefusedError(ExportError):
    """The export would replace something sco-data did not write (or without ``force``);
    nothing was touched. A usage error: exit 2."""

    exit_code = 2


def export(
    fmt: str,
    out: str | os.PathLike[str],
    tables: Iterable[str] | str | None = None,
    force: bool = False,
    path: str | os.PathLike[str] | None = None,
) -> Path:
    """Export ``tables`` (default: all) of the package at ``path`` (default: the shipped one)
    to ``out`` in format ``fmt`` (one of FORMATS); return the path written.

    ``out`` is a folder for csv and parquet, a file otherwise; given an existing folder, a
    file format writes ``sco-data.<format>`` inside it. ``force`` replaces an earlier
    sco-data export, never anything else (``RefusedError``).
    """
    if fmt not in EXPORTS:
        raise ExportError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    how = EXPORTS[fmt]
    if not isinstance(out, str | os.PathLike) or str(out) in ("", "-"):
        raise ExportError(f"out must be a file or folder path, not {out!r}")
    if isinstance(tables, str):
        tables = [tables]
    names = None if tables is None else list(tables)
    if names is not None and not all(isinstance(n, str) for n in names):
        raise ExportError(f"tables must be table names, not {names!r}")
    target = output_target(fmt, Path(out), force)
    package = Selection(path, names or None)
    if how.needs:  # before anything is written: say what to install
        _optional(how.needs, fmt)
    if how.suffix is None:
        atomic_write_dir(target, lambda tmp: how.write(package, tmp))
    else:
        atomic_write(target, lambda tmp: how.write(package, tmp))
    return target


def export_text(fmt: str, table: str, path: str | Path | None = None) -> str:
    """One table as CSV (byte for byte the published file) or JSON text, for ``--out -``."""
    from ._render import FORMATS as PRINTABLE
    from ._render import render

    printable = [f for f in FORMATS if f in PRINTABLE]  # the export formats a terminal shows
    if fmt not in printable:
        raise ExportError(f"only {' and '.join(printable)} can go to standard output, not {fmt}")
    package = Selection(path, [table])
    return render(package.frame(table), fmt, package.tables[table])


def json_text(frame: pd.DataFrame, table: Table) -> str:
    """Rows as a JSON array of objects: dates as YYYY-MM-DD, numbers exact, missing as null."""
    return json.dumps(records(frame, table), indent=2, ensure_ascii=False) + "\n"


def records(frame: pd.DataFrame, table: Table) -> list[dict[str, Any]]:
    """JSON-ready rows, each type's values as the type registry gives them. Floats go to json
    as Python floats, which it writes with ``repr``: every value reads back to the same float
    (pandas' to_json would round to 10 places)."""
    columns = {}
    for field in table.fields:
        values = type_of(field.type).json(frame[field.name])
        columns[field.name] = [None if pd.isna(v) else v for v in values]
    names = table.field_names
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


# --- Where to write, and whether an existing output may be replaced -------------------------


def output_target(fmt: str, out: Path, force: bool) -> Path:
    """The path to write for ``--out out``; raises RefusedError for anything sco-data must
    not replace. Nothing is written or removed here."""
    suffix = EXPORTS[fmt].suffix
    if suffix is not None and out.is_dir():
        out = out / f"{DEFAULT_NAME}.{suffix}"
    if not out.parent.is_dir():
        raise ExportError(f"cannot write {out}: folder {out.parent} does not exist")
    if not out.exists() and not out.is_symlink():
        return out
    if out.is_symlink():
        raise RefusedError(f"{out} is a symbolic link; sco-data replaces only what it wrote")
    if suffix is None and out.is_dir():
        _refuse_special_folder(out)
    if not force:
        raise RefusedError(
            f"{out} already exists; use --force to replace it (only an earlier sco-data "
            f"{fmt} export is ever replaced)"
        )
    if suffix is None:
        _check_own_folder(out, fmt)
    else:
        _check_own_file(out, fmt)
    return out


def _refuse_special_folder(folder: Path) -> None:
    real = folder.resolve()
    cwd, home = Path.cwd().resolve(), Path.home().resolve()
    if real == cwd or cwd.is_relative_to(real):
        what = "the current folder" if real == cwd else "a parent of the current folder"
    elif real == home or home.is_relative_to(real):
        what = "your home folder" if real == home else "a parent of your home folder"
    else:
        return
    raise RefusedError(
        f"refusing to replace {folder}: it is {what}; give --out a new folder name "
        f"(for example --out {folder / 'sco-data-export'})"
    )


def _check_own_folder(folder: Path, fmt: str) -> None:
    """Refuse unless ``folder`` is empty or an earlier sco-data ``fmt`` export, unchanged in
    what it holds (files may have been edited, none added)."""
    if not folder.is_dir():
        raise RefusedError(f"refusing to replace {folder}: it is a file, not a {fmt} export folder")
    present = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    if not present:
        return
    try:
        marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        listed = set(marker["files"]) | {MARKER}
        written_as = marker["format"]
    except (OSError, ValueError, KeyError, TypeError):
        raise RefusedError(
            f"refusing to replace {folder}: it is not a folder sco-data exported (no {MARKER}); "
            "sco-data replaces only its own exports"
        ) from None
    if written_as != fmt:
        raise RefusedError(
            f"refusing to replace {folder}: it holds a sco-data {written_as} export, not {fmt}"
        )
    folders = {parent.as_posix() for f in listed for parent in PurePosixPath(f).parents}
    others = [p for p in present if p not in listed and p not in folders]
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        raise RefusedError(
            f"refusing to replace {folder}: besides an earlier export it holds {shown}; "
            "move those away or choose another --out"
        )


def _check_own_file(file: Path, fmt: str) -> None:
    if file.is_dir():
        raise RefusedError(f"refusing to replace {file}: it is a folder, not a {fmt} file")
    if not _is_own_file(file, fmt):
        raise RefusedError(
            f"refusing to replace {file}: it is not a {fmt} file that sco-data exported; "
            "choose another --out"
        )


def _is_own_file(file: Path, fmt: str) -> bool:
    """Whether ``file`` looks like what sco-data's ``fmt`` writer makes (read-only checks)."""
    try:
        with open(file, "rb") as handle:
            head = handle.read(64)
        return EXPORTS[fmt].owns(file, head)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, sqlite3.Error):
        return False


def _owns_json(file: Path, head: bytes) -> bool:
    document = json.loads(file.read_text(encoding="utf-8"))
    return isinstance(document, dict) and all(
        "data" in r for r in document.get("resources") or [{}]
    )


def _owns_zip(file: Path, head: bytes) -> bool:
    if not head.startswith(b"PK"):
        return False
    with zipfile.ZipFile(file) as archive:
        return {"datapackage.json", MARKER} <= set(archive.namelist())


def _owns_xlsx(file: Path, head: bytes) -> bool:
    if not head.startswith(b"PK"):
        return False
    with zipfile.ZipFile(file) as archive:
        return b'name="about"' in archive.read("xl/workbook.xml")


def _owns_sqlite(file: Path, head: bytes) -> bool:
    return head.startswith(b"SQLite format 3\x00") and _has_package_table(file)


def _owns_duckdb(file: Path, head: bytes) -> bool:
    return head[8:12] == b"DUCK"


def _owns_folder(file: Path, head: bytes) -> bool:
    return False  # a folder export is recognised by its marker (_check_own_folder)


def _has_package_table(file: Path) -> bool:
    connection = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        found = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_package'"
        ).fetchone()[0]
    finally:
        connection.close()
    return bool(found)


def _write_marker(folder: Path, fmt: str) -> None:
    """List what this export wrote, so that --force can later tell it from the user's files."""
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    marker = {"format": fmt, "writer": "sco-data", "files": [f for f in files if f != MARKER]}
    (folder / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")


# --- The package being exported ---------------------------------------------------------------


class Selection:
    """The selected tables of a package, their schemas and typed frames (each loaded once)."""

    def __init__(self, path: str | os.PathLike[str] | None, names: list[str] | None) -> None:
        self.package = read_package(path)  # read once; every table is loaded from it
        self.descriptor_path = self.package.path
        self.descriptor = self.package.descriptor
        all_tables = self.package.tables
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
            self._frames[name] = load(name, self.package)
        return self._frames[name]

    def resource(self, name: str) -> dict[str, Any]:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def schema(self, name: str) -> dict[str, Any]:
        """The resource's Table Schema, without foreign keys to tables left out."""
        schema = dict(self.tables[name].schema)  # read by the package reader, inline or a file
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
                resource["data"] = records(self.frame(name), self.tables[name])
            out["resources"].append(resource)
        return out

    def arrow(self, name: str) -> Any:
        """The table as an Arrow table: dates as date32, enums as dictionaries whose values
        are the schema's enum in its order, the Table Schema in the metadata."""
        return arrow_table(self.frame(name), self.tables[name], self.schema(name))


def arrow_table(frame: pd.DataFrame, table: Table, schema: dict[str, Any]) -> Any:
    import pyarrow as pa

    arrow = pa.Table.from_pandas(frame[table.field_names], preserve_index=False)
    for field in table.fields:
        stored = type_of(field.type).arrow  # e.g. dates as date32, not timestamps
        if stored is not None:
            index = arrow.schema.get_field_index(field.name)
            target = getattr(pa, stored)()
            arrow = arrow.set_column(
                index, pa.field(field.name, target), arrow.column(index).cast(target)
            )
    metadata = dict(arrow.schema.metadata or {})
    metadata[b"frictionless:schema"] = json.dumps(schema).encode("utf-8")
    return arrow.replace_schema_metadata(metadata)


def _safe_member(base: Path, relative: str) -> Path:
    """``base / relative``, refusing a descriptor path that would leave ``base``."""
    candidate = (base / relative).resolve()
    if Path(relative).is_absolute() or not candidate.is_relative_to(base.resolve()):
        raise ExportError(f"resource path {relative!r} would write outside the output folder")
    return candidate


# --- Writers: each gets the staging path (an empty folder for folder formats) -----------------


def write_csv(package: Selection, out: Path) -> None:
    """A self-contained data package: descriptor (schemas inlined), CSVs copied byte for byte."""
    for name in package.tables:
        relative = package.resource(name)["path"]
        source = _safe_member(package.descriptor_path.parent, relative)
        destination = _safe_member(out, relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(source.read_bytes())
    (out / "datapackage.json").write_text(
        descriptor_text(package.subset_descriptor()), encoding="utf-8"
    )
    _write_marker(out, "csv")


def write_zip(package: Selection, out: Path) -> None:
    """The csv export, as one archive (written straight into the archive: no scratch folder)."""
    base = package.descriptor_path.parent
    members: dict[str, bytes] = {}
    for name in package.tables:
        relative = package.resource(name)["path"]
        members[PurePosixPath(relative).as_posix()] = _safe_member(base, relative).read_bytes()
    members["datapackage.json"] = descriptor_text(package.subset_descriptor()).encode("utf-8")
    marker = {"format": "csv", "writer": "sco-data", "files": sorted(members)}
    members[MARKER] = (json.dumps(marker, indent=2) + "\n").encode("utf-8")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(members):
            archive.writestr(member, members[member])


def write_json(package: Selection, out: Path) -> None:
    """One JSON document: a data package whose resources hold their rows inline."""
    out.write_text(descriptor_text(package.subset_descriptor(inline_data=True)), encoding="utf-8")


def write_parquet(package: Selection, out: Path) -> None:
    """One Parquet file per table: dates as date32, enums as dictionaries in schema order,
    nullable integers, exact floats, the Table Schema in the file metadata."""
    import pyarrow.parquet as pq

    for name in package.tables:
        pq.write_table(package.arrow(name), out / f"{name}.parquet")
    _write_marker(out, "parquet")


def _duckdb_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _duckdb_type(table: Table, field: Any) -> str:
    if field.enum is not None and type_of(field.type).categorical:
        return quote(f"{table.name}_{field.name}")
    return type_of(field.type).duckdb


def duckdb_ddl(table: Table, present: set[str]) -> list[str]:
    """CREATE TYPE (one ENUM per enum field, values in schema order) and CREATE TABLE with
    NOT NULL, UNIQUE, CHECKs (ranges, lengths, patterns), primary and foreign keys."""
    statements = []
    columns = []
    for field in table.fields:
        if field.enum is not None and type_of(field.type).categorical:
            values = ", ".join(_duckdb_literal(v) for v in field.enum)
            statements.append(f"CREATE TYPE {_duckdb_type(table, field)} AS ENUM ({values})")
        sql_type = type_of(field.type).duckdb
        clauses, checks = constraint_sql(
            field,
            "duckdb",
            _duckdb_literal,
            lambda v, t=sql_type: f"CAST({_duckdb_literal(v)} AS {t})",
        )
        parts = [quote(field.name), _duckdb_type(table, field), *clauses]
        if checks:
            parts.append(f"CHECK ({' AND '.join(checks)})")
        columns.append(" ".join(parts))
    columns += key_clauses(table, present)
    statements.append(f"CREATE TABLE {quote(table.name)} (\n  " + ",\n  ".join(columns) + "\n)")
    return statements


def write_duckdb(package: Selection, out: Path) -> None:
    """One DuckDB database: ENUM types, keys and CHECKs from the Table Schemas, tables and
    columns commented with their descriptions, and a _package table of the descriptor."""
    duckdb = _optional("duckdb", "duckdb")
    connection = duckdb.connect(str(out))
    try:
        present = set(package.tables)
        for name in dependency_order(package.tables):
            table = package.tables[name]
            for statement in duckdb_ddl(table, present):
                connection.execute(statement)
            rows = package.arrow(name)
            connection.register("incoming", rows)
            columns = ", ".join(quote(f.name) for f in table.fields)
            selected = ", ".join(
                f"CAST(CAST({quote(f.name)} AS VARCHAR) AS {_duckdb_type(table, f)})"
                if f.enum is not None and type_of(f.type).categorical
                else quote(f.name)
                for f in table.fields
            )
            connection.execute(
                f"INSERT INTO {quote(name)} ({columns}) SELECT {selected} FROM incoming"
            )
            connection.unregister("incoming")
            connection.execute(
                f"COMMENT ON TABLE {quote(name)} IS {_duckdb_literal(table.description or table.title)}"
            )
            for f in table.fields:
                if f.description or f.title:
                    connection.execute(
                        f"COMMENT ON COLUMN {quote(name)}.{quote(f.name)} IS "
                        f"{_duckdb_literal(f.description or f.title)}"
                    )
        d = package.descriptor
        connection.execute(
            "CREATE TABLE _package (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)"
        )
        for key in ("name", "title", "description", "version", "created", "licenses", "sources"):
            if key in d:
                value = (
                    d[key] if isinstance(d[key], str) else json.dumps(d[key], ensure_ascii=False)
                )
                connection.execute("INSERT INTO _package VALUES (?, ?)", [key, value])
        connection.execute("CHECKPOINT")
    finally:
        connection.close()


def write_xlsx(package: Selection, out: Path) -> None:
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


def _write_about(sheet: Any, package: Selection) -> None:
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


def write_sqlite(package: Selection, out: Path) -> None:
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
    """Rows for executemany, each type's values as the type registry gives them."""
    columns = []
    for field in table.fields:
        values = type_of(field.type).sqlite_value(frame[field.name])
        columns.append([None if pd.isna(v) else v for v in values])
    return list(zip(*columns, strict=True))


def _write_sql_metadata(connection: sqlite3.Connection, package: Selection) -> None:
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


# --- The formats ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """All sco-data knows about one export format, so that a format is added in one place."""

    name: str
    write: Callable[[Selection, Path], None]  # writes into a temporary path, renamed after
    suffix: str | None  # a single file's suffix; None: a folder (with MARKER listing its files)
    owns: Callable[[Path, bytes], bool]  # whether an existing file is an export of this format
    needs: str | None  # the optional module it needs (pip extra: the format's name)


EXPORTS: dict[str, Export] = {
    e.name: e
    for e in (
        Export("csv", write_csv, None, _owns_folder, None),
        Export("json", write_json, "json", _owns_json, None),
        Export("parquet", write_parquet, None, _owns_folder, None),
        Export("xlsx", write_xlsx, "xlsx", _owns_xlsx, "openpyxl"),
        Export("sqlite", write_sqlite, "sqlite", _owns_sqlite, None),
        Export("duckdb", write_duckdb, "duckdb", _owns_duckdb, "duckdb"),
        Export("zip", write_zip, "zip", _owns_zip, None),
    )
}
FORMATS = tuple(EXPORTS)  # what --format offers, in this order
