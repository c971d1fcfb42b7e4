"""The pandas side of parsing: the dtype ``load()`` gives each field, and typed frames.

Text is parsed in pyarrow (sco_data._parse, which validation uses without pandas); this
module converts what it returns to the dtypes ``load()`` promises: ``Int64``, ``Float64``,
``boolean``, ``string``, ``datetime64[ns]`` and categories for enums.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import truth, where
from ._csvread import read_arrow
from ._descriptor import Field, Table
from ._parse import parse
from ._tableschema.types import UnsupportedType, type_of


def dtype_of(field: Field) -> str | pd.CategoricalDtype:
    """The dtype ``load()`` gives a field: its type's dtype (from the type registry), or a
    category for an enum."""
    try:
        spec = type_of(field.type)
    except UnsupportedType:
        raise ValueError(f"field {field.name!r} has unsupported type {field.type!r}") from None
    if field.enum is not None and spec.categorical:
        return pd.CategoricalDtype(categories=field.enum)
    return spec.dtype


def cast_column(text: pa.Array | pa.ChunkedArray, field: Field) -> tuple[pd.Series, np.ndarray]:
    """(the column of text, missing cells null, as the pandas dtype ``load()`` gives ``field``;
    where its text is not a valid value). An invalid cell is missing in the typed column, and
    so is a date that ``datetime64[ns]`` cannot hold, which counts as invalid."""
    typed, bad = parse(text, field)
    if pa.types.is_date32(typed.type):
        low, high = (pa.scalar(dt.date.fromisoformat(day), pa.date32()) for day in _NS_DAYS)
        outside = truth(pc.or_(pc.less(typed, low), pc.greater(typed, high)))
        stamps = where(~outside, typed).cast(pa.timestamp("ns"))
        return stamps.to_pandas(), bad | outside
    spec = type_of(field.type)  # parse() has refused a type the registry lacks
    values = pd.Series(pd.api.types.pandas_dtype(spec.dtype).__from_arrow__(typed))
    if field.enum is not None and spec.categorical:
        values = _as_category(values, field.enum)
    return values, bad


# The days a datetime64[ns] column can hold; load() reports a date outside them.
_NS_DAYS = ("1677-09-22", "2262-04-11")


def _as_category(values: pd.Series, enum: list[str]) -> pd.Series:
    """Categories in enum order; values outside the enum are kept (as extra categories) so
    that the enum check can report them instead of their vanishing as NA."""
    extra = sorted(set(values.dropna()) - set(enum))
    return values.astype(pd.CategoricalDtype(categories=list(enum) + extra))


def cast_table(text: pa.Table, table: Table) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Every schema field of ``text`` (a table of text, as sco_data._csvread reads it) as
    ``load()`` types it, indexed from 0, and per column where a cell's text is not a valid
    value."""
    typed: dict[str, pd.Series] = {}
    bad: dict[str, np.ndarray] = {}
    for field in table.fields:
        if field.name in text.column_names:
            typed[field.name], bad[field.name] = cast_column(text[field.name], field)
    return pd.DataFrame(typed, index=pd.RangeIndex(text.num_rows)), bad


def read_typed(path: Path, table: Table) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The CSV at ``path`` as ``cast_table`` types it. Raises csvread.StructureError when the
    file is not a table (ragged or blank rows, a bad header)."""
    return cast_table(read_arrow(path, table.missing_values), table)
