"""The Table Schema registries: one entry per supported type, each entry complete, and every
consumer reads its knowledge of a type from the entry (the consumers' own behaviour tests
are in test_load, test_export, test_metadata, test_r and test_terminal)."""

from __future__ import annotations

import dataclasses
import json
import typing

import pandas as pd
import pytest
from conftest import ROOT

from sco_data._tableschema import types
from sco_data._tableschema.types import TYPES, TypeSpec, type_for_dtype, type_of

PROFILES = json.loads(
    (ROOT / "src" / "sco_data" / "_validation" / "profiles.json").read_text(encoding="utf-8")
)


def _schema_types() -> set[str]:
    used = set()
    for path in sorted((ROOT / "schemas").glob("*.json")):
        used |= {f["type"] for f in json.loads(path.read_text(encoding="utf-8"))["fields"]}
    return used


def test_every_type_the_schemas_use_has_an_entry() -> None:
    used = _schema_types()
    assert used, "no schemas found"
    assert used <= set(TYPES), f"types without a registry entry: {used - set(TYPES)}"


def test_the_registry_is_keyed_by_each_entry_s_name() -> None:
    assert all(name == spec.name for name, spec in TYPES.items())
    assert list(TYPES) == ["string", "integer", "year", "number", "boolean", "date"]


def test_every_registry_type_is_a_table_schema_type() -> None:
    """frictionless's profiles name the Table Schema types; an entry must be one of them."""
    assert set(TYPES) <= set(PROFILES["fields"])


@pytest.mark.parametrize("name", list(TYPES))
def test_every_entry_has_every_field_filled(name: str) -> None:
    """No field may be left empty; None only where the field's type allows it (a
    deliberate "nothing special"), and then it is written out in the entry."""
    spec = TYPES[name]
    hints = typing.get_type_hints(TypeSpec, vars(types))
    for f in dataclasses.fields(TypeSpec):
        value = getattr(spec, f.name)
        optional = type(None) in typing.get_args(hints[f.name])
        if value is None:
            assert optional, f"{name}.{f.name} is None"
            continue
        if isinstance(value, str | dict) or hasattr(value, "keys"):
            assert len(value) > 0, f"{name}.{f.name} is empty"
    assert "default" in spec.formats
    assert all(v.startswith("sc:") for v in spec.formats.values())


def test_no_entry_field_has_a_default() -> None:
    """An entry that forgets a field must not construct (so a new type is complete)."""
    assert all(
        f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in dataclasses.fields(TypeSpec)
    )


@pytest.mark.parametrize("name", list(TYPES))
def test_the_dtype_is_one_pandas_knows(name: str) -> None:
    assert pd.Series([], dtype=TYPES[name].dtype).dtype == pd.api.types.pandas_dtype(
        TYPES[name].dtype
    )


def test_an_unknown_type_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'datetime'"):
        type_of("datetime")


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (pd.Series([pd.Timestamp("2001-06-15")]), "date"),
        (pd.Series([True, False]), "boolean"),
        (pd.Series([1, 2], dtype="Int64"), "integer"),
        (pd.Series([1, 2], dtype="uint8"), "integer"),
        (pd.Series([1.5]), "number"),
        (pd.Series(["a"], dtype="string"), "string"),
        (pd.Series(["a"], dtype="category"), "string"),
        (pd.Series([object()]), "string"),
    ],
)
def test_untyped_frames_take_their_types_from_the_dtypes(column: pd.Series, expected: str) -> None:
    assert type_for_dtype(column.dtype).name == expected


@pytest.mark.parametrize(
    ("name", "values", "csv", "json_values", "sqlite"),
    [
        ("string", ["a", None], ["a", None], ["a", None], ["a", None]),
        ("integer", [3, None], ["3", None], [3, None], [3, None]),
        ("year", [2001, None], ["2001", None], [2001, None], [2001, None]),
        ("number", [0.1, 1.0, None], ["0.1", "1", None], [0.1, 1.0, None], [0.1, 1.0, None]),
        ("boolean", [True, None], ["true", None], [True, None], [1, None]),
        ("date", ["2001-06-15", None], ["2001-06-15", None], ["2001-06-15", None], None),
    ],
)
def test_each_type_writes_its_values(name, values, csv, json_values, sqlite) -> None:
    spec = TYPES[name]
    column = pd.Series(values, dtype=spec.dtype)

    def plain(series: pd.Series) -> list:
        return [None if pd.isna(v) else v for v in series]

    assert plain(spec.csv(column)) == csv
    assert plain(spec.json(column)) == json_values
    assert plain(spec.sqlite_value(column)) == (sqlite if sqlite is not None else csv)
    written = [type(v) for v in plain(spec.sqlite_value(column)) if v is not None]
    assert all(t in (str, int, float) for t in written)
