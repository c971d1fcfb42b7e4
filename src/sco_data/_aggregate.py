"""Group totals of additive indicators: the one computation behind the aggregates table.

scripts/build_statistics.py writes the aggregates table with it, and the rule
``aggregates_match_inputs`` re-derives every row with it, so a hand edit cannot pass.

It reads typed Arrow tables (the contract of sco_data._rules: strings, int64, float64, bool,
date32) and returns plain rows (dicts), without pandas, because validation runs it on every
package it checks and importing pandas alone would cost more than the whole computation. The
groups are small (states times years), so they are built in plain Python; of the statistics,
which may hold a million rows, only the rows of additive indicators are read into Python.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import encode, fixed
from ._groups import observers_turned_partners
from ._statuses import held

KEY = ["year", "group", "indicator"]
COUNTS = ["states", "states_with_data", "nuclear_armed_states"]


def _roster_rows(
    memberships: pa.Table, states: pa.Table, years: Iterable[int]
) -> list[tuple[int, str, str, bool]]:
    """(year, group, iso3, nuclear) for every state in each group on 31 December, sorted."""
    columns = [
        memberships.column(c).to_pylist() for c in ("iso3", "status", "start_date", "end_date")
    ]
    periods = [row for row in zip(*columns, strict=True) if row[0] is not None]
    former = observers_turned_partners(memberships)
    tests = dict(
        zip(
            states.column("iso3").to_pylist(),
            states.column("first_nuclear_test").to_pylist(),
            strict=True,
        )
    )
    rows = []
    for year in (int(y) for y in years):
        day = dt.date(year, 12, 31)
        for iso3, status, start, end in periods:
            if not held(start, end, day):
                continue
            test = tests.get(iso3)
            nuclear = test is not None and test <= day
            groups = ["all"]
            if status == "member":
                groups.append("members")
            if status in ("member", "observer") or (status == "partner" and iso3 in former):
                groups.append("members_and_observers")
            rows.extend((year, group, iso3, nuclear) for group in groups)
    return sorted(rows, key=lambda row: row[:3])


def group_rosters(
    memberships: pa.Table, states: pa.Table, years: Iterable[int]
) -> list[dict[str, Any]]:
    """One row (a dict) per (year, group, iso3) for every state in the group on 31 December,
    with whether it had carried out a nuclear explosion by then (``nuclear``), sorted by year,
    group and state. The same definitions as groups.group_states, which a test compares it
    with: members (member status), members_and_observers (member or observer, and from the
    2025 merger on the partners that had been observers), all (any status)."""
    names = ("year", "group", "iso3", "nuclear")
    return [dict(zip(names, row, strict=True)) for row in _roster_rows(memberships, states, years)]


def _additive_rows(statistics: pa.Table, additive: set[str]) -> list[tuple[str, int, str, float]]:
    """(iso3, year, indicator, value) of the statistics of ``additive`` indicators that have
    all four; NaN counts as missing. The filter is vectorised (one hash pass per string
    column), so a table of many other indicators costs little; only the kept rows become
    Python values."""
    iso3_codes, iso3s = encode(statistics.column("iso3"))
    code_codes, codes = encode(statistics.column("indicator"))
    iso3s, codes = iso3s.to_pylist(), codes.to_pylist()
    year, year_valid = fixed(pc.cast(statistics.column("year"), pa.int64()))
    value, value_valid = fixed(pc.cast(statistics.column("value"), pa.float64()))
    summed = np.array([c is not None and c in additive for c in codes] + [False], dtype=bool)
    named = np.array([i is not None for i in iso3s] + [False], dtype=bool)
    keep = summed[code_codes] & named[iso3_codes] & year_valid & value_valid & ~np.isnan(value)
    rows = np.flatnonzero(keep)
    iso3_values = np.array([*iso3s, None], dtype=object)
    code_values = np.array([*codes, None], dtype=object)
    return list(
        zip(
            iso3_values[iso3_codes[rows]].tolist(),
            year[rows].tolist(),
            code_values[code_codes[rows]].tolist(),
            value[rows].tolist(),
            strict=True,
        )
    )


def group_totals(
    statistics: pa.Table,
    indicators: pa.Table,
    memberships: pa.Table,
    states: pa.Table,
    years: Iterable[int],
) -> list[dict[str, Any]]:
    """Sum of each additive indicator over each group's states, per year, with the counts
    of states in the group, of those with a value, and of nuclear-armed states: one row (a
    dict with the keys ``KEY``, value and ``COUNTS``) per year, group and indicator, sorted
    by them. A group and year with no value for an indicator has no row: no data is never a
    zero. A statistic missing any of iso3, year, indicator or value (NaN counts as missing,
    as in the frames of sco_data.load) is left out."""
    additive = {
        code
        for code, flag in zip(
            indicators.column("indicator").to_pylist(),
            indicators.column("additive").to_pylist(),
            strict=True,
        )
        if flag and code is not None
    }
    roster = _roster_rows(memberships, states, years)
    groups_of: dict[tuple[str, int], list[str]] = {}
    sizes: dict[tuple[int, str], list[int]] = {}  # (year, group) -> [states, nuclear]
    for year, group, iso3, nuclear in roster:
        groups_of.setdefault((iso3, year), []).append(group)
        size = sizes.setdefault((year, group), [0, 0])
        size[0] += 1
        size[1] += nuclear

    inputs: dict[tuple[int, str, str], list[float]] = {}
    for iso3, year, code, number in _additive_rows(statistics, additive):
        for group in groups_of.get((iso3, year), ()):
            inputs.setdefault((year, group, code), []).append(number)

    names = (*KEY, "value", *COUNTS)
    rows = []
    for key in sorted(inputs):
        year, group, code = key
        states_in_group, nuclear = sizes[(year, group)]
        # math.fsum rounds the exact sum once, so the total does not depend on the row order.
        total = math.fsum(inputs[key])
        row = (year, group, code, total, states_in_group, len(inputs[key]), nuclear)
        rows.append(dict(zip(names, row, strict=True)))
    return rows
