"""Turn Table Schemas into SQLite DDL: types, NOT NULL, UNIQUE, CHECK and keys.

Column types come from the type registry (sco_data._tableschema.types): dates are stored as
ISO 8601 text (so comparisons and minimum/maximum checks work as text), booleans as 0/1. SQLite has no regular expressions, so Table Schema ``pattern`` constraints
are not enforced in the database (the validator enforces them on the CSVs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._descriptor import Field, Table
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
    parts = [name, sql_type]
    c = field.constraints
    if c.get("required"):
        parts.append("NOT NULL")
    if c.get("unique"):
        parts.append("UNIQUE")
    checks = [f"typeof({name}) IN ({_TYPEOF[sql_type]}, 'null')"]
    if spec.sqlite_check is not None:
        checks.append(spec.sqlite_check.format(name=name))
    if field.enum is not None:
        checks.append(f"{name} IN ({', '.join(literal(v) for v in field.enum)})")
    checks += range_checks(name, c, literal)
    parts.append(f"CHECK ({' AND '.join(checks)})")
    return " ".join(parts)


# Table Schema bound -> SQL comparison, the same in SQLite and DuckDB.
_BOUNDS = (
    ("minimum", ">="),
    ("maximum", "<="),
    ("exclusiveMinimum", ">"),
    ("exclusiveMaximum", "<"),
)


def range_checks(name: str, constraints: dict[str, Any], value: Callable[[Any], str]) -> list[str]:
    """CHECK conditions for a column's bounds and lengths; ``value`` writes a bound as a SQL
    literal of the dialect (DuckDB casts it to the column's type)."""
    checks = [f"{name} {op} {value(constraints[key])}" for key, op in _BOUNDS if key in constraints]
    if "minLength" in constraints:
        checks.append(f"length({name}) >= {int(constraints['minLength'])}")
    if "maxLength" in constraints:
        checks.append(f"length({name}) <= {int(constraints['maxLength'])}")
    return checks


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
