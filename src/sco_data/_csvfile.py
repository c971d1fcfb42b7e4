"""Write a table as the package publishes its CSVs: the one CSV writer of sco-data.

UTF-8 without BOM, ``\\n`` line endings, one header row in schema order, ISO 8601 dates,
``true``/``false``, integers without a decimal point, numbers in the shortest form that reads
back to the same float (Python's ``repr``: no digit lost, none invented), empty cell =
missing, rows sorted by primary key. The build scripts, ``sco-data show --format csv`` and
``sco-data export --out -`` all write through here, so what a user pipes out is byte for
byte the published file.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ._atomic import write_text
from ._descriptor import Table
from ._tableschema.types import TYPES


def cell_text(column: pd.Series, type_: str) -> pd.Series:
    """A typed column as the text of its CSV cells (missing stays missing), written as the
    type registry says; a type it does not know is written as plain text."""
    return TYPES.get(type_, TYPES["string"]).csv(column)


def csv_text(frame: pd.DataFrame, table: Table, sort: bool = True) -> str:
    """The CSV text of ``frame`` under ``table``'s conventions (typed, in schema order, and
    sorted by primary key unless ``sort`` is false)."""
    ordered = frame[table.field_names].reset_index(drop=True)
    if sort and table.primary_key:
        # Sort on plain values: an enum column sorts alphabetically, not in enum order.
        keys = ordered[table.primary_key].apply(
            lambda c: c.astype("string") if isinstance(c.dtype, pd.CategoricalDtype) else c
        )
        ordered = ordered.loc[keys.sort_values(table.primary_key, kind="stable").index]
    text = pd.DataFrame(
        {f.name: cell_text(ordered[f.name], f.type) for f in table.fields}, index=ordered.index
    )
    buffer = io.StringIO()
    text.to_csv(buffer, index=False, lineterminator="\n", na_rep="")
    return buffer.getvalue()


def write_table(frame: pd.DataFrame, table: Table, path: Path) -> None:
    """Write ``frame`` as ``table``'s CSV at ``path``, atomically."""
    write_text(Path(path), csv_text(frame, table))
