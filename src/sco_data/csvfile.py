"""Write a table as the package publishes its CSVs.

UTF-8 without BOM, ``\\n`` line endings, one header row in schema order, ISO 8601 dates,
no thousands separators, empty cell = missing, rows sorted by primary key. Every script
writes through here, so every CSV follows the same convention.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from .atomic import write_text
from .descriptor import Table


def _cell_text(column: pd.Series, type_: str) -> pd.Series:
    if type_ == "date":
        return pd.to_datetime(column).dt.strftime("%Y-%m-%d")
    if type_ == "boolean":
        return column.map({True: "true", False: "false"}, na_action="ignore")
    if type_ == "number":
        return column.map(lambda v: format(float(v), ".15g"), na_action="ignore")
    if type_ in ("integer", "year"):
        return column.map(lambda v: str(int(v)), na_action="ignore")
    return column.astype("string")


def csv_text(frame: pd.DataFrame, table: Table) -> str:
    """The CSV text of ``frame`` under ``table``'s conventions (sorted, typed, ordered)."""
    ordered = frame[table.field_names].reset_index(drop=True)
    if table.primary_key:
        # Sort on plain values: an enum column sorts alphabetically, not in enum order.
        keys = ordered[table.primary_key].apply(
            lambda c: c.astype("string") if isinstance(c.dtype, pd.CategoricalDtype) else c
        )
        ordered = ordered.loc[keys.sort_values(table.primary_key, kind="stable").index]
    for field in table.fields:
        ordered[field.name] = _cell_text(ordered[field.name], field.type)
    buffer = io.StringIO()
    ordered.to_csv(buffer, index=False, lineterminator="\n", na_rep="")
    return buffer.getvalue()


def write_table(frame: pd.DataFrame, table: Table, path: Path) -> None:
    """Write ``frame`` as ``table``'s CSV at ``path``, atomically."""
    write_text(Path(path), csv_text(frame, table))
