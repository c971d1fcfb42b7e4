"""Stage 4: each cell parsed as its field's type; a cell that does not parse is one problem."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .._csvread import FIRST_LINE
from .._descriptor import Table
from .._parse import parse
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


def cast(text: pa.Table, table: Table) -> tuple[pa.Table, list[Problem]]:
    """The typed table (bad cells null) and one problem per cell that does not parse."""
    columns = []
    problems = []
    for column in text.column_names:
        typed, bad = parse(text[column], table.field(column))
        columns.append(typed)
        problems += [
            Problem(
                table.path,
                int(row) + FIRST_LINE,
                column,
                "type",
                _why(table, column, text[column][int(row)].as_py()),
                table=table.name,
                stage="types",
            )
            for row in np.flatnonzero(bad)
        ]
    return pa.table(columns, names=text.column_names), problems
