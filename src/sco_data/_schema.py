"""Turn a Table Schema into a pandera DataFrameSchema, for pipelines that use pandera.

pandera ships a frictionless bridge, but it reads dates as strings and pins an old
frictionless, so this module is our own bridge. Each Table Schema constraint becomes one
pandera check named as the constraint, running the same vectorised test as
``sco-data validate`` (the constraint table in sco_data._validation._constraints), so the
two cannot disagree; the rules of rules.py come as frame-level checks. Validation itself
runs those tests directly: pandera's per-check overhead is too high for a fast validator.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pandera.pandas as pa
import pyarrow

from ._cast import dtype_of
from ._descriptor import Field, Table
from ._rules import as_column
from ._tableschema.constraints import KINDS
from ._validation._constraints import CONSTRAINTS


def field_checks(field: Field) -> list[pa.Check]:
    """One pandera check per constraint of ``field``; the flags (required, unique) are the
    column's nullable and unique instead."""
    checks = []
    for kind, value in field.constraints.items():
        if kind not in CONSTRAINTS or KINDS[kind].flag:
            continue
        test = CONSTRAINTS[kind]

        def passes(s: pd.Series, test=test, value=value) -> pd.Series:
            text = (s.dt.strftime("%Y-%m-%d") if field.type == "date" else s).astype("string")
            typed = as_column(pyarrow.array(s, from_pandas=True))
            failing = test(pyarrow.array(text, from_pandas=True), typed, field, value)
            return pd.Series(~failing, index=s.index)

        checks.append(pa.Check(passes, name=kind))
    return checks


def column(field: Field) -> pa.Column:
    """The pandera column for one field: dtype, required, unique and value checks."""
    return pa.Column(
        dtype_of(field),
        checks=field_checks(field),
        nullable=not field.required,
        unique=bool(field.constraints.get("unique", False)),
        required=True,
        title=field.title,
        description=field.description,
    )


def pandera_schema(
    table: Table,
    frames: Mapping[str, pd.DataFrame] | None = None,
) -> pa.DataFrameSchema:
    """The pandera schema of ``table`` as ``sco_data.load`` types it; with ``frames`` (the
    other tables by name) it carries the rules of rules.py whose tables are given."""
    from . import _rules as rules

    return pa.DataFrameSchema(
        {f.name: column(f) for f in table.fields},
        checks=rules.checks_for(table.name, frames or {}),
        unique=table.primary_key or None,
        report_duplicates="exclude_first",
        strict=True,
        ordered=True,
        name=table.name,
        title=table.title,
        description=table.description,
    )
