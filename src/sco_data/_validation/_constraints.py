"""Stages 5 and 6: the constraints of each field, then unique, primary and foreign keys.

Each Table Schema constraint is one vectorised test over a whole Arrow column
(``CONSTRAINTS``), with frictionless's semantics: a missing cell passes every constraint but
``required``, a cell that failed its type is not checked again, ``pattern`` must match the
whole value, a number ``NaN`` fails every bound, and bounds on numbers are compared exactly (a
float tie is settled with Decimal, as frictionless reads numbers). Key errors name the missing
value and repeated ones are grouped by value, so one deleted row gives one line per
referencing table. Rows are positions (row 0 is the CSV's line FIRST_LINE); pandas is never
imported.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .._arrays import among, encode, fixed, mask, string, strings, truth, valid, valid_in_any
from .._csvread import FIRST_LINE
from .._descriptor import Field, ForeignKey, Table
from .._parse import INT64, INTEGER, Text, parse
from .._tableschema.constraints import KINDS, Constraint
from ._report import Problem

Test = Callable[[Text, Text, Field, Any], np.ndarray]  # (text, typed) -> failing rows


class BadConstraint(ValueError):
    """A constraint's own value does not fit its field (a descriptor problem)."""


def _bound(field: Field, value: Any) -> Any:
    """A bound read as the field's type, as frictionless reads it (a date as its day number,
    which is how its column is compared)."""
    if isinstance(value, bool):
        raise BadConstraint(f"{value!r} is not a {field.type}")
    if field.type == "date":
        days, bad = parse(strings([str(value)]), field)
        if bad.any():
            raise BadConstraint(f"{value!r} is not a date")
        return int(fixed(days.cast(pa.int32()))[0][0])
    if field.type in ("integer", "year"):
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(INTEGER, value.strip()):
            return int(value)
        raise BadConstraint(f"{value!r} is not an integer")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise BadConstraint(f"{value!r} is not a number") from None


# The comparisons the constraint table names: on a numpy column, and on a Decimal (a tie of
# floats settled exactly).
_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}


def _numbers(typed: Text) -> tuple[np.ndarray, np.ndarray]:
    """(values, present) of an integer, number or date column (a date as its day number)."""
    if pa.types.is_date32(typed.type):
        typed = typed.cast(pa.int32())
    return fixed(typed)


def _bound_test(name: str) -> Test:
    ok = _OPERATORS[KINDS[name].operator or ""]

    def test(text: Text, typed: Text, field: Field, value: Any) -> np.ndarray:
        bound = _bound(field, value)
        values, present = _numbers(typed)
        if isinstance(bound, int) and not INT64[0] <= bound <= INT64[1]:
            # every 64-bit integer lies on the same side of such a bound
            return present & (not ok(INT64[1] if bound > 0 else INT64[0], bound))
        if field.type != "number":
            return present & ~ok(values, bound)
        as_float = float(bound)
        passed = ok(values, as_float)  # NaN compares false: it fails every bound
        for i in np.flatnonzero(present & (values == as_float)):
            passed[i] = ok(Decimal(text[int(i)].as_py()), bound)
        return present & ~passed

    return test


def _required(text, typed, field, value):
    if value is not True:
        return np.zeros(len(text), dtype=bool)
    return ~valid(text)


def _pattern(text, typed, field, value):
    try:
        compiled = re.compile(value)  # Python's re, as frictionless matches patterns
    except (re.error, TypeError) as error:
        raise BadConstraint(f"it is not a regular expression ({error})") from None
    return among(text, lambda v: compiled.fullmatch(v) is None)


def _length(shorter: bool) -> Test:
    def test(text, typed, field, value):
        return among(text, lambda v: len(v) < value if shorter else len(v) > value)

    return test


def _enum(text, typed, field, value):
    if field.type == "string":
        allowed = {v for v in value if isinstance(v, str)}  # a text cell equals only text
        return among(text, lambda v: v not in allowed)
    members = [v if isinstance(v, str) else _json_text(v) for v in value]
    cast, _ = parse(strings(members), field)
    allowed = pc.drop_null(cast)
    return valid(typed) & ~truth(pc.is_in(typed, value_set=allowed))


def _json_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _unique(text, typed, field, value):
    if value is not True:
        return np.zeros(len(text), dtype=bool)
    return _repeats(encode(typed)[0]) & valid(typed)


# The validator's tests, by the name the constraint table (sco_data._tableschema.constraints,
# which also gives each kind's comparison and message) gives each kind's test: a kind that
# compares ("bound", "length") gets its test made with the kind's comparison.
TESTS: dict[str, Callable[[Constraint], Test]] = {
    "required": lambda kind: _required,
    "unique": lambda kind: _unique,
    "enum": lambda kind: _enum,
    "pattern": lambda kind: _pattern,
    "length": lambda kind: _length(shorter=kind.operator == ">="),
    "bound": lambda kind: _bound_test(kind.name),
}

# Every Table Schema constraint kind and its vectorised test.
CONSTRAINTS: dict[str, Test] = {name: TESTS[kind.test](kind) for name, kind in KINDS.items()}


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        return repr(value.isoformat())
    return repr(value)


def _message(kind: str, field: Field, value: Any, cell: Any) -> str:
    """The report's words for a broken cell, from the constraint table's message."""
    values = ", ".join(map(str, value)) if isinstance(value, list | tuple) else value
    return KINDS[kind].message.format(cell=_shown(cell), value=value, values=values, kind=kind)


def field_problems(table: Table, text: pa.Table, typed: pa.Table) -> list[Problem]:
    """Every constraint of every field, each broken cell one problem (grouped later)."""
    problems = []
    for field in table.fields:
        for kind, value in field.constraints.items():
            test = CONSTRAINTS.get(kind)
            if test is None:
                continue  # an unknown constraint sends the resource to frictionless
            try:
                failing = test(text[field.name], typed[field.name], field, value)
            except BadConstraint as error:
                problems.append(
                    Problem(
                        table.path,
                        None,
                        field.name,
                        kind,
                        f"the constraint {kind} = {value!r} cannot be applied: {error}",
                        table=table.name,
                        stage="descriptor",
                    )
                )
                continue
            stage = "keys" if kind == "unique" else "constraints"
            cells = typed[field.name] if kind == "unique" else text[field.name]
            for row in np.flatnonzero(failing):
                problems.append(
                    Problem(
                        table.path,
                        int(row) + FIRST_LINE,
                        field.name,
                        kind,
                        _message(kind, field, value, cells[int(row)].as_py()),
                        table=table.name,
                        stage=stage,
                    )
                )
    return problems


def _repeats(codes: np.ndarray) -> np.ndarray:
    """Where a row's code appears in an earlier row. A stable sort keeps equal codes in row
    order, so every row of a run but the first repeats an earlier one. (Sorting a million
    integers is several times quicker than hashing them.)"""
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    repeated = np.zeros(len(codes), dtype=bool)
    repeated[order[1:]] = ordered[1:] == ordered[:-1]
    return repeated


def _key_codes(columns: list[Text]) -> np.ndarray:
    """One code per row for a key of several columns: each column numbered, the numbers
    combined into one integer, which compares far faster than a row of mixed values. The
    combined codes are renumbered whenever another column would overflow 64 bits."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    room = 1
    for column in columns:
        codes, _ = encode(column)
        size = int(codes.max()) + 1 if len(codes) else 1
        if room * size >= 2**62:
            _, combined = np.unique(combined, return_inverse=True)
            room = int(combined.max()) + 1
        combined = combined * size + codes
        room *= size
    return combined


def _row(columns: list[Text], row: int) -> list[Any]:
    return [column[row].as_py() for column in columns]


def primary_key_problems(table: Table, typed: pa.Table) -> list[Problem]:
    if not table.primary_key or not set(table.primary_key) <= set(typed.column_names):
        return []
    keys = [typed[name] for name in table.primary_key]
    empty = ~valid_in_any(keys)
    codes = encode(keys[0])[0] if len(keys) == 1 else _key_codes(keys)
    repeated = _repeats(codes) & ~empty
    if not empty.any() and not repeated.any():
        return []
    columns = ", ".join(table.primary_key)
    problems = []
    for row in np.flatnonzero(empty):
        problems.append(
            Problem(
                table.path,
                int(row) + FIRST_LINE,
                columns,
                "primaryKey",
                f"has an empty primary key ({columns})",
                table=table.name,
                stage="keys",
            )
        )
    for row in np.flatnonzero(repeated):
        value = ", ".join(_shown(v).strip("'") for v in _row(keys, int(row)))
        problems.append(
            Problem(
                table.path,
                int(row) + FIRST_LINE,
                columns,
                "primaryKey",
                f"repeats the primary key ({columns}) = ({value}) of an earlier row",
                table=table.name,
                stage="keys",
            )
        )
    return problems


def _as_keys(columns: list[Text]) -> Text:
    """Each row's key as one string: fields joined by a separator no CSV text holds, so that
    a missing cell differs from any value and composite keys compare whole."""
    missing = string("\x00<missing>")
    parts = [pc.fill_null(pc.cast(c, pa.large_string()), missing) for c in columns]
    return pc.binary_join_element_wise(*parts, string("\x1f"))


def _absent(values: Text, wanted: Text) -> np.ndarray:
    """Where a present value of ``values`` is not among ``wanted``, each distinct value
    looked up once. Values of different types are compared as Python compares them."""
    distinct = pc.drop_null(pc.unique(values))
    if distinct.type == wanted.type or {distinct.type, wanted.type} <= {
        pa.string(),
        pa.large_string(),
    }:
        found = pc.is_in(distinct, value_set=pc.cast(pc.unique(wanted), distinct.type))
        absent = pc.filter(distinct, pc.invert(found))
    else:
        known = set(wanted.to_pylist())
        absent = pc.filter(distinct, mask(np.array([v not in known for v in distinct.to_pylist()])))
    if len(absent) == 0:
        return np.zeros(len(values), dtype=bool)
    return truth(pc.is_in(values, value_set=absent))


def foreign_key_problems(
    table: Table, typed: pa.Table, fk: ForeignKey, target: Table, target_typed: pa.Table
) -> list[Problem]:
    """Rows whose key is not in ``target``: skipped only when every key cell is missing, as
    frictionless does; compared on typed values."""
    keys = [typed[name] for name in fk.fields]
    if len(keys) == 1:  # the common case: one column, compared as it is typed
        missing = _absent(keys[0], target_typed[fk.reference_fields[0]])
    else:
        wanted = [target_typed[name] for name in fk.reference_fields]
        wanted_keys = pc.filter(_as_keys(wanted), mask(valid_in_any(wanted)))
        missing = valid_in_any(keys) & _absent(_as_keys(keys), wanted_keys)
    if not missing.any():
        return []
    problems = []
    fields = ", ".join(fk.fields)
    for row in np.flatnonzero(missing):
        value = ", ".join(
            "(empty)" if v is None else _shown(v).strip("'") for v in _row(keys, int(row))
        )
        problems.append(
            Problem(
                table.path,
                int(row) + FIRST_LINE,
                fk.fields[0] if len(fk.fields) == 1 else fields,
                f"foreignKey:{'+'.join(fk.fields)}",
                f"{fields} {value!r} is not in {target.path} ({', '.join(fk.reference_fields)})",
                table=table.name,
                stage="keys",
            )
        )
    return problems
