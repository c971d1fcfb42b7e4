"""Stage 7: the rules of sco_data._rules, run only on tables that passed their own checks.

A rule reads whole tables; run on a table with a bad date or a dangling key it would report
every row that bad value touches (one wrong date once gave 99 aggregate errors). So a rule
runs only when every table it needs was read and passed its type, constraint and key checks;
otherwise the report says it was skipped and why. A rule that raises is a bug in sco-data,
reported as an internal error (exit 3), never as a problem of the data.

The rules read typed Arrow tables (see sco_data._rules for the contract), so this stage
imports neither pandas nor pandera.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping

import numpy as np

from .. import _rules as rules
from .._csvread import FIRST_LINE
from .._descriptor import Table
from ._report import Problem, Skipped


def run(
    tables: Mapping[str, Table],
    data: rules.Tables,
    failed: Mapping[str, str],
) -> tuple[list[Problem], list[Skipped], list[str]]:
    """(problems, skipped checks, internal errors) of every rule whose table is present.

    ``data`` holds the typed tables that were read; ``failed`` maps a table to why its rows
    cannot be trusted (or are not ours to type)."""
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    internal: list[str] = []
    for r in rules.RULES.values():
        if r.table not in tables:
            continue  # a rule of a table this package does not have
        absent = [n for n in r.needs if n not in tables]
        if absent:
            skipped.append(Skipped(r.name, f"needs {', '.join(absent)}, not in the package"))
            continue
        blocked = [n for n in r.needs if n in failed or n not in data]
        if blocked:
            reasons = "; ".join(f"{n}: {failed.get(n, 'not read')}" for n in blocked)
            skipped.append(Skipped(r.name, reasons))
            continue
        table = tables[r.table]
        try:
            verdict = r.test(data)
            rows = data[r.table].num_rows
            if (
                not isinstance(verdict, np.ndarray)
                or verdict.dtype != np.bool_
                or verdict.shape != (rows,)
            ):
                raise TypeError("a rule must return one boolean per row of its table")
            bad = np.flatnonzero(~verdict)
        except Exception as error:
            where = traceback.extract_tb(error.__traceback__)[-1]
            internal.append(
                f"rule {r.name} raised {type(error).__name__}: {error} (at {where.name}, line "
                f"{where.lineno}); this is a bug in sco-data's checks, not in the data"
            )
            continue
        problems.extend(
            Problem(
                table.path,
                int(i) + FIRST_LINE,
                r.column,
                r.name,
                r.message,
                table=table.name,
                stage="rules",
            )
            for i in bad
        )
    return problems, skipped, internal
