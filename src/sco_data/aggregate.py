"""Group totals of additive indicators: the one computation behind the aggregates table.

scripts/build_statistics.py writes the aggregates table with it, and the rule
``aggregates_match_inputs`` re-derives every row with it, so a hand edit cannot pass.
"""

from __future__ import annotations

import pandas as pd

from .groups import GROUPS, group_states

KEY = ["year", "group", "indicator"]


def nuclear_armed(states: pd.DataFrame, members: set[str], year: int) -> int:
    """How many of ``members`` had carried out a nuclear explosion by 31 December of ``year``."""
    tested = states[states["first_nuclear_test"] <= pd.Timestamp(f"{year}-12-31")]
    return int(tested["iso3"].astype(str).isin(members).sum())


def group_totals(
    statistics: pd.DataFrame,
    indicators: pd.DataFrame,
    memberships: pd.DataFrame,
    states: pd.DataFrame,
    years: range,
) -> pd.DataFrame:
    """Sum of each additive indicator over each group's states, per year, with the counts
    of states in the group, of those with a value, and of nuclear-armed states."""
    additive = indicators.loc[indicators["additive"].astype(bool), "indicator"].astype(str)
    stats = statistics.assign(
        iso3=statistics["iso3"].astype(str), indicator=statistics["indicator"].astype(str)
    )
    rows = []
    for year in years:
        this_year = stats[stats["year"] == year]
        for group in GROUPS:
            members = group_states(memberships, year, group)
            if not members:
                continue
            inside = this_year[this_year["iso3"].isin(members)]
            for code in additive:
                values = inside.loc[inside["indicator"] == code, "value"]
                if values.empty:
                    continue  # no data is no row, never a zero
                rows.append(
                    {
                        "year": year,
                        "group": group,
                        "indicator": code,
                        "value": float(values.sum()),
                        "states": len(members),
                        "states_with_data": int(values.notna().sum()),
                        "nuclear_armed_states": nuclear_armed(states, members, year),
                    }
                )
    return pd.DataFrame(
        rows, columns=[*KEY, "value", "states", "states_with_data", "nuclear_armed_states"]
    )
