"""Every format round-trips every table: export, read back with the obvious tool, compare
with load(). Where a format cannot hold a type, the comparison says so explicitly."""

from __future__ import annotations

import dataclasses
import io
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import frictionless
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import assert_identical, set_cell

import sco_data
from sco_data._descriptor import descriptor_path, read_tables
from sco_data._export import MARKER, ExportError, RefusedError, export

TABLES = read_tables(descriptor_path())
EXPECTED = {name: sco_data.load(name) for name in TABLES}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    return {
        fmt: export(fmt, out / f"sco.{fmt}")
        for fmt in ("csv", "json", "parquet", "xlsx", "sqlite", "duckdb", "zip")
    }


def _like_expected(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Give a frame read from a format that keeps only text and numbers the package's dtypes."""
    expected = EXPECTED[name]
    out = frame[list(expected.columns)].copy()
    for column in expected.columns:
        dtype = expected[column].dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            out[column] = pd.to_datetime(out[column]).astype(dtype)
        else:
            out[column] = out[column].astype(dtype)
    return out


def test_csv_copy_validates_and_loads_the_same(exported: dict[str, Path]) -> None:
    report = frictionless.validate(str(exported["csv"] / "datapackage.json"), type="package")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
    for name in TABLES:
        assert_identical(sco_data.load(name, exported["csv"]), EXPECTED[name])


def test_zip_holds_a_package_that_validates(exported: dict[str, Path], tmp_path: Path) -> None:
    zipfile.ZipFile(exported["zip"]).extractall(tmp_path)
    assert sco_data.validate(tmp_path).valid
    for name in TABLES:
        assert_identical(sco_data.load(name, tmp_path), EXPECTED[name])


@pytest.mark.parametrize("name", list(TABLES))
def test_parquet_keeps_values_and_dtypes(exported: dict[str, Path], name: str) -> None:
    """Dates are Parquet dates (date32, what DuckDB and Spark read as DATE), enums are
    dictionaries holding the whole enum in schema order, everything else as load() types it;
    values compared exactly."""
    file = exported["parquet"] / f"{name}.parquet"
    schema = pq.read_schema(file)
    for field in TABLES[name].fields:
        arrow_type = schema.field(field.name).type
        if field.type == "date":
            assert arrow_type == pa.date32(), (field.name, arrow_type)
        if field.enum is not None:
            assert pa.types.is_dictionary(arrow_type), (field.name, arrow_type)
            dictionary = pq.read_table(file).column(field.name).chunk(0).dictionary
            assert dictionary.to_pylist() == field.enum
    back = pd.read_parquet(file)
    for column in back.columns:
        if pd.api.types.is_datetime64_any_dtype(EXPECTED[name][column]):
            back[column] = pd.to_datetime(back[column]).astype("datetime64[ns]")
    assert_identical(back, EXPECTED[name])  # dtypes included


@pytest.mark.parametrize("name", list(TABLES))
def test_json_keeps_values(exported: dict[str, Path], name: str) -> None:
    """JSON has no date or category type: dates are YYYY-MM-DD strings, enums strings."""
    document = json.loads(exported["json"].read_text(encoding="utf-8"))
    resource = next(r for r in document["resources"] if r["name"] == name)
    assert [f["name"] for f in resource["schema"]["fields"]] == list(EXPECTED[name].columns)
    back = pd.DataFrame(resource["data"], columns=list(EXPECTED[name].columns))
    assert_identical(_like_expected(back, name), EXPECTED[name])


def test_json_document_is_a_valid_data_package(exported: dict[str, Path]) -> None:
    report = frictionless.validate(str(exported["json"]), type="package")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])


@pytest.mark.parametrize("name", list(TABLES))
def test_xlsx_keeps_values_and_real_dates(exported: dict[str, Path], name: str) -> None:
    """Excel has no categories or nullable integers: those come back as text and numbers."""
    sheet = openpyxl.load_workbook(exported["xlsx"])[name]
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.freeze_panes == "A2"
    back = pd.DataFrame(rows[1:], columns=rows[0])
    for column in back.columns:
        if pd.api.types.is_datetime64_any_dtype(EXPECTED[name][column]):
            assert (
                back[column]
                .dropna()
                .map(type)
                .isin([pd.Timestamp, __import__("datetime").datetime])
                .all()
            )
    # Excel keeps 15 significant digits (openpyxl writes 16): exact to that, and said so.
    pd.testing.assert_frame_equal(
        _like_expected(back, name), EXPECTED[name], check_exact=False, rtol=1e-15, atol=0
    )


@pytest.mark.parametrize("name", list(TABLES))
def test_sqlite_keeps_values(exported: dict[str, Path], name: str) -> None:
    """SQLite stores dates as ISO text and booleans as 0/1."""
    with sqlite3.connect(exported["sqlite"]) as db:
        back = pd.read_sql(f'SELECT * FROM "{name}"', db)
    expected = EXPECTED[name]
    for column in expected.columns:
        if str(expected[column].dtype) == "boolean":
            back[column] = back[column].map({1: True, 0: False})
    assert_identical(_like_expected(back, name), expected)


INSERT_MEMBERSHIP = (
    "INSERT INTO memberships (iso3, status, start_date, start_precision, source_id) "
    "VALUES (?, ?, '2020-01-01', 'day', 'interfax-2025-09-01')"
)


def test_sqlite_enforces_keys_and_checks(exported: dict[str, Path]) -> None:
    with sqlite3.connect(exported["sqlite"]) as db:
        db.execute("PRAGMA foreign_keys = ON")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            db.execute(INSERT_MEMBERSHIP, ("ZZZ", "member"))
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            db.execute(INSERT_MEMBERSHIP, ("CHN", "ally"))
        with pytest.raises(sqlite3.IntegrityError, match=r"UNIQUE|PRIMARY"):
            db.execute("INSERT INTO summits SELECT * FROM summits LIMIT 1")
        described = {r[0] for r in db.execute("SELECT name FROM _tables")}
        assert described == set(TABLES)


def test_xlsx_never_evaluates_a_formula(package: Path, tmp_path: Path) -> None:
    set_cell(package, "memberships", 0, "notes", "=1+1")
    set_cell(package, "memberships", 1, "notes", "@SUM(A1:A2)")
    out = export("xlsx", tmp_path / "x.xlsx", ["memberships"], path=package)
    sheet = openpyxl.load_workbook(out)["memberships"]
    notes = next(c for c in sheet[1] if c.value == "notes").column
    cells = [sheet.cell(row=r, column=notes) for r in (2, 3)]
    assert [c.value for c in cells] == ["=1+1", "@SUM(A1:A2)"]
    assert all(c.data_type == "s" for c in cells)
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_existing_output_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "db.sqlite"
    target.write_text("precious")
    with pytest.raises(ExportError, match="--force"):
        export("sqlite", target)
    assert target.read_text() == "precious"
    with pytest.raises(RefusedError, match="not a sqlite file that sco-data exported"):
        export("sqlite", target, force=True)  # a file sco-data did not write: never replaced
    assert target.read_text() == "precious"
    target.unlink()
    export("sqlite", target)
    export("sqlite", target, force=True)
    assert sqlite3.connect(target).execute("SELECT count(*) FROM states").fetchone()[0] == len(
        EXPECTED["states"]
    )


def test_interrupted_export_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sco_data import _export as module

    def fail_half_way(package, out: Path) -> None:
        (out / "states.parquet").write_text("half")
        raise KeyboardInterrupt

    failing = dataclasses.replace(module.EXPORTS["parquet"], write=fail_half_way)
    monkeypatch.setitem(module.EXPORTS, "parquet", failing)
    with pytest.raises(KeyboardInterrupt):
        export("parquet", tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_descriptor_paths_cannot_escape(package: Path, tmp_path: Path) -> None:
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    (package.parent / "data" / "states.csv").rename(package.parent.parent / "states.csv")
    descriptor["resources"][1]["path"] = "../states.csv"
    package.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(ExportError, match="outside"):
        export("csv", tmp_path / "copy", ["states"], path=package)
    assert not (tmp_path / "copy").exists()


def test_unknown_table_and_format() -> None:
    with pytest.raises(ExportError, match="memberships"):
        export("csv", "/tmp/never", ["members"])
    with pytest.raises(ExportError, match="parquet"):
        export("dbf", "/tmp/never")


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sco_data.cli", *args], capture_output=True, text=True, check=False
    )


def test_cli_one_table_to_stdout() -> None:
    result = cli("export", "--format", "csv", "--table", "states", "--out", "-")
    back = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False, na_values=[""])
    assert result.returncode == 0 and len(back) == len(EXPECTED["states"])
    records = json.loads(
        cli("export", "--format", "json", "--table", "indicators", "--out", "-").stdout
    )
    assert [r["indicator"] for r in records] == list(EXPECTED["indicators"]["indicator"])


def test_cli_errors_are_clear(tmp_path: Path) -> None:
    exists = tmp_path / "x.zip"
    exists.write_text("")
    for args, message, code in [
        (["--format", "zip", "--out", str(exists)], "--force", 2),
        (["--format", "csv", "--out", str(tmp_path / "a"), "--table", "nations"], "memberships", 1),
        (["--format", "dbf", "--out", str(tmp_path / "a")], "dbf", 2),
        (
            ["--format", "sqlite", "--out", str(tmp_path / "no" / "such" / "db")],
            "does not exist",
            1,
        ),
        (["--format", "parquet", "--out", "-", "--table", "states"], "csv and json", 1),
    ]:
        result = cli("export", *args)
        assert result.returncode == code, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("fmt", "module", "extra"), [("xlsx", "openpyxl", "xlsx")])
def test_missing_optional_dependency_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` fail
    monkeypatch.setitem(sys.modules, f"{module}.parquet", None)
    with pytest.raises(ExportError, match=rf"pip install 'sco-data\[{extra}\]'"):
        export(fmt, tmp_path / f"out.{fmt}")
    assert not (tmp_path / f"out.{fmt}").exists()


# --- --force replaces only what sco-data wrote (issue 12) -------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _user_folder(folder: Path) -> dict[str, bytes]:
    """A folder as a user keeps one: a thesis and an analysis folder."""
    (folder / "analysis").mkdir(parents=True)
    (folder / "thesis.tex").write_text("\\chapter{SCO}")
    (folder / "analysis" / "model.py").write_text("print('mine')")
    return _tree(folder)


def test_force_never_replaces_the_current_folder_or_its_parents(tmp_path: Path) -> None:
    before = _user_folder(tmp_path)
    inner = tmp_path / "analysis"
    for cwd, out in [
        (tmp_path, "."),
        (tmp_path, str(tmp_path)),
        (inner, ".."),
        (inner, str(tmp_path)),
    ]:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "sco_data.cli",
                "export",
                "--format",
                "csv",
                "--out",
                out,
                "--force",
            ],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2, (out, result.stderr)
        assert "refusing to replace" in result.stderr and "current folder" in result.stderr
        assert "Traceback" not in result.stderr
        assert _tree(tmp_path) == before


def test_force_never_replaces_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    before = _user_folder(home)
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(RefusedError, match="home folder"):
        export("parquet", home, force=True)
    with pytest.raises(RefusedError, match="home folder"):
        export("csv", tmp_path, force=True)  # a parent of home
    assert _tree(home) == before


def test_force_never_replaces_a_folder_holding_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    before = _user_folder(folder)
    for fmt in ("csv", "parquet"):
        with pytest.raises(RefusedError, match="not a folder sco-data exported"):
            export(fmt, folder, force=True)
    assert _tree(folder) == before


def test_file_formats_write_inside_an_existing_folder(tmp_path: Path) -> None:
    """`--format sqlite --out DIR --force` once replaced DIR, the user's files with it."""
    folder = tmp_path / "mine"
    before = _user_folder(folder)
    written = export("sqlite", folder, ["states"], force=True)
    assert written == folder / "sco-data.sqlite"
    assert {k: v for k, v in _tree(folder).items() if k != "sco-data.sqlite"} == before
    assert export("sqlite", folder, ["states"], force=True) == written  # its own file: replaced


def test_force_replaces_an_earlier_export_and_nothing_added_to_it(tmp_path: Path) -> None:
    out = export("csv", tmp_path / "copy", ["states"])
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker["format"] == "csv" and "datapackage.json" in marker["files"]
    export("csv", out, ["states", "sources"], force=True)  # unchanged earlier export: replaced
    assert (out / "data" / "sources.csv").exists()
    (out / "data" / "states.csv").write_text("edited")  # an edited file is still ours
    export("csv", out, ["states"], force=True)
    (out / "notes.txt").write_text("my notes")
    with pytest.raises(RefusedError, match=r"notes\.txt"):
        export("csv", out, force=True)
    assert (out / "notes.txt").read_text() == "my notes"
    with pytest.raises(RefusedError, match="csv export, not parquet"):
        (out / "notes.txt").unlink()
        export("parquet", out, force=True)


def test_force_replaces_only_files_of_the_requested_format(tmp_path: Path) -> None:
    from sco_data._export import EXPORTS

    single_files = [e.name for e in EXPORTS.values() if e.suffix is not None]
    assert single_files == ["json", "xlsx", "sqlite", "duckdb", "zip"]
    for fmt in single_files:  # a format added to EXPORTS is held to this too
        mine = tmp_path / f"mine.{fmt}"
        mine.write_text('{"resources": []}' if fmt != "json" else "[1, 2]")
        with pytest.raises(RefusedError, match=f"not a {fmt} file that sco-data exported"):
            export(fmt, mine, ["states"], force=True)
        assert mine.read_text() in ('{"resources": []}', "[1, 2]")
        ours = export(fmt, tmp_path / f"ours.{fmt}", ["states"])
        assert export(fmt, ours, ["states", "sources"], force=True) == ours
    zipped = tmp_path / "ours.zip"
    with pytest.raises(RefusedError):
        export("xlsx", zipped, force=True)  # a zip that is not a workbook


def test_zip_named_package_and_staging_names_cannot_collide(tmp_path: Path) -> None:
    """`--format zip --out package` crashed with IsADirectoryError: the zip was staged in a
    folder named 'package' beside the target."""
    out = export("zip", tmp_path / "package", ["states"])
    assert zipfile.ZipFile(out).testzip() is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["package"]
    folder = tmp_path / "exports"
    folder.mkdir()
    assert export("zip", folder) == folder / "sco-data.zip"


def test_cli_force_refusal_is_exit_2_and_touches_nothing(tmp_path: Path) -> None:
    mine = tmp_path / "results.db"
    mine.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # a database the user made
    result = cli("export", "--format", "sqlite", "--out", str(mine), "--force")
    assert result.returncode == 2, result.stderr
    assert "refusing to replace" in result.stderr and "Traceback" not in result.stderr
    assert mine.read_bytes().startswith(b"SQLite format 3\x00" + b"\x00" * 10)


# --- Exact data out ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_csv_to_stdout_is_the_published_file(name: str) -> None:
    """`show --format csv` and `export --out -` print the file byte for byte (they printed
    True and 652860.0 where the file says true and 652860)."""
    from click.testing import CliRunner

    from sco_data.cli import main

    published = (descriptor_path().parent / TABLES[name].path).read_bytes()
    shown = CliRunner().invoke(main, ["show", name, "--format", "csv"])
    assert shown.exit_code == 0 and shown.stdout_bytes == published
    exported = CliRunner().invoke(
        main, ["export", "--format", "csv", "--table", name, "--out", "-"]
    )
    assert exported.exit_code == 0 and exported.stdout_bytes == published


def test_piped_show_is_the_published_file() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sco_data.cli", "show", "statistics"],
        capture_output=True,
        check=False,
    )
    assert result.stdout == (descriptor_path().parent / "data/statistics.csv").read_bytes()


def test_json_to_stdout_keeps_every_float() -> None:
    records = json.loads(
        cli("export", "--format", "json", "--table", "aggregates", "--out", "-").stdout
    )
    assert [r["share"] for r in records] == [float(v) for v in EXPECTED["aggregates"]["share"]]


# --- DuckDB ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TABLES))
def test_duckdb_keeps_values_and_types(exported: dict[str, Path], name: str) -> None:
    with duckdb.connect(str(exported["duckdb"]), read_only=True) as db:
        back = db.execute(f'SELECT * FROM "{name}"').df()
        types = dict(
            db.execute(
                f"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{name}'"
            ).fetchall()
        )
    for field in TABLES[name].fields:
        if field.type == "date":
            assert types[field.name] == "DATE"
        if field.enum is not None:
            assert types[field.name].startswith("ENUM("), types[field.name]
    assert_identical(_like_expected(back, name), EXPECTED[name])


def test_duckdb_has_keys_enums_and_comments(exported: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(exported["duckdb"].read_bytes())
    with duckdb.connect(str(copy)) as db:
        observers = db.execute(
            "SELECT s.name_en FROM memberships m JOIN states s USING (iso3) "
            "WHERE m.status = 'observer' AND m.start_date <= DATE '2017-12-31' "
            "AND (m.end_date IS NULL OR m.end_date > DATE '2017-12-31') ORDER BY 1"
        ).fetchall()
        assert len(observers) == 4
        assert db.execute("SELECT enum_range(NULL::memberships_status)").fetchone()[0] == [
            "member",
            "observer",
            "dialogue_partner",
            "partner",
        ]
        comment = db.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name = 'memberships' "
            "AND column_name = 'status'"
        ).fetchone()[0]
        assert comment == TABLES["memberships"].field("status").description
        assert (
            db.execute(
                "SELECT comment FROM duckdb_tables() WHERE table_name = 'states'"
            ).fetchone()[0]
            == TABLES["states"].description
        )
        constraints = {
            r[0]
            for r in db.execute(
                "SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'memberships'"
            ).fetchall()
        }
        assert {"PRIMARY KEY", "FOREIGN KEY", "NOT NULL", "CHECK"} <= constraints
        insert = (
            "INSERT INTO memberships (iso3, status, start_date, start_precision, source_id) "
            "VALUES (?, ?, DATE '2020-01-01', 'day', 'interfax-2025-09-01')"
        )
        with pytest.raises(duckdb.ConstraintException, match="foreign key"):
            db.execute(insert, ["ZZZ", "member"])
        with pytest.raises(duckdb.ConversionException):
            db.execute(insert, ["CHN", "ally"])  # not in the enum
        with pytest.raises(duckdb.ConstraintException, match=r"(?i)primary key|duplicate"):
            db.execute("INSERT INTO summits SELECT * FROM summits LIMIT 1")


def test_missing_duckdb_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(ExportError, match=r"pip install 'sco-data\[duckdb\]'"):
        export("duckdb", tmp_path / "x.duckdb")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["sqlite", "duckdb"])
def test_databases_enforce_exclusive_bounds(package: Path, tmp_path: Path, fmt: str) -> None:
    """exclusiveMinimum and exclusiveMaximum reach the CHECKs like minimum and maximum."""
    schema_path = package.parent / "schemas" / "summits.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    number = next(f for f in schema["fields"] if f["name"] == "number")
    number["constraints"].update(exclusiveMinimum=0, exclusiveMaximum=1000)
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    out = export(fmt, tmp_path / f"x.{fmt}", ["summits"], path=package)
    breaking = "UPDATE summits SET number = {} WHERE summit_id = 'HS-2001'"
    if fmt == "sqlite":
        with sqlite3.connect(out) as db:
            for value in (0, 1000):
                with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                    db.execute(breaking.format(value))
            db.execute(breaking.format(999))
    else:
        with duckdb.connect(str(out)) as db:
            for value in (0, 1000):
                with pytest.raises(duckdb.ConstraintException):
                    db.execute(breaking.format(value))
            db.execute(breaking.format(999))
