"""Parse the text of a CSV column as its Table Schema type, in pyarrow.

Parsing is strict, as the Table Schema specification is: ``43.0`` is not an integer and
``2017/06/09`` is not a date. A cell that does not parse is reported, never silently coerced,
and only the schema's declared ``missingValues`` are missing (null in the text). What this
module accepts is exactly what frictionless accepts or stricter; fields using options it does
not parse (see sco_data._validation._support) are validated by frictionless instead.

Validation works on the Arrow arrays this module returns, without pandas (see
sco_data._arrays, through which every value here moves); ``load()`` converts them to pandas
dtypes (sco_data._cast).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import among, fixed, floats, mask, truth, valid, where
from ._descriptor import Field
from ._tableschema.types import UnsupportedType, type_of

Text = pa.Array | pa.ChunkedArray  # a column of text: large_string, missing cells null

INTEGER = r"[+-]?[0-9]+"
YEAR = r"[0-9]{4}"
NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|NaN|INF|-INF"
# frictionless's uri format (rfc3986 with a required scheme) accepts exactly the strings
# that start with a scheme and a colon.
URI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
INT64 = (-(2**63), 2**63 - 1)

# (the typed column, where the text is present but not a valid value). The typed column is
# null where the text is missing or invalid, so that later checks see a bad cell as absent
# rather than as a wrong value. Types: int64 (integer, year), float64 (number), bool,
# date32, and the text itself (string).
Parsed = tuple[Text, np.ndarray]


def parse(text: Text, field: Field) -> Parsed:
    """The column ``text`` read as ``field``'s type (the type registry names the parser)."""
    try:
        parser = PARSERS[type_of(field.type).parser]
    except UnsupportedType:
        raise ValueError(f"field {field.name!r} has unsupported type {field.type!r}") from None
    return parser(text, field)


def _fully(pattern: str) -> str:
    """A regular expression (RE2, as Arrow matches) that must match the whole cell, as
    Python's ``re.fullmatch`` does: RE2's ``$`` is the end of the text, never a newline."""
    return f"^(?:{pattern})$"


def _matches(text: Text, pattern: str) -> np.ndarray:
    """Where the whole cell matches ``pattern`` (a missing cell never does)."""
    return truth(pc.match_substring_regex(text, _fully(pattern)))


def _none_bad(text: Text) -> np.ndarray:
    return np.zeros(len(text), dtype=bool)


def _parse_text(text: Text, field: Field) -> Parsed:
    if field.format == "uri":
        starts = truth(pc.match_substring_regex(text, "^" + URI.pattern))
        return text, valid(text) & ~starts
    return text, _none_bad(text)


def _parse_integer(text: Text, field: Field) -> Parsed:
    year = field.type == "year"
    try:  # the common case, every cell a plain integer: one Arrow cast, no regex per cell
        if year and not pc.all(pc.match_substring_regex(text, _fully(YEAR))).as_py():
            raise pa.ArrowInvalid("not every cell is a year")  # (a missing cell is skipped)
        # Arrow parses exactly [+-]?[0-9]+ within 64 bits and fails on anything else.
        return pc.cast(text, pa.int64()), _none_bad(text)
    except pa.ArrowInvalid:
        pass
    ok = _matches(text, YEAR if year else INTEGER)
    # Beyond 64 bits an integer cannot be held: such cells are reported instead.
    lengths, _ = fixed(pc.utf8_length(text))
    for i in np.flatnonzero(ok & (lengths > 18)):
        ok[i] = INT64[0] <= int(text[int(i)].as_py()) <= INT64[1]
    # Arrow does not read a leading plus sign, which the Table Schema allows.
    unsigned = pc.utf8_ltrim(where(ok, text), characters="+")
    return pc.cast(unsigned, pa.int64()), valid(text) & ~ok


def _parse_number(text: Text, field: Field) -> Parsed:
    try:  # what Arrow parses (digits with an optional sign, point and exponent; nan, inf and
        # infinity in any case), Python's Decimal, which frictionless uses, parses too
        return pc.cast(text, pa.float64()), _none_bad(text)
    except pa.ArrowInvalid:
        pass
    ok = _matches(text, NUMBER)
    # What Arrow does not read (a leading plus sign, INF) is read by Python, once per
    # distinct spelling, and matched back to the rows.
    numbers = where(ok, text)
    spelled = pc.unique(numbers)
    values = floats([None if v is None else float(v) for v in spelled.to_pylist()])
    return pc.take(values, pc.index_in(numbers, value_set=spelled)), valid(text) & ~ok


def _parse_boolean(text: Text, field: Field) -> Parsed:
    true, false = set(field.true_values), set(field.false_values)
    ok = among(text, lambda v: v in true or v in false)
    value = among(text, lambda v: v in true)
    return where(ok, mask(value)), valid(text) & ~ok


def _parse_date(text: Text, field: Field) -> Parsed:
    """A date is valid when Arrow parses it and writes it back as the same ten characters:
    that one test refuses 2019-02-29 (which the parser rolls over to 1 March), 2020-1-5 and
    stray spaces. Year 0000 is no year of the calendar Table Schema dates use."""
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    same = truth(pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), text))
    ok = same & ~truth(pc.starts_with(text, "0000"))
    return where(ok, parsed).cast(pa.date32()), valid(text) & ~ok


# Each parser reads a column of text (missing cells null) as its field's type. The type
# registry (sco_data._tableschema.types) names each type's parser.
PARSERS: dict[str, Callable[[Text, Field], Parsed]] = {
    "text": _parse_text,
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_boolean,
    "date": _parse_date,
}
