"""The type registry: one entry per Table Schema type that sco-data supports exactly.

Each entry holds everything the code base needs to know about a type: the pandas dtype
``load()`` gives it, how its cells are written back to CSV exactly as published and to JSON,
SQLite and DuckDB, its SQL column types, its Croissant (schema.org) data type per format, its
R readr column spec, and how the terminal table shows it. Consumers look a field's type up
with ``type_of`` and never branch on the type's name, so a new type is one entry here plus
tests (and, if no parser of ``sco_data._parse.PARSERS`` reads its text, a new parser there).

Column functions take and return pandas Series but pandas is only imported where a function
needs it, so that importing this module stays cheap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

Cells = Callable[[Any], Any]  # a pandas Series -> a Series (missing cells stay missing)


@dataclass(frozen=True)
class TypeSpec:
    """All sco-data knows about one Table Schema type. Every field is required: an entry
    that leaves one out does not construct. ``None`` is a deliberate value where allowed."""

    name: str
    # the parser in sco_data._parse.PARSERS that reads a CSV cell's text as this type
    parser: str
    # pandas dtype of the loaded column
    dtype: str
    # an enum of this type is a category in pandas, an ENUM type in DuckDB, a factor in R
    categorical: bool
    # how a typed column is written as the text of its CSV cells, exactly as published
    csv: Cells
    # the column as JSON-ready Python values (the JSON export and inline data)
    json: Cells
    # the column as values for SQLite's executemany
    sqlite_value: Cells
    # SQLite column type, and an extra CHECK it needs ({name} is the quoted column) or None
    sqlite: str
    sqlite_check: str | None
    # DuckDB column type (bounds are cast to it)
    duckdb: str
    # the Arrow type pyarrow is made to store (Parquet, DuckDB), None: as pandas converts it
    arrow: str | None
    # format -> Croissant/schema.org dataType, for the formats whose values sco-data checks
    # exactly ("default" always; any other format sends the resource to frictionless)
    formats: Mapping[str, str]
    # R readr column spec
    readr: str
    # terminal table: right-aligned (numbers), and whether it may be cut to fit (free text;
    # dates, numbers and codes never are)
    right_aligned: bool
    may_cut: bool
    # what a bad cell should have looked like, in the validation message, or None
    expected: str | None
    # the pandas.api.types test that makes a column of an untyped frame this type (for
    # ``sco-data members`` and other computed frames); None: never inferred, and string is
    # what any other column becomes
    from_dtype: str | None
    # its values are ordered (the bounds of the constraint table apply), or text (the
    # length and pattern constraints apply)
    ordered: bool
    textual: bool


def _text(column: Any) -> Any:
    return column.astype("object").map(str, na_action="ignore")


def _integer_text(column: Any) -> Any:
    return column.astype("object").map(lambda v: str(int(v)), na_action="ignore")


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


def _number_text(column: Any) -> Any:
    return column.astype("object").map(number_text, na_action="ignore")


def _boolean_text(column: Any) -> Any:
    return column.astype("object").map({True: "true", False: "false"}, na_action="ignore")


def _date_text(column: Any) -> Any:
    import pandas as pd

    return pd.to_datetime(column).dt.strftime("%Y-%m-%d").astype("object")


def _values(convert: Callable[[Any], Any]) -> Cells:
    def cells(column: Any) -> Any:
        return column.astype("object").map(convert, na_action="ignore")

    return cells


_TYPES = (
    TypeSpec(
        name="string",
        parser="text",
        dtype="string",
        categorical=True,
        csv=_text,
        json=_text,
        sqlite_value=_text,
        sqlite="TEXT",
        sqlite_check=None,
        duckdb="VARCHAR",
        arrow=None,
        formats={"default": "sc:Text", "uri": "sc:URL"},
        readr="col_character()",
        right_aligned=False,
        may_cut=True,
        expected=None,
        from_dtype=None,
        ordered=False,
        textual=True,
    ),
    TypeSpec(
        name="integer",
        parser="integer",
        dtype="Int64",
        categorical=False,
        csv=_integer_text,
        json=_values(int),
        sqlite_value=_values(int),
        sqlite="INTEGER",
        sqlite_check=None,
        duckdb="BIGINT",
        arrow=None,
        formats={"default": "sc:Integer"},
        readr="col_integer()",
        right_aligned=True,
        may_cut=False,
        expected=None,
        from_dtype="is_integer_dtype",
        ordered=True,
        textual=False,
    ),
    TypeSpec(
        name="year",
        parser="integer",
        dtype="Int64",
        categorical=False,
        csv=_integer_text,
        json=_values(int),
        sqlite_value=_values(int),
        sqlite="INTEGER",
        sqlite_check=None,
        duckdb="BIGINT",
        arrow=None,
        formats={"default": "sc:Integer"},
        readr="col_integer()",
        right_aligned=True,
        may_cut=False,
        expected="four digits",
        from_dtype=None,
        ordered=True,
        textual=False,
    ),
    TypeSpec(
        name="number",
        parser="number",
        dtype="Float64",
        categorical=False,
        csv=_number_text,
        json=_values(float),
        sqlite_value=_values(float),
        sqlite="REAL",
        sqlite_check=None,
        duckdb="DOUBLE",
        arrow=None,
        formats={"default": "sc:Float"},
        readr="col_double()",
        right_aligned=True,
        may_cut=False,
        expected=None,
        from_dtype="is_float_dtype",
        ordered=True,
        textual=False,
    ),
    TypeSpec(
        name="boolean",
        parser="boolean",
        dtype="boolean",
        categorical=False,
        csv=_boolean_text,
        json=_values(bool),
        sqlite_value=_values(int),
        sqlite="INTEGER",
        sqlite_check="{name} IN (0, 1)",
        duckdb="BOOLEAN",
        arrow=None,
        formats={"default": "sc:Boolean"},
        readr="col_logical()",
        right_aligned=False,
        may_cut=False,
        expected=None,
        from_dtype="is_bool_dtype",
        ordered=False,
        textual=False,
    ),
    TypeSpec(
        name="date",
        parser="date",
        dtype="datetime64[ns]",
        categorical=False,
        csv=_date_text,
        json=_date_text,
        sqlite_value=_date_text,
        sqlite="TEXT",
        sqlite_check=None,
        duckdb="DATE",
        arrow="date32",
        formats={"default": "sc:Date"},
        readr='col_date(format = "%Y-%m-%d")',
        right_aligned=False,
        may_cut=False,
        expected="YYYY-MM-DD",
        from_dtype="is_datetime64_any_dtype",
        ordered=True,
        textual=False,
    ),
)

TYPES: Mapping[str, TypeSpec] = MappingProxyType({t.name: t for t in _TYPES})


class UnsupportedType(ValueError):
    """A field's type is not in the registry (frictionless checks such a resource)."""


def type_of(name: str) -> TypeSpec:
    """The registry entry of the Table Schema type ``name``."""
    try:
        return TYPES[name]
    except KeyError:
        raise UnsupportedType(f"unsupported type {name!r}") from None


def type_for_dtype(dtype: Any) -> TypeSpec:
    """The type a column of an untyped frame is shown and written as, from its dtype."""
    import pandas.api.types as ptypes

    for spec in TYPES.values():
        if spec.from_dtype is not None and getattr(ptypes, spec.from_dtype)(dtype):
            return spec
    return TYPES["string"]
