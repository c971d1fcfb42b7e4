"""Turn Table Schemas into SQLite DDL: types, NOT NULL, UNIQUE, CHECK and keys.

Column types come from the type registry (sco_data._tableschema.types): dates are stored as
ISO 8601 text (so comparisons and bound checks work as text), booleans as 0/1. The
constraints come from the constraint table (sco_data._tableschema.constraints), which says
which a database enforces: SQLite has no regular expressions, so Table Schema ``pattern``
constraints are not enforced in it (the validator enforces them on the CSVs).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from ._descriptor import Field, Table
from ._tableschema.constraints import KINDS
from ._tableschema.types import type_of

_TYPEOF = {"TEXT": "'text'", "INTEGER": "'integer'", "REAL": "'real', 'integer'"}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: object) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def column_sql(field: Field) -> str:
    spec = type_of(field.type)
    sql_type = spec.sqlite
    name = quote(field.name)
    clauses, conditions = constraint_sql(field, "sqlite", literal)
    checks = [f"typeof({name}) IN ({_TYPEOF[sql_type]}, 'null')"]
    if spec.sqlite_check is not None:
        checks.append(spec.sqlite_check.format(name=name))
    checks += conditions
    return " ".join([name, sql_type, *clauses, f"CHECK ({' AND '.join(checks)})"])


def constraint_sql(
    field: Field,
    dialect: str,
    literal: Callable[[Any], str],
    typed: Callable[[Any], str] | None = None,
) -> tuple[list[str], list[str]]:
    """The column clauses (NOT NULL, UNIQUE) and CHECK conditions of ``field``'s constraints
    in ``dialect`` ("sqlite" or "duckdb"), as the constraint table gives them, for the kinds
    that apply to the field's type. ``literal`` writes a value as a SQL literal of the
    dialect; ``typed`` writes a bound as a literal of the column's type (DuckDB casts it;
    default: ``literal``)."""
    typed = typed or literal
    spec = type_of(field.type)
    name = quote(field.name)
    clauses: list[str] = []
    checks: list[str] = []
    for kind in KINDS.values():
        if kind.name not in field.constraints or dialect not in kind.dialects:
            continue
        if not kind.applies(spec):
            continue
        value = field.constraints[kind.name]
        if kind.column is not None:
            if value:
                clauses.append(kind.column)
            continue
        if kind.check is None:
            continue
        wanted = {f for _, f, _, _ in string.Formatter().parse(kind.check) if f and f != "name"}
        operands = {f: _operand(f, value, literal, typed) for f in wanted}
        checks.append(kind.check.format(name=name, **operands))
    return clauses, checks


def _operand(
    placeholder: str, value: Any, literal: Callable[[Any], str], typed: Callable[[Any], str]
) -> str:
    """What a placeholder of the constraint table's CHECK templates stands for."""
    if placeholder == "value":
        return typed(value)
    if placeholder == "text":
        return literal(value)
    if placeholder == "count":
        return str(int(value))
    if placeholder == "values":
        return ", ".join(literal(v) for v in value)
    raise ValueError(f"unknown placeholder {{{placeholder}}} in a CHECK template")


def key_clauses(table: Table, present: set[str]) -> list[str]:
    """PRIMARY KEY and FOREIGN KEY clauses, the latter only to tables in ``present``."""
    clauses = []
    if table.primary_key:
        clauses.append(f"PRIMARY KEY ({', '.join(quote(k) for k in table.primary_key)})")
    for fk in table.foreign_keys:
        if fk.resource in present:
            clauses.append(
                f"FOREIGN KEY ({', '.join(quote(f) for f in fk.fields)}) REFERENCES "
                f"{quote(fk.resource)} ({', '.join(quote(f) for f in fk.reference_fields)})"
            )
    return clauses


def create_table_sql(table: Table, present: set[str]) -> str:
    """CREATE TABLE for ``table``; foreign keys only to tables in ``present``."""
    lines = [column_sql(f) for f in table.fields] + key_clauses(table, present)
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quote(table.name)} (\n  {body}\n)"


def dependency_order(tables: dict[str, Table]) -> list[str]:
    """Table names ordered so that every table comes after the tables it references."""
    ordered: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in ordered or name in trail:
            return
        for fk in tables[name].foreign_keys:
            if fk.resource in tables and fk.resource != name:
                visit(fk.resource, (*trail, name))
        ordered.append(name)

    for name in tables:
        visit(name, ())
    return ordered
