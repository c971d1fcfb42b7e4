"""Read a CSV strictly, as text, with pyarrow: fast, and honest about its structure.

Every cell is read as a string (types are the schema's business, see _parse.py), only the
declared missing values become missing, and rows with too many or too few cells are
reported with their line number instead of being padded, dropped or shifted. A table whose
structure is broken is not handed on to the value checks: its rows would be misaligned.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from ._arrays import valid_in_any

# The CSV line of a table's row 0 (line 1 is the header): row i is line i + FIRST_LINE, the
# number every report and error message gives.
FIRST_LINE = 2


class StructureError(ValueError):
    """The file cannot be read as a table; ``problems`` say where."""

    def __init__(self, problems: list[StructureProblem]) -> None:
        super().__init__("; ".join(f"line {p.line}: {p.message}" for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class StructureProblem:
    line: int | None
    kind: str
    message: str
    columns: list[str] = field(default_factory=list)


def read_header(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle), [])


def _read(path: Path, header: list[str], missing: list[str], threads: bool):
    invalid = []

    def keep(row) -> str:
        invalid.append(row)
        return "skip"

    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, use_threads=threads),
        parse_options=pacsv.ParseOptions(
            newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=keep
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.large_string()),
            null_values=missing,
            strings_can_be_null=bool(missing),
            quoted_strings_can_be_null=bool(missing),
        ),
    )
    return table, invalid


def read_arrow(path: Path, missing_values: list[str]) -> pa.Table:
    """The CSV as an Arrow table of strings (large_string; null for declared missing values),
    one row per data row in file order. Raises StructureError on ragged rows, blank rows, a
    duplicate or empty header cell, or a file the CSV parser cannot read."""
    header = read_header(path)
    if not header or len(set(header)) != len(header) or "" in header:
        raise StructureError(
            [StructureProblem(1, "header", f"header {header!r} is empty or repeats a name")]
        )
    try:
        table, invalid = _read(path, header, missing_values, threads=True)
        if invalid:  # read again on one thread, which knows the line numbers
            table, invalid = _read(path, header, missing_values, threads=False)
    except (pa.ArrowInvalid, OSError) as error:
        raise StructureError(
            [StructureProblem(None, "structure", f"cannot be parsed as CSV: {error}")]
        ) from None
    problems = [
        StructureProblem(
            row.number,
            "extra-cell" if row.actual_columns > row.expected_columns else "missing-cell",
            f"has {row.actual_columns} cells where the header has {row.expected_columns}",
            header[row.actual_columns : row.actual_columns + 1],
        )
        for row in invalid
    ]
    if len(header) > 1 or missing_values:
        blank = np.flatnonzero(~valid_in_any(table.columns))
        problems += [
            StructureProblem(int(row) + FIRST_LINE, "blank-row", "is blank") for row in blank
        ]
    if problems:
        raise StructureError(problems)
    return table
