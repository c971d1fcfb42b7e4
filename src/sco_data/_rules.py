"""Rules about the data that a Table Schema cannot express.

Each rule is a function of the typed tables that returns, for every row of the table it
judges, True where the row is fine. Validation (sco_data._validation._rules) runs a rule only
when every table it needs passed its type and key checks, and treats a rule that raises as
a bug in sco-data (exit 3), never as a data problem. ``checks_for`` wraps the rules as
pandera checks for the pandera schemas generated from the Table Schemas.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:  # pragma: no cover
    import pandera.pandas as pandera

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
    m = t["memberships"].sort_values(["iso3", "start_date"], kind="stable")
    overlaps = _overlaps_earlier(m, m["start_date"], m["end_date"], by=m["iso3"], touch_ok=True)
    return (~overlaps).reindex(t["memberships"].index).astype(bool)


def _overlaps_earlier(
    frame: pd.DataFrame,
    start: pd.Series,
    end: pd.Series,
    by: pd.Series | None = None,
    touch_ok: bool = True,
) -> pd.Series:
    """Whether each period (rows in order) starts before the latest end of the periods
    before it (in its ``by`` group): compared with the running maximum of earlier ends, not
    just the previous period's, so 2005-2020, 2006-2007, 2010- is caught at 2010. An open
    end (missing) lasts for ever. ``touch_ok``: a period may start on the day one ends."""
    far = pd.Timestamp.max.as_unit("us") if str(end.dtype).endswith("[us]") else pd.Timestamp.max
    ends = end.fillna(far)
    keys = by.astype("string") if by is not None else pd.Series("", index=frame.index)
    latest = ends.groupby(keys, observed=True, sort=False).cummax()
    earlier = latest.groupby(keys, observed=True, sort=False).shift()
    has_earlier = earlier.notna()
    crosses = start < earlier if touch_ok else start <= earlier
    return (has_earlier & crosses.fillna(False)).astype(bool)


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


@rule(
    "memberships",
    "granted_at",
    "the summit named in granted_at did not meet on the start day",
    needs=("summits",),
)
def granted_at_summit_on_start_day(t: Frames) -> pd.Series:
    m = t["memberships"]
    s = t["summits"].set_index(t["summits"]["summit_id"].astype("string"))
    key = m["granted_at"].astype("string")
    known = key.isin(s.index)  # an unknown summit is a foreign key problem, reported there
    first = key.map(s["start_date"])
    last = key.map(s["end_date"])
    inside = (first <= m["start_date"]) & (m["start_date"] <= last)
    return (key.isna() | ~known | inside.fillna(False)).astype(bool)


@rule(
    "memberships",
    "start_date",
    "a founder's membership does not start on the founding day (the first heads-of-state meeting)",
    needs=("summits",),
)
def founders_start_on_founding_day(t: Frames) -> pd.Series:
    m = t["memberships"]
    s = t["summits"]
    founding = s[(s["body"] == "heads_of_state") & (s["number"] == 1)]
    if founding.empty:
        return pd.Series(True, index=m.index)
    day = founding["start_date"].iloc[0]
    founder = (m["status"] == "member") & (
        m["granted_at"].astype("string") == str(founding["summit_id"].iloc[0])
    )
    return (~founder | (m["start_date"] == day)).astype(bool)


@rule(
    "memberships", "formalised_date", "a dialogue partner's memorandum is dated before the decision"
)
def formalised_not_before_start(t: Frames) -> pd.Series:
    m = t["memberships"]
    partner = m["status"] == "dialogue_partner"
    return (~partner | _not_before(m["formalised_date"], m["start_date"])).astype(bool)


_CITED = r"\[([a-z0-9][a-z0-9-]*)\]"


def _notes_cite_known_sources(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    known = set(sources["source_id"].astype(str))
    cited = frame["notes"].astype("string").fillna("").str.findall(_CITED)
    return cited.map(lambda ids: set(ids) <= known).astype(bool)


@rule(
    "memberships",
    "notes",
    "notes cite a [source-id] that is not in the sources table",
    needs=("sources",),
)
def membership_notes_cite_sources(t: Frames) -> pd.Series:
    return _notes_cite_known_sources(t["memberships"], t["sources"])


@rule(
    "summits",
    "notes",
    "notes cite a [source-id] that is not in the sources table",
    needs=("sources",),
)
def summit_notes_cite_sources(t: Frames) -> pd.Series:
    return _notes_cite_known_sources(t["summits"], t["sources"])


@rule(
    "states",
    "shanghai_five_source_id",
    "Shanghai Five participation and its source must go together",
)
def shanghai_five_is_sourced(t: Frames) -> pd.Series:
    s = t["states"]
    return (
        s["shanghai_five"].fillna(False).astype(bool) == s["shanghai_five_source_id"].notna()
    ).astype(bool)


@rule(
    "states", "first_nuclear_test_source_id", "a first nuclear test and its source must go together"
)
def nuclear_test_is_sourced(t: Frames) -> pd.Series:
    s = t["states"]
    return (s["first_nuclear_test"].notna() == s["first_nuclear_test_source_id"].notna()).astype(
        bool
    )


@rule(
    "statistics",
    "year",
    "year lies outside the upstream coverage of its indicator (indicators.coverage_start/end)",
    needs=("indicators",),
)
def year_within_coverage(t: Frames) -> pd.Series:
    st = t["statistics"]
    ind = t["indicators"].drop_duplicates("indicator")
    # One hash lookup per row into the few hundred indicators (tables of a million rows occur).
    codes = (
        pc.index_in(
            pa.array(st["indicator"].astype("string")),
            value_set=pa.array(ind["indicator"].astype(str)),
        )
        .fill_null(-1)
        .to_numpy()
    )
    known = codes >= 0
    start = ind["coverage_start"].to_numpy(dtype="float64", na_value=float("nan"))[codes]
    end = ind["coverage_end"].to_numpy(dtype="float64", na_value=float("nan"))[codes]
    year = st["year"].to_numpy(dtype="float64", na_value=float("nan"))
    outside = known & ((year < start) | (year > end))
    return pd.Series(~outside, index=st.index)


@rule("aggregates", "states_with_data", "more states with data than states in the group")
def data_within_group(t: Frames) -> pd.Series:
    a = t["aggregates"]
    return (a["states_with_data"] <= a["states"]).fillna(True).astype(bool)


@rule("aggregates", "share", "share is not the group total divided by the world value")
def share_is_total_over_world(t: Frames) -> pd.Series:
    a = t["aggregates"]
    expected = a["value"] / a["world_value"]
    close = (a["share"] - expected).abs() <= 1e-12 * expected.abs()
    return (a["share"].isna() & a["world_value"].isna() | close.fillna(False)).astype(bool)


@rule(
    "aggregates",
    "value",
    "does not equal the sum of its inputs (statistics of the group's states on 31 December)",
    needs=("statistics", "indicators", "memberships", "states"),
)
def aggregates_match_inputs(t: Frames) -> pd.Series:
    from ._aggregate import KEY, group_totals

    a = t["aggregates"]
    years = range(int(a["year"].min()), int(a["year"].max()) + 1) if len(a) else range(0)
    expected = group_totals(t["statistics"], t["indicators"], t["memberships"], t["states"], years)
    keyed = a[KEY].astype({"group": "string", "indicator": "string"}).astype(object)
    exp = expected.astype({"group": "string", "indicator": "string"}).astype(
        {k: object for k in KEY}
    )
    joined = keyed.reset_index().merge(exp, on=KEY, how="left").set_index("index")
    value_ok = (a["value"] - joined["value"]).abs() <= 1e-12 * joined["value"].abs()
    counts_ok = (
        (a["states"] == joined["states"])
        & (a["states_with_data"] == joined["states_with_data"])
        & (a["nuclear_armed_states"] == joined["nuclear_armed_states"])
    )
    return (value_ok & counts_ok).fillna(False).astype(bool)


@rule("secretaries_general", "term_end", "ends before it starts")
def term_end_not_before_start(t: Frames) -> pd.Series:
    g = t["secretaries_general"]
    return _not_before(g["term_end"], g["term_start"])


@rule(
    "secretaries_general",
    "term_start",
    "starts before the previous term (by term number) ended, or the previous term has no end",
)
def terms_do_not_overlap(t: Frames) -> pd.Series:
    g = t["secretaries_general"].sort_values("term", kind="stable")
    overlaps = _overlaps_earlier(g, g["term_start"], g["term_end"], touch_ok=False)
    return (~overlaps).reindex(t["secretaries_general"].index).astype(bool)


@rule("secretaries_general", "term_end_precision", "term_end and its precision must go together")
def term_end_has_precision(t: Frames) -> pd.Series:
    g = t["secretaries_general"]
    return (g["term_end"].isna() == g["term_end_precision"].isna()).astype(bool)


def checks_for(table: str, frames: Frames) -> list[pandera.Check]:
    """The rules on ``table`` as pandera frame checks, for the rules whose tables are loaded."""
    import pandera.pandas as pandera

    checks = []
    for r in RULES.values():
        if r.table != table or not all(name in frames for name in r.needs):
            continue
        checks.append(pandera.Check(_bind(r, frames, table), name=f"{r.name}"))
    return checks


def _bind(r: Rule, frames: Frames, table: str) -> Callable[[pd.DataFrame], pd.Series]:
    def test(frame: pd.DataFrame) -> pd.Series:
        return r.test({**frames, table: frame})

    return test


# --- Joint exercises (exercises, exercise_participants) -------------------------------------


def _exercise_last_day(e: pd.DataFrame) -> pd.Series:
    """The last day an exercise may have lasted: its end_date, or else the last day of the
    day, month or year that start_date stands for."""
    start = e["start_date"]
    precision = e["start_precision"].astype("string")
    month_end = start + pd.offsets.MonthEnd(0)
    year_end = start + pd.offsets.YearEnd(0)
    implied = start.where(precision == "day", month_end.where(precision == "month", year_end))
    return e["end_date"].fillna(implied)


@rule("exercises", "end_date", "ends before it starts")
def exercise_end_not_before_start(t: Frames) -> pd.Series:
    e = t["exercises"]
    return _not_before(e["end_date"], e["start_date"])


@rule("exercises", "end_precision", "end_date and its precision must go together")
def exercise_end_has_precision(t: Frames) -> pd.Series:
    e = t["exercises"]
    return (e["end_date"].isna() == e["end_precision"].isna()).astype(bool)


@rule(
    "exercises",
    "start_date",
    "dated after the day its source was read (no future or planned exercises)",
    needs=("sources",),
)
def exercise_not_after_source_read(t: Frames) -> pd.Series:
    e = t["exercises"]
    s = t["sources"].drop_duplicates("source_id")
    read = (
        e["source_id"]
        .astype("string")
        .map(s.set_index(s["source_id"].astype("string"))["accessed"])
    )
    last = e["end_date"].fillna(e["start_date"])
    # An unknown source is a foreign key problem, reported there.
    return (read.isna() | (last <= read)).astype(bool)


@rule("exercises", "cohost_iso3", "the second host is the same state as the host")
def exercise_cohost_differs(t: Frames) -> pd.Series:
    e = t["exercises"]
    same = e["cohost_iso3"].astype("string") == e["host_iso3"].astype("string")
    return (~same.fillna(False)).astype(bool)


@rule(
    "exercises",
    "name",
    "another exercise has the same name and starts in the same year (an exercise listed twice)",
)
def exercise_listed_once(t: Frames) -> pd.Series:
    e = t["exercises"]
    key = pd.DataFrame(
        {
            "name": e["name"].astype("string").str.strip().str.casefold(),
            "year": e["start_date"].dt.year,
        }
    )
    return (~key.duplicated(keep=False)).astype(bool)


@rule("exercises", "troops_source_id", "a source for troops is given but troops is empty")
def troops_source_needs_troops(t: Frames) -> pd.Series:
    e = t["exercises"]
    return (e["troops_source_id"].isna() | e["troops"].notna()).astype(bool)


@rule(
    "exercises",
    "notes",
    "notes cite a [source-id] that is not in the sources table",
    needs=("sources",),
)
def exercise_notes_cite_sources(t: Frames) -> pd.Series:
    return _notes_cite_known_sources(t["exercises"], t["sources"])


@rule(
    "exercise_participants",
    "iso3",
    "the state held no SCO status on the exercise's days and notes do not say why it is listed",
    needs=("exercises", "memberships"),
)
def participant_held_status(t: Frames) -> pd.Series:
    p = t["exercise_participants"]
    e = t["exercises"].drop_duplicates("exercise_id")
    e = e.set_index(e["exercise_id"].astype("string"))
    key = p["exercise_id"].astype("string")
    first = key.map(e["start_date"])
    last = key.map(_exercise_last_day(e))
    m = t["memberships"]
    pairs = pd.DataFrame(
        {"iso3": p["iso3"].astype("string"), "first": first, "last": last, "row": p.index}
    )
    joined = pairs.merge(
        m[["iso3", "start_date", "end_date"]].assign(iso3=m["iso3"].astype("string")),
        on="iso3",
        how="left",
    )
    overlaps = (joined["start_date"] <= joined["last"]) & (
        joined["end_date"].isna() | (joined["end_date"] > joined["first"])
    )
    held = overlaps.groupby(joined["row"]).any().reindex(p.index, fill_value=False)
    # An unknown exercise is a foreign key problem, reported there.
    explained = p["notes"].astype("string").str.strip().fillna("") != ""
    return (held | explained | first.isna()).astype(bool)


@rule(
    "exercise_participants",
    "notes",
    "notes cite a [source-id] that is not in the sources table",
    needs=("sources",),
)
def participant_notes_cite_sources(t: Frames) -> pd.Series:
    return _notes_cite_known_sources(t["exercise_participants"], t["sources"])
