"""Shared fixtures: a writable copy of the shipped package, and helpers to break it."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
from pathlib import Path

import pytest

from sco_data._validation._integrity import refresh

ROOT = Path(__file__).resolve().parent.parent

# Every file of the checkout that a test opens, recorded as it happens, so that test_wheel can
# check the sdist carries them (an sdist whose tests cannot find their files is broken).
OPENED: set[str] = set()
# Tool caches and outputs, not inputs (and every .venv*: CI has two environments).
_SKIP = (".git", ".pytest_cache", ".hypothesis", ".ruff_cache", "build", "dist")


def _record_open(event: str, args: tuple) -> None:
    if event != "open" or not isinstance(args[0], str | bytes | os.PathLike):
        return
    mode, flags = args[1], args[2]
    if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
        isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
    ):
        return  # written, not read
    try:
        path = Path(os.fsdecode(args[0])).resolve()
        relative = path.relative_to(ROOT)
    except (ValueError, OSError):
        return
    parts = relative.parts
    if not parts or parts[0] in _SKIP or parts[0].startswith(".venv"):
        return
    if "__pycache__" not in parts and path.is_file():
        OPENED.add(relative.as_posix())


sys.addaudithook(_record_open)


def copy_package(target: Path) -> Path:
    """Copy datapackage.json, data/ and schemas/ into ``target``; return its descriptor."""
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(ROOT / "schemas", target / "schemas")
    return target / "datapackage.json"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A fresh, valid copy of the package; tests may break it."""
    return copy_package(tmp_path)


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def set_cell(descriptor: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell of a copied package (``row`` counts data rows from 0) and refresh hashes,
    so that the only defect is the one the test makes."""
    path = descriptor.parent / "data" / f"{table}.csv"
    header, rows = read_rows(path)
    rows[row][header.index(column)] = value
    write_rows(path, header, rows)
    refresh(descriptor)


def assert_identical(left, right) -> None:
    """Frames equal in shape, dtypes and every value to the last bit. pandas' own
    ``check_exact=True`` still compares Float64 (nullable) columns with a tolerance, so each
    value is also compared as a Python object (floats with ==, missing as None)."""
    import pandas as pd

    pd.testing.assert_frame_equal(left, right, check_exact=True)
    for column in left.columns:
        a = [None if pd.isna(v) else v for v in left[column].astype(object)]
        b = [None if pd.isna(v) else v for v in right[column].astype(object)]
        unequal = [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        assert unequal == [], f"column {column!r} differs (row, left, right): {unequal[:3]}"
