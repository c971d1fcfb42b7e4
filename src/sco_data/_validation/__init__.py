"""Validation as a pipeline of stages, each its own module, each feeding the next:

1. descriptor (_preflight.py; _profile.py, or _frictionless.metadata_problems for features
   _profile.py does not check): JSON, safe local paths, no URL, the Data Package and Table
   Schema specs, keys that name real resources and fields;
2. bytes (_preflight.file_problems): UTF-8 without BOM, ``\\n`` line endings, no NUL;
3. structure (_structure.py): header and cells per row, read strictly as text;
4. types (_types.py): every cell parsed as its field's type;
5. constraints and 6. keys (_constraints.py): vectorised, with frictionless's semantics;
7. rules (_rules.py): what a Table Schema cannot say, on tables that passed 1-6;
8. integrity (_integrity.py): bytes and hash against the descriptor.

Which resources our vectorised stages 3-6 check, and which go to frictionless's own row
checks, is decided per resource by _support.py: nothing is silently ignored. The report
(_report.py) lists root causes first and groups a defect repeated over many rows.

Nothing heavy is imported until ``validate`` runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ._report import Report

__all__ = ["validate"]


def validate(
    path: str | Path | None = None, *, max_problems: int | None = None, origin: str | None = None
) -> Report:
    """Validate the package at ``path`` (a datapackage.json or its folder), or the shipped one.

    Raises FileNotFoundError when there is no descriptor at ``path``: that is a usage error,
    not an invalid package. Every defect of the package is a Problem in the report; a check
    that fails with an exception is an internal error (``report.exit_code == 3``).
    """
    from .._descriptor import descriptor_path
    from ._report import Report

    descriptor = descriptor_path(path)
    if not descriptor.is_file():
        raise FileNotFoundError(f"no data package at {descriptor}")
    if origin is None:
        origin = "the package installed with sco-data" if path is None else "the given path"
    report = Report(package=str(descriptor), origin=origin, max_problems=max_problems)
    try:
        from ._pipeline import run

        run(descriptor, report)
    except Exception as error:  # a bug in a stage: never a data problem, never "valid"
        import traceback

        where = traceback.extract_tb(error.__traceback__)[-1]
        report.internal.append(
            f"{type(error).__name__}: {error} (in {Path(where.filename).name}, line "
            f"{where.lineno}); this is a bug in sco-data's checks, not in the data"
        )
    return report
