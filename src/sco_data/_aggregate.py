"""Group totals of additive indicators: the one computation behind the aggregates table.

scripts/build_statistics.py writes the aggregates table with it, and the rule
``aggregates_match_inputs`` re-derives every row with it, so a hand edit cannot pass.
"""

from __future__ import annotations

import math

import pandas as pd

from ._groups import observers_turned_partners
from ._statuses import held_mask

KEY = ["year", "group", "indicator"]
COUNTS = ["states", "states_with_data", "nuclear_armed_states"]


def group_rosters(memberships: pd.DataFrame, states: pd.DataFrame, years: range) -> pd.DataFrame:
    """One row per (year, group, iso3) for every state in the group on 31 December, with
    whether it had carried out a nuclear explosion by then. Vectorised over all years: the
    same definitions as groups.group_states, which a test compares it with."""
    m = memberships.assign(
        iso3=memberships["iso3"].astype(str), status=memberships["status"].astype(str)
    )
    former = observers_turned_partners(memberships)
    ends = pd.DataFrame({"year": list(years)})
    ends["day"] = pd.to_datetime(ends["year"].astype(str) + "-12-31")
    held = ends.merge(m[["iso3", "status", "start_date", "end_date"]], how="cross")
    held = held[held_mask(held, held["day"])]
    in_group = {
        "members": held["status"] == "member",
        "members_and_observers": held["status"].isin(["member", "observer"])
        | ((held["status"] == "partner") & held["iso3"].isin(former)),
        "all": pd.Series(True, index=held.index),
    }
    roster = pd.concat(
        [held.loc[mask, ["year", "iso3"]].assign(group=group) for group, mask in in_group.items()]
    )[["year", "group", "iso3"]]
    roster = roster.sort_values(["year", "group", "iso3"]).reset_index(drop=True)
    tests = states.assign(iso3=states["iso3"].astype(str)).set_index("iso3")["first_nuclear_test"]
    year_end = pd.to_datetime(roster["year"].astype(str) + "-12-31")
    roster["nuclear"] = (roster["iso3"].map(tests) <= year_end).fillna(False).astype(bool)
    return roster


def group_totals(
    statistics: pd.DataFrame,
    indicators: pd.DataFrame,
    memberships: pd.DataFrame,
    states: pd.DataFrame,
    years: range,
) -> pd.DataFrame:
    """Sum of each additive indicator over each group's states, per year, with the counts
    of states in the group, of those with a value, and of nuclear-armed states. A group and
    year with no value for an indicator has no row: no data is never a zero."""
    additive = set(indicators.loc[indicators["additive"].astype(bool), "indicator"].astype(str))
    # Only additive indicators are summed: keep their rows before converting any column, so
    # that a table of many other indicators costs one comparison per row and no more.
    summed = statistics[statistics["indicator"].isin(additive).fillna(False).astype(bool)]
    complete = summed.dropna(subset=["iso3", "year", "indicator", "value"])
    stats = pd.DataFrame(
        {
            "iso3": complete["iso3"].astype(str),
            "year": complete["year"].astype(int),
            "indicator": complete["indicator"].astype(str),
            "value": complete["value"].astype(float),
        }
    )
    roster = group_rosters(memberships, states, years)
    sizes = roster.groupby(["year", "group"]).agg(
        states=("iso3", "size"), nuclear_armed_states=("nuclear", "sum")
    )
    joined = roster.merge(stats, on=["iso3", "year"])
    # math.fsum rounds the exact sum once, so the total does not depend on the row order.
    totals = joined.groupby(KEY).agg(value=("value", math.fsum), states_with_data=("value", "size"))
    out = totals.reset_index().merge(sizes.reset_index(), on=["year", "group"])
    out = out.astype({"states": int, "states_with_data": int, "nuclear_armed_states": int})
    return out[[*KEY, "value", *COUNTS]].sort_values(KEY).reset_index(drop=True)
