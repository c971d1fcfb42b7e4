"""Every constraint of every Table Schema, broken once, is reported by both validators.

The cases are generated from the Table Schemas and the shipped rows, so a constraint added
to a schema gets its test without anyone writing one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, read_rows, write_rows

from sco_data.descriptor import Field, Table, read_tables
from sco_data.integrity import refresh
from sco_data.validator import frictionless_problems, pandera_problems, problem_kind

TABLES = read_tables(ROOT / "datapackage.json")
VALUE_CONSTRAINTS = ("required", "unique", "enum", "pattern", "minimum", "maximum")


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


def _breaking_value(
    field: Field, kind: str, header: list[str], rows: list[list[str]]
) -> tuple[int, str] | None:
    """A row and a value that break constraint ``kind`` of ``field`` and nothing about its type."""
    col = header.index(field.name)
    filled = [i for i, r in enumerate(rows) if r[col] != ""]
    if not filled:
        return None
    row = filled[0]
    c = field.constraints
    if kind == "required":
        return row, ""
    if kind == "unique":
        other = next((i for i in filled if rows[i][col] != rows[row][col]), None)
        return (other, rows[row][col]) if other is not None else None
    if kind == "enum":
        return row, "not_in_enum"
    if kind == "pattern":
        return row, "?"
    if kind == "minimum":
        return row, _shift(field, c["minimum"], -1)
    if kind == "maximum":
        return row, _shift(field, c["maximum"], +1)
    raise AssertionError(kind)


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
            for kind in VALUE_CONSTRAINTS:
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

    theirs = frictionless_problems(package)
    ours, _ = pandera_problems(read_tables(package), package.parent)
    assert hit(theirs), f"frictionless missed it: {theirs}"
    assert hit(ours), f"our pandera schemas missed it: {ours}"
    # Ours name the column too (primary keys name all their columns).
    mine = [p for p in ours if p.row == csv_row and problem_kind(p) == case.kind]
    expected = ", ".join(TABLES[case.table].primary_key) if case.column is None else case.column
    assert any(p.column == expected for p in mine)


def test_valid_package_has_no_problems(package: Path) -> None:
    assert frictionless_problems(package) == []
    ours, rows = pandera_problems(read_tables(package), package.parent)
    assert ours == []
    assert set(rows) == set(TABLES)
