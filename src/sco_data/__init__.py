"""sco-data: the reference open dataset on the Shanghai Cooperation Organisation.

    >>> import sco_data
    >>> members = sco_data.load("memberships")

Heavy libraries (pandas, pandera, frictionless) are imported only when a function that needs
them is called, so that ``import sco_data`` and the command line start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ._validation._report import Report

__all__ = ["__version__", "load", "load_all", "package_dir", "validate"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from .version import data_version

        return data_version()
    raise AttributeError(f"module 'sco_data' has no attribute {name!r}")


def load(name: str, path: Any = None) -> pd.DataFrame:
    """Return table ``name`` as a DataFrame typed from its Table Schema (see sco_data.load)."""
    from .loader import load as _load

    return _load(name, path)


def load_all(path: Any = None) -> dict[str, pd.DataFrame]:
    """Return every table of the package as typed DataFrames, keyed by name."""
    from .loader import load_all as _load_all

    return _load_all(path)


def validate(path: Any = None) -> Report:
    """Validate the shipped package, or the copy at ``path``; see sco_data._validation."""
    from ._validation import validate as _validate

    return _validate(path)


def members_on(day: str, status: str | None = None, path: Any = None) -> pd.DataFrame:
    """Who held which SCO status on ``day`` (YYYY-MM-DD), optionally one ``status`` only."""
    from .groups import members_on as _members_on

    return _members_on(day, status, path)


def package_dir() -> Any:
    """The folder holding the shipped datapackage.json."""
    from .locate import package_dir as _package_dir

    return _package_dir()
