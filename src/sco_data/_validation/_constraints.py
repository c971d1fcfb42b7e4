"""Stages 5 and 6: the constraints of each field, then unique, primary and foreign keys.

Each Table Schema constraint is one vectorised test over a whole column (``CONSTRAINTS``),
with frictionless's semantics: a missing cell passes every constraint but ``required``, a
cell that failed its type is not checked again, ``pattern`` must match the whole value, a
number ``NaN`` fails every bound, and bounds on numbers are compared exactly (a float tie is
settled with Decimal, as frictionless reads numbers). Key errors name the missing value and
repeated ones are grouped by value, so one deleted row gives one line per referencing table.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

from .._cast import NAN, cast_column
from .._descriptor import Field, ForeignKey, Table
from .._tableschema.constraints import KINDS, Constraint
from ._report import Problem

Test = Callable[[pd.Series, pd.Series, Field, Any], pd.Series]  # (text, typed) -> failing


class BadConstraint(ValueError):
    """A constraint's own value does not fit its field (a descriptor problem)."""


def _bound(field: Field, value: Any) -> Any:
    """A bound read as the field's type, as frictionless reads it."""
    if isinstance(value, bool):
        raise BadConstraint(f"{value!r} is not a {field.type}")
    if field.type == "date":
        try:
            return pd.Timestamp(str(value)).as_unit("us")
        except ValueError:
            raise BadConstraint(f"{value!r} is not a date") from None
    if field.type in ("integer", "year"):
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]+", value.strip()):
            return int(value)
        raise BadConstraint(f"{value!r} is not an integer")
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise BadConstraint(f"{value!r} is not a number") from None


# The comparisons the constraint table names, as Python (and pandas) operators.
_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}


def _compare(name: str) -> Callable[[Any, Any], Any]:
    return _OPERATORS[KINDS[name].operator or ""]


def _bound_test(name: str) -> Test:
    def test(text: pd.Series, typed: pd.Series, field: Field, value: Any) -> pd.Series:
        bound = _bound(field, value)
        ok = _compare(name)
        if field.type == "number":
            as_float = float(bound)
            passed = ok(typed, as_float).fillna(True).astype(bool)
            tie = typed == as_float  # float equal: settle exactly, as Decimals
            tie = tie.fillna(False).astype(bool)
            if tie.any():
                passed[tie] = [bool(ok(Decimal(t), bound)) for t in text[tie]]
            return (~passed & typed.notna()) | _spelled_nan(text, typed)
        return ~ok(typed, bound).fillna(True).astype(bool) & typed.notna()

    return test


def _spelled_nan(text: pd.Series, typed: pd.Series) -> pd.Series:
    """Cells whose text is a NaN spelling. Only a cell that is missing or NaN once typed can
    be one, so the regular expression runs on those few cells rather than on every row."""
    as_float = typed.to_numpy(dtype="float64", na_value=0.0)
    maybe = text.notna().to_numpy(dtype=bool) & (
        typed.isna().to_numpy(dtype=bool) | np.isnan(as_float)
    )
    nan = np.zeros(len(text), dtype=bool)
    if maybe.any():  # by position: no pandas version aligns or upcasts the assignment
        spelled = text[maybe].str.fullmatch(NAN).fillna(False)
        nan[maybe] = spelled.to_numpy(dtype=bool)
    return pd.Series(nan, index=text.index)


def _per_value(text: pd.Series, fails: Callable[[str], bool]) -> pd.Series:
    """Where a text test ``fails`` (missing cells never do), asked once per distinct value:
    a million statistics rows hold a few hundred states and indicators, so a regular
    expression runs a few hundred times, and a short column costs a few dozen calls."""
    bad = [v for v in text.dropna().unique() if fails(v)]
    if not bad:
        return pd.Series(False, index=text.index)
    return text.isin(bad).fillna(False).astype(bool)


def _required(text, typed, field, value):
    return text.isna() if value is True else pd.Series(False, index=text.index)


def _pattern(text, typed, field, value):
    try:
        compiled = re.compile(value)  # Python's re, as frictionless matches patterns
    except (re.error, TypeError) as error:
        raise BadConstraint(f"it is not a regular expression ({error})") from None
    return _per_value(text, lambda v: compiled.fullmatch(v) is None)


def _length(shorter: bool) -> Test:
    def test(text, typed, field, value):
        return _per_value(text, lambda v: len(v) < value if shorter else len(v) > value)

    return test


def _enum(text, typed, field, value):
    if field.type == "string":
        allowed = {v for v in value if isinstance(v, str)}  # a text cell equals only text
        return _per_value(text, lambda v: v not in allowed)
    members = pd.Series([v if isinstance(v, str) else _json_text(v) for v in value], dtype="string")
    cast, _ = cast_column(members, field, date_unit="us")
    return ~typed.isin(list(cast.dropna())) & typed.notna()


def _json_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _unique(text, typed, field, value):
    if value is not True:
        return pd.Series(False, index=text.index)
    return typed.duplicated(keep="first") & typed.notna()


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
    if isinstance(value, pd.Timestamp):
        return repr(value.strftime("%Y-%m-%d"))
    return repr(value)


def _message(kind: str, field: Field, value: Any, cell: Any) -> str:
    """The report's words for a broken cell, from the constraint table's message."""
    values = ", ".join(map(str, value)) if isinstance(value, list | tuple) else value
    return KINDS[kind].message.format(cell=_shown(cell), value=value, values=values, kind=kind)


def field_problems(table: Table, text: pd.DataFrame, typed: pd.DataFrame) -> list[Problem]:
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
            if not failing.any():
                continue
            stage = "keys" if kind == "unique" else "constraints"
            for row in failing[failing].index:
                cell = text.at[row, field.name] if kind != "unique" else typed.at[row, field.name]
                problems.append(
                    Problem(
                        table.path,
                        int(row),
                        field.name,
                        kind,
                        _message(kind, field, value, cell),
                        table=table.name,
                        stage=stage,
                    )
                )
    return problems


def _composite_duplicates(keys: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(all cells missing, repeats an earlier row) of a several-column key. Each column is
    factorized and the codes combined into one integer per row, which hashes far faster than
    a row of mixed values; a missing cell is a value of its own, as frictionless compares."""
    import numpy as np

    combined = np.zeros(len(keys), dtype=np.int64)
    empty = np.ones(len(keys), dtype=bool)
    room = 1
    for column in keys.columns:
        codes, uniques = pd.factorize(keys[column], use_na_sentinel=True)
        codes = codes.astype(np.int64) + 1  # 0 is a missing cell
        room *= len(uniques) + 1
        if room >= 2**62:  # too many combinations for one integer: compare rows
            missing = keys.isna().all(axis=1)
            return missing, keys.duplicated(keep="first") & ~missing
        combined = combined * (len(uniques) + 1) + codes
        empty &= codes == 0
    empty_s = pd.Series(empty, index=keys.index)
    repeated = pd.Series(combined, index=keys.index).duplicated(keep="first") & ~empty_s
    return empty_s, repeated


def primary_key_problems(table: Table, typed: pd.DataFrame) -> list[Problem]:
    if not table.primary_key or not set(table.primary_key) <= set(typed.columns):
        return []
    keys = typed[table.primary_key]
    if len(table.primary_key) == 1:  # a Series is much quicker than a one-column frame
        key = keys.iloc[:, 0]
        empty = key.isna()
        repeated = key.duplicated(keep="first") & ~empty
    else:
        empty, repeated = _composite_duplicates(keys)
    if not empty.any() and not repeated.any():
        return []
    columns = ", ".join(table.primary_key)
    problems = []
    for row in empty[empty].index:
        problems.append(
            Problem(
                table.path,
                int(row),
                columns,
                "primaryKey",
                f"has an empty primary key ({columns})",
                table=table.name,
                stage="keys",
            )
        )
    for row in repeated[repeated].index:
        value = ", ".join(_shown(v).strip("'") for v in keys.loc[row])
        problems.append(
            Problem(
                table.path,
                int(row),
                columns,
                "primaryKey",
                f"repeats the primary key ({columns}) = ({value}) of an earlier row",
                table=table.name,
                stage="keys",
            )
        )
    return problems


def _as_keys(frame: pd.DataFrame) -> pd.Series:
    """Each row's key as one string: fields joined by a separator no CSV text holds, so that
    a missing cell differs from any value and composite keys compare whole."""
    parts = [frame[c].astype("string").fillna("\x00<missing>") for c in frame.columns]
    joined = parts[0]
    for p in parts[1:]:
        joined = joined + "\x1f" + p
    return joined


def foreign_key_problems(
    table: Table, typed: pd.DataFrame, fk: ForeignKey, target: Table, target_typed: pd.DataFrame
) -> list[Problem]:
    """Rows whose key is not in ``target``: skipped only when every key cell is missing, as
    frictionless does; compared on typed values."""
    if len(fk.fields) == 1:  # the common case: one column, compared as it is typed
        column = typed[fk.fields[0]]
        # Each distinct value is looked up once; the rows are scanned only for absent ones.
        wanted = set(target_typed[fk.reference_fields[0]].dropna().unique())
        absent = [v for v in column.dropna().unique() if v not in wanted]
        if not absent:
            return []
        missing = column.isin(absent).fillna(False).astype(bool)
    else:
        keys = typed[fk.fields]
        considered = ~keys.isna().all(axis=1)
        wanted = target_typed[fk.reference_fields]
        wanted = wanted[~wanted.isna().all(axis=1)]
        missing = considered & ~_as_keys(keys).isin(set(_as_keys(wanted)))
    if not missing.any():
        return []
    keys = typed[fk.fields]
    problems = []
    fields = ", ".join(fk.fields)
    for row in missing[missing].index:
        value = ", ".join(_shown(v).strip("'") if pd.notna(v) else "(empty)" for v in keys.loc[row])
        problems.append(
            Problem(
                table.path,
                int(row),
                fk.fields[0] if len(fk.fields) == 1 else fields,
                f"foreignKey:{'+'.join(fk.fields)}",
                f"{fields} {value!r} is not in {target.path} ({', '.join(fk.reference_fields)})",
                table=table.name,
                stage="keys",
            )
        )
    return problems
