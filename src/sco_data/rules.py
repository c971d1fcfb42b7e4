"""Rules about the data that a Table Schema cannot express.

Each rule is a function of the typed tables that returns, for every row of the table it
judges, True where the row is fine. ``checks_for`` wraps the rules as pandera checks, so a
table's pandera schema carries both its Table Schema constraints and these rules, and one
report lists every problem.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

Frames = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Rule:
    name: str
    table: str
    column: str
    needs: tuple[str, ...]
    message: str
    test: Callable[[Frames], pd.Series]


RULES: dict[str, Rule] = {}


def rule(table: str, column: str, message: str, needs: tuple[str, ...] = ()):
    """Register a rule on ``table``; ``column`` is where a broken row is reported."""

    def register(test: Callable[[Frames], pd.Series]) -> Callable[[Frames], pd.Series]:
        RULES[test.__name__] = Rule(test.__name__, table, column, (table, *needs), message, test)
        return test

    return register


def _not_before(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """True where ``later`` is missing or on/after ``earlier``."""
    return (later.isna() | earlier.isna() | (later >= earlier)).astype(bool)


@rule("memberships", "end_date", "ends before it starts")
def membership_end_not_before_start(t: Frames) -> pd.Series:
    m = t["memberships"]
    return _not_before(m["end_date"], m["start_date"])


@rule("summits", "end_date", "ends before it starts")
def summit_end_not_before_start(t: Frames) -> pd.Series:
    s = t["summits"]
    return _not_before(s["end_date"], s["start_date"])


@rule(
    "memberships",
    "start_date",
    "overlaps another period of status of the same state (a state holds one status at a time)",
)
def periods_do_not_overlap(t: Frames) -> pd.Series:
    m = t["memberships"].sort_values(["iso3", "start_date"])
    previous_end = m.groupby("iso3", observed=True)["end_date"].shift()
    has_previous = m.groupby("iso3", observed=True).cumcount() > 0
    overlaps = has_previous & (previous_end.isna() | (m["start_date"] < previous_end))
    return (~overlaps).reindex(t["memberships"].index).astype(bool)


def _held(memberships: pd.DataFrame, iso3: pd.Series, day: pd.Series, status: str) -> pd.Series:
    """Whether each state in ``iso3`` held ``status`` on the matching ``day``.

    A status holds from its start day up to, not including, its end day, because the end day
    is the first day of the state's next status.
    """
    periods = memberships[memberships["status"] == status]
    pairs = pd.DataFrame({"iso3": iso3.astype("string"), "day": day, "row": iso3.index})
    joined = pairs.merge(
        periods.assign(iso3=periods["iso3"].astype("string")), on="iso3", how="left"
    )
    inside = (joined["start_date"] <= joined["day"]) & (
        joined["end_date"].isna() | (joined["day"] < joined["end_date"])
    )
    return inside.groupby(joined["row"]).any().reindex(iso3.index, fill_value=False)


@rule(
    "summits",
    "host_iso3",
    "host was not a member on the first day (for the Shanghai Five: not one of the five)",
    needs=("memberships", "states"),
)
def host_was_member(t: Frames) -> pd.Series:
    s = t["summits"]
    five = set(t["states"].loc[t["states"]["shanghai_five"].fillna(False).astype(bool), "iso3"])
    is_five = s["body"] == "shanghai_five"
    member = _held(t["memberships"], s["host_iso3"], s["start_date"], "member")
    return (member & ~is_five) | (is_five & s["host_iso3"].isin(five))


@rule("summits", "number", "numbers within a body do not run 1, 2, 3, ... in date order")
def numbers_run_in_date_order(t: Frames) -> pd.Series:
    s = t["summits"].sort_values(["body", "start_date"])
    expected = s.groupby("body", observed=True).cumcount() + 1
    return (s["number"] == expected).reindex(t["summits"].index).fillna(False).astype(bool)


def checks_for(table: str, frames: Frames) -> list[pa.Check]:
    """The rules on ``table`` as pandera frame checks, for the rules whose tables are loaded."""
    checks = []
    for r in RULES.values():
        if r.table != table or not all(name in frames for name in r.needs):
            continue
        checks.append(pa.Check(_bind(r, frames, table), name=f"{r.name}"))
    return checks


def _bind(r: Rule, frames: Frames, table: str) -> Callable[[pd.DataFrame], pd.Series]:
    def test(frame: pd.DataFrame) -> pd.Series:
        return r.test({**frames, table: frame})

    return test
