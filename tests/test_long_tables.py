"""A long table is checked per distinct value: a text constraint runs once per distinct
value and a foreign key looks each distinct value up once, which is what keeps a million rows
fast. These tests grow the statistics table to thousands of rows that repeat a few values,
break cells the way users do, and hold both validators to the same findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import read_rows, write_rows
from oracle import frictionless_problems, problem_kind

from sco_data import validate
from sco_data._validation._integrity import refresh

STATISTICS = "data/statistics.csv"
LONG = 10_000  # rows: many repeats of each state and indicator


def _grow(descriptor: Path) -> None:
    """Statistics grown past LONG rows, valid: four new indicators that are not
    summed (so the aggregates stay right), every state, every year of their coverage. The
    schema of the copy gains an enum and a minLength, so every text test is exercised."""
    base = descriptor.parent
    _, states = read_rows(base / "data/states.csv")
    header, indicators = read_rows(base / "data/indicators.csv")
    source = indicators[0][header.index("source_id")]
    new = [f"TEST.ROWS.{i}" for i in range(4)]
    for code in new:
        indicators.append(
            [code, "Test indicator", "units", "false", "Test.", "1996", "2100", source]
        )
    write_rows(base / "data/indicators.csv", header, indicators)
    header, rows = read_rows(base / STATISTICS)
    for code in new:
        for iso3 in [s[0] for s in states]:
            rows.extend([iso3, str(year), code, "1.5"] for year in range(1996, 2101))
    rows.sort(key=lambda r: (r[0], int(r[1]), r[2]))
    assert len(rows) > LONG
    write_rows(base / STATISTICS, header, rows)
    schema_path = base / "schemas/statistics.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    for field in schema["fields"]:
        if field["name"] == "iso3":
            field["constraints"]["enum"] = sorted(s[0] for s in states)
        if field["name"] == "indicator":
            field["constraints"]["minLength"] = 3
    schema_path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")


@pytest.fixture
def long_package(package: Path) -> Path:
    _grow(package)
    refresh(package)
    return package


def test_a_long_valid_table_is_valid(long_package: Path) -> None:
    report = validate(long_package)
    assert report.problems == []
    assert report.skipped == []
    assert report.rows["statistics"] > LONG


def test_broken_cells_of_a_long_table_are_found_as_frictionless_finds_them(
    long_package: Path,
) -> None:
    base = long_package.parent
    header, rows = read_rows(base / STATISTICS)
    iso3, indicator = header.index("iso3"), header.index("indicator")
    rows[10][iso3] = "chn"  # pattern, enum and the foreign key to states
    rows[len(rows) - 5][indicator] = "NY"  # minLength and the foreign key to indicators
    rows[len(rows) - 1][iso3] = "ZZZ"  # enum and the foreign key only
    write_rows(base / STATISTICS, header, rows)
    refresh(long_package)

    ours = validate(long_package).problems
    expected = {
        (12, "iso3", "pattern"),
        (12, "iso3", "enum"),
        (12, "iso3", "foreignKey"),
        (len(rows) - 3, "indicator", "minLength"),
        (len(rows) - 3, "indicator", "foreignKey"),
        (len(rows) + 1, "iso3", "enum"),
        (len(rows) + 1, "iso3", "foreignKey"),
    }
    assert {(p.row, p.column, problem_kind(p)) for p in ours} == expected, ours
    assert all(p.file == STATISTICS and p.count == 1 for p in ours), ours
    theirs = frictionless_problems(long_package, "statistics")
    assert {(p.row, p.column, problem_kind(p)) for p in theirs} == expected
