"""The Table Schema registries: one entry per supported type, each entry complete, and every
consumer reads its knowledge of a type from the entry (the consumers' own behaviour tests
are in test_load, test_export, test_metadata, test_r and test_terminal)."""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from pathlib import Path

import pandas as pd
import pyarrow as pa
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


@pytest.mark.parametrize("registry", ["TypeSpec", "Constraint", "Export"])
def test_no_registry_entry_field_has_a_default(registry: str) -> None:
    """An entry that forgets a field must not construct, so a new type, constraint kind or
    export format is complete or fails at import."""
    from sco_data._export import Export

    entry = {"TypeSpec": TypeSpec, "Constraint": Constraint, "Export": Export}[registry]
    assert all(
        f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in dataclasses.fields(entry)
    )


@pytest.mark.parametrize("name", list(TYPES))
def test_the_dtype_is_one_pandas_knows(name: str) -> None:
    assert pd.Series([], dtype=TYPES[name].dtype).dtype == pd.api.types.pandas_dtype(
        TYPES[name].dtype
    )


def test_every_entry_names_a_parser_and_every_parser_reads_a_type() -> None:
    from sco_data._parse import PARSERS

    assert {spec.parser for spec in TYPES.values()} == set(PARSERS)


@pytest.mark.parametrize(
    ("name", "cells", "values"),
    [
        ("string", ["NA", None], ["NA", None]),
        ("integer", ["-7", "07", None], [-7, 7, None]),
        ("year", ["2017", None], [2017, None]),
        ("number", ["1.5", "-0", None], [1.5, -0.0, None]),
        ("boolean", ["true", "false", None], [True, False, None]),
        ("date", ["2017-06-09", None], [pd.Timestamp("2017-06-09"), None]),
    ],
)
def test_each_type_is_read_by_its_parser(name: str, cells: list, values: list) -> None:
    from sco_data._cast import cast_column

    field = Field(name="x", type=name)
    typed, bad = cast_column(pa.array(cells, pa.large_string()), field)
    assert str(typed.dtype) == type_of(name).dtype
    assert [None if pd.isna(v) else v for v in typed] == values
    assert not bad.any()


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


# --- The constraint table ---------------------------------------------------------------------

from sco_data._descriptor import Field  # noqa: E402
from sco_data._sql import constraint_sql, literal  # noqa: E402
from sco_data._tableschema.constraints import DIALECTS, KINDS, Constraint, kinds_for  # noqa: E402
from sco_data._validation import _constraints  # noqa: E402


def _profile_constraint_keys() -> set[str]:
    keys: set[str] = set()
    for name in TYPES:
        keys |= set(PROFILES["fields"][name]["properties"]["constraints"]["properties"])
    return keys


def test_the_kinds_are_the_constraints_of_the_table_schema_profile() -> None:
    """The vendored profile (what frictionless ships) names every constraint kind; the table
    has exactly those, so a new kind in the spec makes this fail until it has an entry."""
    assert set(KINDS) == _profile_constraint_keys()


def test_the_kinds_are_the_constraints_frictionless_knows() -> None:
    from frictionless import Field as FrictionlessField

    spec = FrictionlessField.metadata_profile["properties"]["constraints"]["properties"]
    assert set(KINDS) == set(spec)


@pytest.mark.parametrize("name", list(TYPES))
def test_each_type_takes_the_constraints_frictionless_applies_to_it(name: str) -> None:
    assert kinds_for(TYPES[name]) == set(PROFILES["supported_constraints"][name])


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_is_complete(name: str) -> None:
    kind = KINDS[name]
    assert kind.name == name
    assert kind.applies_to in ("any", "ordered", "textual")
    assert kind.test in _constraints.TESTS
    assert (kind.operator is not None) == (kind.test in ("bound", "length"))
    assert kind.operator is None or kind.operator in _constraints._OPERATORS
    assert (kind.column is None) != (kind.check is None), "a flag or a CHECK, not both"
    assert kind.dialects and kind.dialects <= DIALECTS
    assert kind.wording and kind.message
    assert isinstance(kind.needs_v2, bool)


def test_the_validator_has_one_test_per_kind_in_the_table_s_order() -> None:
    assert list(_constraints.CONSTRAINTS) == list(KINDS)


def test_only_the_constraint_table_names_the_comparison_kinds() -> None:
    """The proof of issue 13: a kind that compares (a bound or a length) is written once,
    in the constraint table; every layer reads it from there. (The JSON Schema keywords of
    _profile.py and the vendored profiles are another vocabulary.)"""
    src = ROOT / "src" / "sco_data"
    home = src / "_tableschema" / "constraints.py"
    files = [*src.rglob("*.py"), *(ROOT / "scripts").glob("*.py")]
    for name, kind in KINDS.items():
        if kind.operator is None:
            continue
        written = re.compile(f"[\"']{name}[\"']")  # as a string in code, not an English word
        found = [p for p in files if p != home and written.search(p.read_text(encoding="utf-8"))]
        assert found == [], f"{name} is also written in {found}"


def test_the_validation_messages_come_from_the_table() -> None:
    message = _constraints._message
    field = Field(name="x", type="integer")
    assert message("required", field, True, None) == "is empty, but a value is required"
    assert message("unique", field, True, 3) == "3 appears in an earlier row, but must be unique"
    assert message("enum", field, ["a", "b"], "c") == "'c' is not one of: a, b"
    assert message("pattern", field, "[a-z]", "1") == "'1' does not match the pattern [a-z]"
    assert message("exclusiveMinimum", field, 5, "5") == (
        "'5' breaks the constraint exclusiveMinimum = 5"
    )


def _duckdb_literal(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def test_the_sql_of_a_string_follows_the_table() -> None:
    field = Field(
        name="code",
        type="string",
        constraints={
            "required": True,
            "unique": True,
            "pattern": "[A-Z]{3}",
            "minLength": 3,
            "maxLength": 3,
            "minimum": "A",
        },
    )
    sqlite = constraint_sql(field, "sqlite", literal)
    assert sqlite == (
        ["NOT NULL", "UNIQUE"],
        ['length("code") >= 3', 'length("code") <= 3'],
    )  # no regular expressions in SQLite; a bound does not apply to a string
    clauses, checks = constraint_sql(field, "duckdb", _duckdb_literal)
    assert clauses == ["NOT NULL", "UNIQUE"]
    assert checks == [
        "regexp_full_match(\"code\", '[A-Z]{3}')",
        'length("code") >= 3',
        'length("code") <= 3',
    ]


def test_the_sql_of_a_bound_casts_in_duckdb_only() -> None:
    field = Field(
        name="n",
        type="integer",
        constraints={"enum": [1, 2], "exclusiveMinimum": 0, "maximum": 5, "pattern": "1"},
    )
    assert constraint_sql(field, "sqlite", literal) == (
        [],
        ['"n" IN (1, 2)', '"n" <= 5', '"n" > 0'],
    )
    assert constraint_sql(field, "duckdb", str, lambda v: f"CAST({v} AS BIGINT)") == (
        [],
        ['"n" <= CAST(5 AS BIGINT)', '"n" > CAST(0 AS BIGINT)'],
    )


@pytest.mark.parametrize("fmt", ["sqlite", "duckdb"])
def test_an_exclusive_minimum_alone_reaches_the_databases(
    package: Path, tmp_path: Path, fmt: str
) -> None:
    """The kind added by one table entry is enforced by both databases. (test_export's test
    of the exclusive bounds keeps ``minimum: 1``, which refuses 0 by itself.)"""
    import sqlite3

    from sco_data._export import export

    schema_path = package.parent / "schemas" / "summits.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    number = next(f for f in schema["fields"] if f["name"] == "number")
    number["constraints"] = {"required": True, "exclusiveMinimum": 0}
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    out = export(fmt, tmp_path / f"x.{fmt}", ["summits"], path=package)
    breaking = "UPDATE summits SET number = {} WHERE summit_id = 'HS-2001'"
    if fmt == "sqlite":
        with sqlite3.connect(out) as db:
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                db.execute(breaking.format(0))
            db.execute(breaking.format(1))
    else:
        duckdb = pytest.importorskip("duckdb")
        with duckdb.connect(str(out)) as db:
            with pytest.raises(duckdb.ConstraintException):
                db.execute(breaking.format(0))
            db.execute(breaking.format(1))
