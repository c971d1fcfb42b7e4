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

from ._arrays import truth
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


def cast_column(
    text: pd.Series, field: Field, date_unit: str = "ns", categories: bool = True
) -> tuple[pd.Series, pd.Series]:
    """Return the typed column and a mask of the cells whose text is not a valid value.

    ``text`` holds strings with missing cells already NA. Invalid cells become NA in the
    typed column. Dates are ``datetime64[ns]`` unless ``date_unit`` says otherwise (a date
    that unit cannot hold is reported as invalid). Enum strings become categories unless
    ``categories`` is false.
    """
    array = pa.array(text.array, type=pa.large_string(), from_pandas=True)
    typed, bad = _column(array, field, date_unit, categories)
    return pd.Series(typed, index=text.index), pd.Series(bad, index=text.index)


# The days a datetime64[ns] column can hold; load() reports a date outside them.
_NS_DAYS = ("1677-09-22", "2262-04-11")


def _column(
    text: pa.Array | pa.ChunkedArray, field: Field, date_unit: str, categories: bool
) -> tuple[pd.api.extensions.ExtensionArray | np.ndarray, np.ndarray]:
    """(the column as its pandas dtype, where its text is not a valid value)."""
    typed, bad = parse(text, field)
    if isinstance(typed, pa.ChunkedArray):
        typed = typed.combine_chunks()
    if pa.types.is_date32(typed.type):
        if date_unit == "ns":  # nanoseconds hold only the days of _NS_DAYS
            low, high = (pa.scalar(dt.date.fromisoformat(day), pa.date32()) for day in _NS_DAYS)
            outside = truth(pc.or_(pc.less(typed, low), pc.greater(typed, high)))
            if outside.any():
                bad = bad | outside
                typed = pc.if_else(pa.array(outside), pa.scalar(None, typed.type), typed)
        stamps = typed.cast(pa.timestamp(date_unit))
        return np.asarray(stamps.to_numpy(zero_copy_only=False), f"datetime64[{date_unit}]"), bad
    try:
        dtype = pd.api.types.pandas_dtype(type_of(field.type).dtype)
    except UnsupportedType:
        raise ValueError(f"field {field.name!r} has unsupported type {field.type!r}") from None
    values = dtype.__from_arrow__(typed)
    if field.enum is not None and categories and type_of(field.type).categorical:
        values = _as_category(pd.Series(values), field.enum).array
    return values, bad


def _as_category(values: pd.Series, enum: list[str]) -> pd.Series:
    """Categories in enum order; values outside the enum are kept (as extra categories) so
    that the enum check can report them instead of their vanishing as NA."""
    extra = sorted(set(values.dropna()) - set(enum))
    return values.astype(pd.CategoricalDtype(categories=list(enum) + extra))


def cast_table(
    text: pd.DataFrame, table: Table, date_unit: str = "ns", categories: bool = True
) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Cast every schema field of ``text``; return the typed frame and per-column bad-cell masks."""
    typed: dict[str, pd.Series] = {}
    bad: dict[str, pd.Series] = {}
    for field in table.fields:
        if field.name not in text.columns:
            continue
        typed[field.name], bad[field.name] = cast_column(
            text[field.name], field, date_unit, categories
        )
    return pd.DataFrame(typed, index=text.index), bad


def read_typed(path: Path, table: Table) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The CSV at ``path`` as ``load()`` types it, indexed from 0, and per column where a
    cell's text is not a valid value. Raises csvread.StructureError like ``read_text``."""
    text = read_arrow(path, table.missing_values)
    typed: dict[str, object] = {}
    bad: dict[str, np.ndarray] = {}
    for field in table.fields:
        if field.name in text.column_names:
            typed[field.name], bad[field.name] = _column(text[field.name], field, "ns", True)
    return pd.DataFrame(typed, index=pd.RangeIndex(text.num_rows)), bad
