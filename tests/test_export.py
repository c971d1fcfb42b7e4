"""Every format round-trips every table: export, read back with the obvious tool, compare
with load(). Where a format cannot hold a type, the comparison says so explicitly."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import frictionless
import openpyxl
import pandas as pd
import pytest
from conftest import set_cell

import sco_data
from sco_data.descriptor import read_tables
from sco_data.export import ExportError, export
from sco_data.locate import descriptor_path

TABLES = read_tables(descriptor_path())
EXPECTED = {name: sco_data.load(name) for name in TABLES}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("export")
    return {
        fmt: export(fmt, out / f"sco.{fmt}")
        for fmt in ("csv", "json", "parquet", "xlsx", "sqlite", "zip")
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
    report = frictionless.validate(str(exported["csv"] / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
    for name in TABLES:
        pd.testing.assert_frame_equal(sco_data.load(name, exported["csv"]), EXPECTED[name])


def test_zip_holds_a_package_that_validates(exported: dict[str, Path], tmp_path: Path) -> None:
    zipfile.ZipFile(exported["zip"]).extractall(tmp_path)
    assert sco_data.validate(tmp_path).valid
    for name in TABLES:
        pd.testing.assert_frame_equal(sco_data.load(name, tmp_path), EXPECTED[name])


@pytest.mark.parametrize("name", list(TABLES))
def test_parquet_keeps_values_and_dtypes(exported: dict[str, Path], name: str) -> None:
    back = pd.read_parquet(exported["parquet"] / f"{name}.parquet")
    pd.testing.assert_frame_equal(back, EXPECTED[name])  # dtypes included


@pytest.mark.parametrize("name", list(TABLES))
def test_json_keeps_values(exported: dict[str, Path], name: str) -> None:
    """JSON has no date or category type: dates are YYYY-MM-DD strings, enums strings."""
    document = json.loads(exported["json"].read_text(encoding="utf-8"))
    resource = next(r for r in document["resources"] if r["name"] == name)
    assert [f["name"] for f in resource["schema"]["fields"]] == list(EXPECTED[name].columns)
    back = pd.DataFrame(resource["data"], columns=list(EXPECTED[name].columns))
    pd.testing.assert_frame_equal(_like_expected(back, name), EXPECTED[name])


def test_json_document_is_a_valid_data_package(exported: dict[str, Path]) -> None:
    report = frictionless.validate(str(exported["json"]))
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
    pd.testing.assert_frame_equal(_like_expected(back, name), EXPECTED[name])


@pytest.mark.parametrize("name", list(TABLES))
def test_sqlite_keeps_values(exported: dict[str, Path], name: str) -> None:
    """SQLite stores dates as ISO text and booleans as 0/1."""
    with sqlite3.connect(exported["sqlite"]) as db:
        back = pd.read_sql(f'SELECT * FROM "{name}"', db)
    expected = EXPECTED[name]
    for column in expected.columns:
        if str(expected[column].dtype) == "boolean":
            back[column] = back[column].map({1: True, 0: False})
    pd.testing.assert_frame_equal(_like_expected(back, name), expected)


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
    export("sqlite", target, force=True)
    assert sqlite3.connect(target).execute("SELECT count(*) FROM states").fetchone()[0] == len(
        EXPECTED["states"]
    )


def test_interrupted_export_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sco_data import export as module

    def fail_half_way(package, out: Path) -> None:
        out.mkdir()
        (out / "states.parquet").write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setitem(module.WRITERS, "parquet", fail_half_way)
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
        (["--format", "zip", "--out", str(exists)], "--force", 1),
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
