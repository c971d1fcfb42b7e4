"""Turn the text of a CSV column into the pandas dtype its Table Schema field implies.

Parsing is strict, as the Table Schema specification is: ``43.0`` is not an integer and
``2017/06/09`` is not a date. Cells that do not parse are reported, never silently coerced,
and only the schema's declared ``missingValues`` count as missing. What this module parses
is exactly what frictionless accepts or stricter; fields using options it does not parse
(see sco_data._validation._support) are validated by frictionless instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ._csvread import read_strict
from ._descriptor import Field, Table
from ._tableschema.types import UnsupportedType, type_of

_INTEGER = r"[+-]?[0-9]+"
_YEAR = r"[0-9]{4}"
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|NaN|INF|-INF"
NAN = r"[+-]?[nN][aA][nN]"  # what Arrow and Decimal read as not-a-number
# frictionless's uri format (rfc3986 with a required scheme) accepts exactly the strings
# that start with a scheme and a colon.
URI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_INT64 = (-(2**63), 2**63 - 1)


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
    typed column so that later checks see them as absent rather than as a wrong value.
    Dates are ``datetime64[ns]`` unless ``date_unit`` says otherwise: validation reads them
    in microseconds, which hold every year from 1 to 9999, while ``load()`` keeps the
    nanoseconds it has always promised (and reports a date beyond 2262 as one it cannot hold).
    Enum strings become categories unless ``categories`` is false (validation compares the
    text, and a category costs more to build than the checks it would serve).
    """
    try:
        parse = PARSERS[type_of(field.type).parser]
    except UnsupportedType:
        raise ValueError(f"field {field.name!r} has unsupported type {field.type!r}") from None
    typed, ok = parse(text, field, date_unit, categories)
    return typed, text.notna() & ~ok


# Each parser reads a column of text (missing cells NA) as its field's type and returns the
# typed column (NA where the text is not a value) and where the text is a valid value (what
# it says of a missing cell does not matter). The type registry names each type's parser.
Parsed = tuple[pd.Series, pd.Series]


def _parse_text(text: pd.Series, field: Field, date_unit: str, categories: bool) -> Parsed:
    typed = text if text.dtype == "string" else text.astype("string")
    if field.enum is not None and categories:
        typed = _as_category(typed, field.enum)
    if field.format == "uri":
        matched = text.str.match(URI.pattern).astype("boolean")  # NA where text is missing
        return typed, matched.fillna(True).astype(bool)
    return typed, pd.Series(True, index=text.index)


def _parse_integer(text: pd.Series, field: Field, date_unit: str, categories: bool) -> Parsed:
    year = field.type == "year"
    fast = _whole_integers(text, year)
    if fast is not None:  # every cell parsed at once: nothing to report
        return fast, pd.Series(True, index=text.index)
    ok = text.str.fullmatch(_YEAR if year else _INTEGER).fillna(False).astype(bool)
    # Beyond 64 bits Int64 would wrap: such cells are reported instead. Positions, not
    # labels, so that no pandas version aligns (or upcasts) the mask on assignment.
    flags = ok.to_numpy(dtype=bool, copy=True)
    for i in np.flatnonzero(flags & (text.str.len() > 18).fillna(False).to_numpy(dtype=bool)):
        flags[i] = _INT64[0] <= int(text.iat[i]) <= _INT64[1]
    ok = pd.Series(flags, index=text.index)
    return _numbers(text.where(ok), "Int64"), ok


def _parse_number(text: pd.Series, field: Field, date_unit: str, categories: bool) -> Parsed:
    fast = _whole_numbers(text)
    if fast is not None:
        return fast, pd.Series(True, index=text.index)
    ok = text.str.fullmatch(_NUMBER).fillna(False).astype(bool)
    return _numbers(text.where(ok), "Float64"), ok


def _parse_boolean(text: pd.Series, field: Field, date_unit: str, categories: bool) -> Parsed:
    true, false = field.true_values, field.false_values
    ok = text.isin(true + false)
    typed = text.map(lambda v: v in true, na_action="ignore").where(ok).astype("boolean")
    return typed, ok


def _parse_date(text: pd.Series, field: Field, date_unit: str, categories: bool) -> Parsed:
    return _dates(text, date_unit)


PARSERS: dict[str, Callable[[pd.Series, Field, str, bool], Parsed]] = {
    "text": _parse_text,
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_boolean,
    "date": _parse_date,
}


def _whole_integers(text: pd.Series, year: bool) -> pd.Series | None:
    """The column as Int64 when every present cell is a plain integer (a year: four digits),
    else None. One Arrow cast instead of a regular expression per cell: Arrow parses exactly
    ``[+-]?[0-9]+`` within 64 bits and fails on anything else, and a year's four characters
    must then all be digits."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        array = pa.array(text.array, type=pa.large_string(), from_pandas=True)
        if year:  # four ASCII digits: cheaper as two kernels than as a regular expression
            digits = pc.and_(pc.ascii_is_decimal(array), pc.equal(pc.utf8_length(array), 4))
            if not pc.all(pc.or_kleene(digits, pc.is_null(array))).as_py():
                return None
        numbers = pc.cast(array, pa.int64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None
    return pd.Series(pd.array(numbers, dtype="Int64"), index=text.index)


def _whole_numbers(text: pd.Series) -> pd.Series | None:
    """The column as Float64 when Arrow parses every present cell as a number, else None.
    What Arrow parses (digits with an optional sign, point and exponent; nan, inf and
    infinity in any case) Python's Decimal, which frictionless uses, parses too."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        numbers = pc.cast(
            pa.array(text.array, type=pa.large_string(), from_pandas=True), pa.float64()
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None
    return pd.Series(pd.array(numbers, dtype="Float64"), index=text.index)


# The days a datetime64[ns] column can hold; load() reports a date outside them.
_NS_DAYS = ("1677-09-22", "2262-04-11")


def _dates(text: pd.Series, unit: str) -> tuple[pd.Series, pd.Series]:
    """(the column as datetime64[unit], where its text is a valid date). A date is valid
    when Arrow parses it and writes it back as the same ten characters: that one test
    refuses 2019-02-29 (which the parser rolls over to 1 March), 2020-1-5 and stray spaces.
    Year 0000 is no year of the calendar Table Schema dates use. Microseconds hold every
    year from 1 to 9999; nanoseconds only the days of _NS_DAYS."""
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(text.array, type=pa.large_string(), from_pandas=True)
    parsed = pc.strptime(array, format="%Y-%m-%d", unit="s", error_is_null=True)
    ok = pc.and_(
        pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), array),
        pc.invert(pc.starts_with(array, "0000")),
    )
    if unit == "ns":
        low, high = (pa.scalar(pd.Timestamp(day), pa.timestamp("s")) for day in _NS_DAYS)
        ok = pc.and_(ok, pc.and_(pc.greater_equal(parsed, low), pc.less_equal(parsed, high)))
    ok = pc.fill_null(ok, False)
    days = pc.if_else(ok, parsed, pa.scalar(None, parsed.type)).cast(pa.timestamp(unit))
    typed = pd.Series(days.to_numpy(zero_copy_only=False), index=text.index)
    valid = pd.Series(ok.to_numpy(zero_copy_only=False), index=text.index)
    return typed.astype(f"datetime64[{unit}]"), valid


def _numbers(text: pd.Series, dtype: str) -> pd.Series:
    """Convert already-validated numeric text. A direct cast is vectorised in Arrow and some
    ten times faster than pd.to_numeric; spellings it does not know (INF, NaN) fall back."""
    try:
        return text.astype(dtype)
    except (ValueError, TypeError, ArithmeticError):
        return pd.to_numeric(text, errors="coerce").astype(dtype)
    except Exception:  # pyarrow's ArrowInvalid on a spelling it does not parse
        return pd.to_numeric(text, errors="coerce").astype(dtype)


def _as_category(values: pd.Series, enum: list[str]) -> pd.Series:
    """Categories in enum order; values outside the enum are kept (as extra categories) so
    that the enum check can report them instead of their vanishing as NA."""
    extra = sorted(set(values.dropna()) - set(enum))
    return values.astype(pd.CategoricalDtype(categories=list(enum) + extra))


def read_text(path: str, table: Table) -> pd.DataFrame:
    """Read a CSV as text, exactly: no type guessing, only declared missing values are NA.

    The index is the CSV row number (the header is row 1), which is what reports cite.
    Raises csvread.StructureError when rows are ragged or blank.
    """
    return read_strict(Path(path), table.missing_values)


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
