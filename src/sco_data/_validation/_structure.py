"""Stage 3: the CSV's structure (header, cells per row, blank rows), read strictly as text."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from .._csvread import StructureError, read_arrow
from .._descriptor import Table
from ._report import Problem


def read(table: Table, base: Path) -> tuple[pa.Table | None, list[Problem]]:
    """The table as text (null for declared missing values), or None with the reasons when its
    structure is broken and its rows cannot be trusted to line up."""
    try:
        text = read_arrow(base / table.path, table.missing_values)
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
    if text.column_names != table.field_names:
        return None, [
            Problem(
                table.path,
                1,
                None,
                "header",
                f"header is {', '.join(text.column_names)}; "
                f"the schema expects {', '.join(table.field_names)}",
                table=table.name,
                stage="structure",
            )
        ]
    return text, []
