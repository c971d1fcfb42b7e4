"""Stage 3: the CSV's structure (header, cells per row, blank rows), read strictly as text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._csvread import StructureError, read_strict
from .._descriptor import Table
from ._report import Problem


def read(table: Table, base: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table as text (NA for declared missing values), or None with the reasons when its
    structure is broken and its rows cannot be trusted to line up."""
    try:
        text = read_strict(base / table.path, table.missing_values)
    except StructureError as error:
        return None, [
            Problem(
                table.path,
                p.line,
                p.columns[0] if p.columns else None,
                p.kind,
                p.message,
                table=table.name,
                stage="structure",
            )
            for p in error.problems
        ]
    if list(text.columns) != table.field_names:
        return None, [
            Problem(
                table.path,
                1,
                None,
                "header",
                f"header is {', '.join(map(str, text.columns))}; "
                f"the schema expects {', '.join(table.field_names)}",
                table=table.name,
                stage="structure",
            )
        ]
    return text, []
