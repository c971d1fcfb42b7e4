"""sco-data: the reference open dataset on the Shanghai Cooperation Organisation.

    >>> import sco_data
    >>> members = sco_data.load("memberships")

The public API is what ``__all__`` lists; every other module is internal (most have a
leading underscore) and may change without notice.

Heavy libraries (pandas, pandera, frictionless) are imported only when a function that needs
them is called, so that ``import sco_data`` and the command line start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    import pandas as pd

    from ._validation._report import Report

__all__ = [
    "__version__",
    "counts",
    "export",
    "load",
    "load_all",
    "members_on",
    "package_dir",
    "panel",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from ._version import data_version

        return data_version()
    raise AttributeError(f"module 'sco_data' has no attribute {name!r}")


def load(name: str, path: Any = None) -> pd.DataFrame:
    """Return table ``name`` as a DataFrame typed from its Table Schema (see sco_data.load)."""
    from ._loader import load as _load

    return _load(name, path)


def load_all(path: Any = None) -> dict[str, pd.DataFrame]:
    """Return every table of the package as typed DataFrames, keyed by name."""
    from ._loader import load_all as _load_all

    return _load_all(path)


def validate(path: Any = None) -> Report:
    """Validate the shipped package, or the copy at ``path``; see sco_data._validation."""
    from ._validation import validate as _validate

    return _validate(path)


def members_on(day: Any, status: str | None = None, path: Any = None) -> pd.DataFrame:
    """Who held which SCO status on ``day`` (a ``datetime.date`` or 'YYYY-MM-DD', required:
    ``None`` or ``"2017"`` is an error), optionally one ``status`` only."""
    from ._groups import members_on as _members_on

    return _members_on(day, status, path)


def panel(
    start: int = 2001, end: int | None = None, rule: str = "dec31", path: Any = None
) -> pd.DataFrame:
    """One row per state and year from ``start`` to ``end`` (default: the last complete year of
    the data) with the SCO status under ``rule``: ``dec31`` (held on 31 December), ``any``
    (highest held on any day of the year) or ``days`` (days held per status); plus COW and G&W
    codes, a COW-IGO-style code and whether the state was in the state system that year."""
    from ._panel import panel as _panel

    return _panel(start, end, rule, path)


def counts(
    rule: str = "dec31", start: int = 2001, end: int | None = None, path: Any = None
) -> pd.DataFrame:
    """Per year, the number of states in each status under ``rule`` (``dec31`` or ``any``)."""
    from ._panel import counts as _counts

    return _counts(rule, start, end, path)


def export(
    fmt: str,
    out: Any,
    tables: Any = None,
    force: bool = False,
    path: Any = None,
) -> Path:
    """Export the package (or ``tables``, a name or list of names) as ``fmt`` (csv, json,
    parquet, xlsx, sqlite, duckdb or zip) to ``out``; return the path written.

    csv and parquet write a folder, the others one file (inside ``out`` as sco-data.<fmt>
    when ``out`` is an existing folder). An existing output is replaced only with
    ``force=True`` and only when sco-data wrote it; otherwise ``RefusedError`` is raised and
    nothing is touched. ``path`` exports another copy of the package.
    """
    from ._export import export as _export

    return _export(fmt, out, tables, force=force, path=path)


def package_dir() -> Any:
    """The folder holding the shipped datapackage.json."""
    from ._descriptor import package_dir as _package_dir

    return _package_dir()
