"""Stage 4: each cell parsed as its field's type; a cell that does not parse is one problem."""

from __future__ import annotations

import pandas as pd

from .._cast import cast_table
from .._descriptor import Table
from .._tableschema.types import TYPES
from ._report import Problem


def _expected(type_: str) -> str:
    """What a cell of ``type_`` should look like, as the message's last words."""
    spec = TYPES.get(type_)
    return f" (expected {spec.expected})" if spec is not None and spec.expected else ""


def _why(table: Table, column: str, value: str) -> str:
    field = table.field(column)
    if field.type == "string" and field.format == "uri":
        return f"{value!r} is not a URI (a scheme such as https: must start it)"
    if field.type == "integer" and value.lstrip("+-").isdigit():
        return f"{value!r} is beyond the 64-bit integers sco-data can hold"
    if field.type == "boolean":
        allowed = ", ".join(field.true_values + field.false_values)
        return f"{value!r} is not a valid boolean (one of: {allowed})"
    if field.type == "date" and value[:4].isdigit():
        return f"{value!r} is not a valid date{_expected('date')}"
    return f"{value!r} is not a valid {field.type}{_expected(field.type)}"


def cast(text: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed table (bad cells NA) and one problem per cell that does not parse. Dates
    are read in microseconds, which hold every year a Table Schema date can have."""
    typed, bad = cast_table(text, table, date_unit="us", categories=False)
    problems = [
        Problem(
            table.path,
            int(row),
            column,
            "type",
            _why(table, column, str(text.at[row, column])),
            table=table.name,
            stage="types",
        )
        for column, mask in bad.items()
        if mask.any()
        for row in mask[mask].index
    ]
    return typed, problems
