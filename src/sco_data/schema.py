"""Turn a Table Schema into a pandera DataFrameSchema.

pandera ships a frictionless bridge, but it reads dates as strings and pins an old
frictionless, so this module is our own bridge. Each Table Schema constraint becomes one
named pandera check; the check names are the Table Schema constraint names so that a
report speaks the language of the schema the user edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import pandera.pandas as pa

from .cast import dtype_of
from .descriptor import Field, ForeignKey, Table


def _bound(field: Field, value: Any) -> Any:
    return pd.Timestamp(value) if field.type == "date" else value


def _check(name: str, test) -> pa.Check:
    """A vectorised check reported under the Table Schema constraint ``name``.

    pandera's built-in checks report under their own names (greater_than_or_equal_to, ...),
    so each constraint is a plain check with the constraint's name instead.
    """
    return pa.Check(test, name=name)


def field_checks(field: Field) -> list[pa.Check]:
    """One pandera check per value constraint of ``field`` (required and unique are flags)."""
    c = field.constraints
    checks: list[pa.Check] = []
    if field.enum is not None:
        allowed = list(field.enum)
        checks.append(_check("enum", lambda s: s.isin(allowed)))
    if "pattern" in c:
        # Table Schema patterns match the whole value (XML Schema semantics).
        pattern = c["pattern"]
        checks.append(_check("pattern", lambda s: s.astype("string").str.fullmatch(pattern)))
    if "minimum" in c:
        low = _bound(field, c["minimum"])
        checks.append(_check("minimum", lambda s: s >= low))
    if "maximum" in c:
        high = _bound(field, c["maximum"])
        checks.append(_check("maximum", lambda s: s <= high))
    if "minLength" in c:
        shortest = c["minLength"]
        checks.append(_check("minLength", lambda s: s.astype("string").str.len() >= shortest))
    if "maxLength" in c:
        longest = c["maxLength"]
        checks.append(_check("maxLength", lambda s: s.astype("string").str.len() <= longest))
    return checks


def column(field: Field) -> pa.Column:
    """The pandera column for one field: dtype, required, unique and value checks."""
    dtype = "category" if field.enum is not None else dtype_of(field)
    return pa.Column(
        dtype,
        checks=field_checks(field),
        nullable=not field.required,
        unique=bool(field.constraints.get("unique", False)),
        required=True,
        title=field.title,
        description=field.description,
    )


def foreign_key_check(fk: ForeignKey, target: pd.DataFrame) -> pa.Check:
    """A frame-level check that every non-empty key of ``fk`` exists in ``target``."""
    if len(fk.fields) == 1:  # the common case, and much faster than a MultiIndex
        wanted_values = target[fk.reference_fields[0]].astype("string").dropna().unique()

        def exists(frame: pd.DataFrame) -> pd.Series:
            keys = frame[fk.fields[0]].astype("string")
            return keys.isin(wanted_values) | keys.isna()

        return pa.Check(exists, name=f"foreignKey:{fk.fields[0]}")
    wanted = pd.MultiIndex.from_frame(target[fk.reference_fields].astype("string"))

    def exists(frame: pd.DataFrame) -> pd.Series:
        keys = frame[fk.fields].astype("string")
        found = pd.MultiIndex.from_frame(keys).isin(wanted)
        return pd.Series(found, index=frame.index) | keys.isna().any(axis=1)

    return pa.Check(
        exists,
        name=f"foreignKey:{'+'.join(fk.fields)}",
    )


def pandera_schema(
    table: Table,
    frames: Mapping[str, pd.DataFrame] | None = None,
    extra_checks: list[pa.Check] | None = None,
) -> pa.DataFrameSchema:
    """The pandera schema of ``table``.

    Foreign keys need the referenced tables, so they are checked only when ``frames`` (typed
    tables by name) holds them; a table that could not be read is reported elsewhere.
    ``extra_checks`` are frame-level checks beyond the Table Schema (see rules.py).
    """
    frames = frames or {}
    checks = [
        foreign_key_check(fk, frames[fk.resource])
        for fk in table.foreign_keys
        if fk.resource in frames
    ] + list(extra_checks or [])
    return pa.DataFrameSchema(
        {f.name: column(f) for f in table.fields},
        checks=checks,
        unique=table.primary_key or None,
        report_duplicates="exclude_first",
        strict=True,
        ordered=True,
        name=table.name,
        title=table.title,
        description=table.description,
    )
