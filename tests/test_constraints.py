"""Every constraint of every Table Schema, broken once, is reported by both validators.

The cases are generated from the Table Schemas and the shipped rows, so a constraint added
to a schema gets its test without anyone writing one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, read_rows, write_rows
from oracle import frictionless_problems, problem_kind

from sco_data import validate
from sco_data._descriptor import Field, Table, read_tables
from sco_data._validation._constraints import CONSTRAINTS
from sco_data._validation._integrity import refresh

TABLES = read_tables(ROOT / "datapackage.json")


def spec_constraints() -> set[str]:
    """Every constraint key the Table Schema spec knows, from frictionless's own profile, so
    that a key added to the spec makes these tests fail until it is handled."""
    from frictionless import Field as FrictionlessField

    return set(FrictionlessField.metadata_profile["properties"]["constraints"]["properties"])


def test_every_spec_constraint_is_checked_and_has_a_breaking_value() -> None:
    assert set(CONSTRAINTS) == spec_constraints()
    assert set(BREAKERS) == spec_constraints()


@dataclass(frozen=True)
class Case:
    table: str
    row: int  # data row, from 0; -1 appends a copy of row 0
    column: str | None
    value: str | None
    kind: str

    @property
    def id(self) -> str:
        return f"{self.table}.{self.column or 'row'}:{self.kind}"


def _rows(table: Table) -> tuple[list[str], list[list[str]]]:
    return read_rows(ROOT / table.path)


def _shift(field: Field, bound: object, step: int) -> str:
    if field.type == "date":
        return (dt.date.fromisoformat(str(bound)) + dt.timedelta(days=step)).isoformat()
    return str(bound + step)  # type: ignore[operator]


def _first_filled(field: Field, header: list[str], rows: list[list[str]]) -> int | None:
    col = header.index(field.name)
    return next((i for i, r in enumerate(rows) if r[col] != ""), None)


def _other_value(field, c, header, rows):
    col = header.index(field.name)
    first = _first_filled(field, header, rows)
    other = next((i for i, r in enumerate(rows) if r[col] not in ("", rows[first][col])), None)
    return (other, rows[first][col]) if other is not None else None


# constraint -> (field, its constraints, header, rows) -> (row, a value that breaks it and
# nothing about its type), or None when the column gives no such case.
BREAKERS = {
    "required": lambda f, c, h, r: (_first_filled(f, h, r), ""),
    "unique": _other_value,
    "enum": lambda f, c, h, r: (_first_filled(f, h, r), "not_in_enum"),
    "pattern": lambda f, c, h, r: (_first_filled(f, h, r), "?"),
    "minLength": lambda f, c, h, r: (_first_filled(f, h, r), "x" * (c["minLength"] - 1)),
    "maxLength": lambda f, c, h, r: (_first_filled(f, h, r), "x" * (c["maxLength"] + 1)),
    "minimum": lambda f, c, h, r: (_first_filled(f, h, r), _shift(f, c["minimum"], -1)),
    "maximum": lambda f, c, h, r: (_first_filled(f, h, r), _shift(f, c["maximum"], +1)),
    "exclusiveMinimum": lambda f, c, h, r: (
        _first_filled(f, h, r),
        _shift(f, c["exclusiveMinimum"], 0),
    ),
    "exclusiveMaximum": lambda f, c, h, r: (
        _first_filled(f, h, r),
        _shift(f, c["exclusiveMaximum"], 0),
    ),
}


def _breaking_value(
    field: Field, kind: str, header: list[str], rows: list[list[str]]
) -> tuple[int, str] | None:
    """A row and a value that break constraint ``kind`` of ``field`` and nothing about its type."""
    if _first_filled(field, header, rows) is None:
        return None
    return BREAKERS[kind](field, field.constraints, header, rows)


def _missing_key(field: Field, target: Table) -> str:
    """A value that fits ``field``'s pattern but names no row of ``target``."""
    taken = {r[0] for r in _rows(target)[1]}
    pattern = field.constraints.get("pattern", ".*")
    for candidate in ("ZZZ", "zz-missing", "HS-1900", "ZZ.MISSING"):
        if re.fullmatch(pattern, candidate) and candidate not in taken:
            return candidate
    raise AssertionError(f"no candidate for {field.name}")


def cases() -> list[Case]:
    found = []
    for table in TABLES.values():
        header, rows = _rows(table)
        if not rows:
            continue
        for field in table.fields:
            for kind in sorted(spec_constraints()):
                if kind not in field.constraints or field.constraints[kind] is False:
                    continue
                broken = _breaking_value(field, kind, header, rows)
                if broken:
                    found.append(Case(table.name, broken[0], field.name, broken[1], kind))
        for fk in table.foreign_keys:
            col = header.index(fk.fields[0])
            row = next((i for i, r in enumerate(rows) if r[col] != ""), None)
            if row is not None:
                value = _missing_key(table.field(fk.fields[0]), TABLES[fk.resource])
                found.append(Case(table.name, row, fk.fields[0], value, "foreignKey"))
        if table.primary_key:
            found.append(Case(table.name, -1, None, None, "primaryKey"))
    return found


def test_every_populated_table_has_cases() -> None:
    populated = {t.name for t in TABLES.values() if _rows(t)[1]}
    assert populated <= {c.table for c in cases()}


def _break(descriptor: Path, case: Case) -> int:
    """Apply ``case`` to the copy; return the CSV row number of the broken row."""
    path = descriptor.parent / TABLES[case.table].path
    header, rows = read_rows(path)
    if case.row == -1:
        rows.append(list(rows[0]))
        row = len(rows) - 1
    else:
        row = case.row
        rows[row][header.index(case.column)] = case.value
    write_rows(path, header, rows)
    refresh(descriptor)
    return row + 2


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.id)
def test_both_validators_report_the_broken_constraint(package: Path, case: Case) -> None:
    csv_row = _break(package, case)
    file = TABLES[case.table].path

    def hit(problems: list) -> bool:
        return any(
            p.file == file and p.row == csv_row and problem_kind(p) == case.kind for p in problems
        )

    theirs = frictionless_problems(package, case.table)
    report = validate(package)
    ours = report.problems
    assert hit(theirs), f"frictionless missed it: {theirs}"
    assert hit(ours), f"our checks missed it: {ours}"
    # Ours name the column too (primary keys name all their columns), and the defect is
    # the first problem of the report: what follows from it is skipped, not listed.
    expected = ", ".join(TABLES[case.table].primary_key) if case.column is None else case.column
    first = ours[0]
    assert (first.file, first.row) == (file, csv_row), ours
    if case.kind != "primaryKey":  # a copied row also repeats every unique column
        assert first.column == expected, ours
    assert any(
        (p.file, p.row, p.column, problem_kind(p)) == (file, csv_row, expected, case.kind)
        for p in ours
    ), ours
    assert len(ours) <= 10, ours


def test_valid_package_has_no_problems(package: Path) -> None:
    assert frictionless_problems(package) == []
    report = validate(package)
    assert report.problems == [] and report.internal == []
    assert set(report.rows) == set(TABLES)


def test_the_pandera_schemas_accept_the_package_and_catch_a_broken_constraint() -> None:
    """The generated pandera schemas run the same constraint tests as validation."""
    import pandera.pandas as pa

    import sco_data
    from sco_data._schema import pandera_schema

    frames = sco_data.load_all()
    for name, table in TABLES.items():
        pandera_schema(table, frames).validate(frames[name], lazy=True)
    states = frames["states"].copy()
    states.loc[0, "iso3"] = "toolong"
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        pandera_schema(TABLES["states"]).validate(states, lazy=True)
    assert "pattern" in set(caught.value.failure_cases["check"].astype(str))


def test_a_pattern_that_is_not_a_regular_expression_makes_the_package_invalid(
    package: Path,
) -> None:
    schema_path = package.parent / "schemas/statistics.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    iso3 = next(f for f in schema["fields"] if f["name"] == "iso3")
    iso3["constraints"]["pattern"] = "[A-Z"
    schema_path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")

    report = validate(package)
    assert not report.valid
    assert report.internal == []
    first = report.problems[0]
    assert (first.file, first.column, first.check) == ("data/statistics.csv", "iso3", "pattern")
    assert "not a regular expression" in first.message
    # (frictionless 5 raises re.error from its cell reader on such a schema: no oracle here.)
