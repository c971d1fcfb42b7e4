"""load() and load_all() give DataFrames typed as the design promises, offline."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT, read_rows, set_cell

import sco_data
from sco_data._descriptor import read_tables

TABLES = read_tables(ROOT / "datapackage.json")

# The dtypes the README promises, written independently of the code that implements them.
EXPECTED = {
    "date": "datetime64[ns]",
    "integer": "Int64",
    "year": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "string": "string",
}


@pytest.mark.parametrize("name", list(TABLES))
def test_dtypes_follow_the_schema(name: str) -> None:
    frame = sco_data.load(name)
    table = TABLES[name]
    assert list(frame.columns) == table.field_names
    for field in table.fields:
        dtype = frame[field.name].dtype
        if field.enum is not None:
            assert isinstance(dtype, pd.CategoricalDtype), field.name
            assert list(dtype.categories) == field.enum, field.name
        else:
            assert str(dtype) == EXPECTED[field.type], (field.name, dtype)


def test_load_all_returns_every_table_in_descriptor_order() -> None:
    frames = sco_data.load_all()
    assert list(frames) == list(TABLES)
    assert all(len(frames[n]) == len(sco_data.load(n)) for n in frames)


def test_only_declared_missing_values_are_missing(package) -> None:
    """Namibia's ISO code is the string "NA"; pandas' default would make it missing."""
    set_cell(package, "states", 0, "iso2", "NA")
    states = sco_data.load("states", package)
    assert states.loc[0, "iso2"] == "NA"
    assert states["iso2"].notna().all()


@pytest.mark.parametrize("name", list(TABLES))
def test_empty_cells_are_missing_not_empty_strings(name: str) -> None:
    """A cell is missing exactly where the CSV cell is empty, and no value is ''."""
    frame = sco_data.load(name)
    header, rows = read_rows(ROOT / TABLES[name].path)
    for i, column in enumerate(header):
        empty_in_csv = [r[i] == "" for r in rows]
        assert frame[column].isna().tolist() == empty_in_csv, column
        values = frame[column].dropna()
        assert not (values.astype(str) == "").any(), column


def test_unknown_table_names_the_choices() -> None:
    with pytest.raises(KeyError, match="memberships"):
        sco_data.load("members")


def test_load_reports_a_bad_cell_with_its_place(package) -> None:
    set_cell(package, "memberships", 0, "start_date", "2017/06/09")
    with pytest.raises(ValueError, match=r"data/memberships.csv: row 2, column 'start_date'"):
        sco_data.load("memberships", package)


def test_load_reports_a_date_its_dtype_cannot_hold(package) -> None:
    """A valid date after 2262-04-11 is beyond datetime64[ns], the dtype load() promises: it
    is reported with its place (validation, which needs no pandas, accepts it), not made NaT."""
    set_cell(package, "memberships", 1, "end_date", "2300-01-01")
    with pytest.raises(ValueError, match=r"data/memberships.csv: row 3, column 'end_date'"):
        sco_data.load("memberships", package)
