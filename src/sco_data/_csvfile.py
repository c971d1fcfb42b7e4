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
import math
from pathlib import Path
from typing import Any

import pandas as pd

from ._atomic import write_text
from ._descriptor import Table


def number_text(value: Any) -> str:
    """The text of a Table Schema number: the shortest decimal that reads back to the same
    float (``repr``), without a trailing ``.0``; NaN and infinities as Table Schema spells them.
    ``format(v, '.15g')`` would drop the 16th and 17th digits some floats need."""
    number = float(value)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "INF" if number > 0 else "-INF"
    text = repr(number)
    return text[:-2] if text.endswith(".0") else text


def cell_text(column: pd.Series, type_: str) -> pd.Series:
    """A typed column as the text of its CSV cells (missing stays missing)."""
    if type_ == "date":
        return pd.to_datetime(column).dt.strftime("%Y-%m-%d").astype("object")
    if type_ == "boolean":
        return column.astype("object").map({True: "true", False: "false"}, na_action="ignore")
    if type_ == "number":
        return column.astype("object").map(number_text, na_action="ignore")
    if type_ in ("integer", "year"):
        return column.astype("object").map(lambda v: str(int(v)), na_action="ignore")
    return column.astype("object").map(str, na_action="ignore")


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
