"""Find the data package that ships with sco_data.

The CSVs, Table Schemas and descriptor live at the top of the repository so that people who
download them see a plain Frictionless package. The wheel copies them into
``sco_data/package/``. This module is the one place that knows both layouts.
"""

from __future__ import annotations

from pathlib import Path

DESCRIPTOR = "datapackage.json"

_HERE = Path(__file__).resolve().parent


def package_dir() -> Path:
    """Return the folder holding the shipped ``datapackage.json``.

    An installed wheel has the package beside the code; a checkout (or an editable install)
    has it two levels up, at the repository root.
    """
    for candidate in (_HERE / "package", _HERE.parent.parent):
        if (candidate / DESCRIPTOR).is_file():
            return candidate
    raise FileNotFoundError(
        f"sco_data cannot find its {DESCRIPTOR}: looked in {_HERE / 'package'} "
        f"and {_HERE.parent.parent}. Reinstall the package."
    )


def descriptor_path(path: str | Path | None = None) -> Path:
    """Resolve a user's PATH (a descriptor or a folder holding one) or the shipped package."""
    if path is None:
        return package_dir() / DESCRIPTOR
    path = Path(path)
    return path / DESCRIPTOR if path.is_dir() else path
