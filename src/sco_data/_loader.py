"""Load the package's tables as typed pandas DataFrames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._cast import read_typed
from ._csvread import FIRST_LINE, StructureError
from ._descriptor import Package, Table, read_package


class LoadError(ValueError):
    """A table could not be loaded as its schema says; names the file, row and column."""


def tables(path: str | Path | Package | None = None) -> dict[str, Table]:
    """The package's tables (name -> schema), from ``path`` or the shipped package."""
    return read_package(path).tables


def _load_table(table: Table, base: Path) -> pd.DataFrame:
    try:
        typed, bad = read_typed(base / table.path, table)
    except (StructureError, OSError) as error:
        raise LoadError(
            f"{table.path}: {error}; run `sco-data validate` for every problem"
        ) from None
    for column, mask in bad.items():
        if mask.any():
            row = int(mask.argmax()) + FIRST_LINE
            raise LoadError(
                f"{table.path}: row {row}, column {column!r}: not a valid"
                f" {table.field(column).type}; run `sco-data validate` for every problem"
            )
    return typed[table.field_names]


def load(name: str, path: str | Path | Package | None = None) -> pd.DataFrame:
    """Return table ``name`` as a DataFrame typed from its Table Schema.

    Dates are ``datetime64[ns]``, integers ``Int64``, numbers ``Float64``, enums ``category``
    (in the schema's order) and text ``string``. Only the schema's declared missing values
    count as missing, so Namibia's code ``NA`` stays a string. Works offline, from the data
    shipped inside the package unless ``path`` names another copy.
    """
    package = read_package(path)
    if name not in package.tables:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(sorted(package.tables))}")
    return _load_table(package.tables[name], package.base)


def load_all(path: str | Path | Package | None = None) -> dict[str, pd.DataFrame]:
    """Return every table of the package, keyed by name, in descriptor order."""
    package = read_package(path)
    return {name: _load_table(table, package.base) for name, table in package.tables.items()}
