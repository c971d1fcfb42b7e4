"""Facts agree with each other across tables: titles, nuclear tests, and sources' dates.

These are checks on the shipped data that no single Table Schema can state. Each test says which
rows it reads and asserts over all of them; none filters the rows down to the ones that pass.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

import sco_data
from sco_data._descriptor import read_tables

sys.path.insert(0, str(ROOT / "scripts"))
import build_nuclear

TABLES = read_tables(ROOT / "datapackage.json")


def _raw(name: str) -> pd.DataFrame:
    """A table as text, empty cells as None: dates compare as ISO strings at their precision."""
    frame = pd.read_csv(ROOT / TABLES[name].path, dtype=str, keep_default_na=False)
    return frame.astype(object).where(frame != "", None)


# --- Titles -------------------------------------------------------------------------------------

# British and American spellings that make one title look like two.
_SPELLINGS = [("organisation", "organization"), ("neighbourliness", "neighborliness")]


def _norm(text: str) -> str:
    text = re.sub(r"\s+", " ", text.casefold())
    for british, american in _SPELLINGS:
        text = text.replace(british, american)
    return text


def test_a_summits_declaration_is_its_documents_title() -> None:
    """Where documents has the declaration a summit adopted, summits.declaration is its title."""
    docs = _raw("documents")
    summits = _raw("summits").set_index("summit_id")
    declarations = docs[(docs["kind"] == "declaration") & docs["summit_id"].notna()]
    assert len(declarations) > 20  # every heads-of-state meeting since 2001 has one
    wrong = [
        (d.document_id, d.title, summits.at[d.summit_id, "declaration"])
        for d in declarations.itertuples()
        if summits.at[d.summit_id, "declaration"] != d.title
    ]
    assert not wrong, wrong


def test_a_documents_title_is_spelled_one_way_everywhere() -> None:
    """Wherever a document's title appears in any text cell of any table (another title, a
    declaration, a source's title, notes), it is spelled as in documents.title: the same words
    with Organisation for Organization, say, are a second spelling of one title."""
    titles = _raw("documents").set_index("document_id")["title"]
    variants = []
    for name, table in TABLES.items():
        if name in ("statistics", "aggregates"):
            continue  # numbers and codes only
        frame = _raw(name)
        for field in table.fields:
            if field.type != "string":
                continue
            for row, cell in frame[field.name].dropna().items():
                folded, normed = cell.casefold(), _norm(cell)
                for document_id, title in titles.items():
                    if _norm(title) in normed and title.casefold() not in folded:
                        variants.append((document_id, name, field.name, row + 2, cell[:80]))
    assert not variants, variants


def test_title_spelling_check_sees_a_second_spelling() -> None:
    title = "Charter of the Shanghai Cooperation Organization"
    cell = "On the ratification of the Charter of the Shanghai Cooperation Organisation"
    assert _norm(title) in _norm(cell) and title.casefold() not in cell.casefold()


# --- Nuclear-armed states -------------------------------------------------------------------------


def test_nuclear_armed_states_is_what_the_script_builds(tmp_path: Path) -> None:
    build_nuclear.write(tmp_path)
    fresh = (tmp_path / "nuclear_armed_states.csv").read_bytes()
    assert fresh == (ROOT / "data/nuclear_armed_states.csv").read_bytes(), (
        "data/nuclear_armed_states.csv is not what scripts/build.py makes; run it"
    )


def test_the_nine_states_sipri_counts() -> None:
    n = sco_data.load("nuclear_armed_states")
    expected = {"USA", "RUS", "GBR", "FRA", "CHN", "IND", "PAK", "ISR", "PRK"}
    assert set(n["iso3"]) == expected
    assert set(n.loc[n["basis"] == "estimate", "iso3"]) == {"ISR"}


def test_first_tests_agree_between_states_and_nuclear_armed_states() -> None:
    """states.first_nuclear_test and nuclear_armed_states.counted_from are one fact: every state in
    both tables has the same day in both, and a state has a test in one only if in the other."""
    states = _raw("states").set_index("iso3")["first_nuclear_test"]
    n = _raw("nuclear_armed_states").set_index("iso3")
    tested = n.loc[n["basis"] == "first_test", "counted_from"]
    for iso3 in states.index:
        assert states[iso3] == tested.get(iso3), iso3
    assert states.notna().sum() == tested.index.isin(states.index).sum()


def test_aggregates_count_the_nuclear_armed_states_of_the_table() -> None:
    """aggregates.nuclear_armed_states, for every year and group, equals the number of the group's
    states (status on 31 December) that nuclear_armed_states counts by 31 December."""
    from sco_data._aggregate import group_rosters
    from sco_data._rules import as_tables

    agg = sco_data.load("aggregates")
    n = sco_data.load("nuclear_armed_states")
    years = sorted(agg["year"].unique())
    inputs = as_tables({n: sco_data.load(n) for n in ("memberships", "states")})
    roster = pd.DataFrame(group_rosters(inputs["memberships"], inputs["states"], years))
    counted = n.set_index(n["iso3"].astype(str))["counted_from"]
    roster = roster.assign(iso3=roster["iso3"].astype(str), group=roster["group"].astype(str))
    year_end = pd.to_datetime(roster["year"].astype(str) + "-12-31")
    roster["armed"] = roster["iso3"].map(counted).le(year_end)
    expected = roster.groupby(["year", "group"])["armed"].sum()
    got = (
        agg.assign(group=agg["group"].astype(str))
        .groupby(["year", "group"])["nuclear_armed_states"]
        .first()
    )
    pd.testing.assert_series_equal(
        got.sort_index(), expected.reindex(got.index).astype(got.dtype), check_names=False
    )


def test_four_of_nine_in_2017() -> None:
    members = set(sco_data.members_on("2017-12-31", status="member")["iso3"])
    n = sco_data.load("nuclear_armed_states")
    armed = set(n.loc[n["counted_from"] <= "2017-12-31", "iso3"])
    assert sorted(members & armed) == ["CHN", "IND", "PAK", "RUS"]
    assert len(armed) == 9


# --- Sources' dates -----------------------------------------------------------------------------

_PRECISION = {"day": 10, "month": 7, "year": 4, None: 10}


def _events() -> pd.DataFrame:
    """Every dated fact row and the source it cites for it: (table, key, event day, source_id).
    The event is what the source reports: a meeting's first day, a status's start, a signing, an
    appointment (its meeting, else the term's start), a first nuclear test."""
    rows = []
    summits = _raw("summits")
    for r in summits.itertuples():
        rows.append(("summits", r.summit_id, r.start_date, r.source_id))
    for r in _raw("memberships").itertuples():
        day = r.start_date[: _PRECISION[r.start_precision]]
        rows.append(("memberships", f"{r.iso3} {r.status} {r.start_date}", day, r.source_id))
    docs = _raw("documents")
    for r in docs.itertuples():
        rows.append(("documents", r.document_id, r.signed_date, r.source_id))
    signed = docs.set_index("document_id")["signed_date"]
    for r in _raw("principles").itertuples():
        rows.append(("principles", r.principle_id, signed[r.document_id], r.source_id))
    met = summits.set_index("summit_id")["start_date"]
    for r in _raw("secretaries_general").itertuples():
        if r.appointed_at is not None:
            day = met[r.appointed_at]
        else:
            day = r.term_start[: _PRECISION[r.term_start_precision]]
        rows.append(("secretaries_general", r.term, day, r.source_id))
    for r in _raw("nuclear_armed_states").itertuples():
        day = r.counted_from[: _PRECISION[r.counted_from_precision]]
        rows.append(("nuclear_armed_states", r.iso3, day, r.source_id))
    exercises = _raw("exercises")
    for r in exercises.itertuples():
        day = r.start_date[: _PRECISION[r.start_precision]]
        rows.append(("exercises", r.exercise_id, day, r.source_id))
    began = {
        r.exercise_id: r.start_date[: _PRECISION[r.start_precision]] for r in exercises.itertuples()
    }
    for r in _raw("exercise_participants").itertuples():
        rows.append(
            (
                "exercise_participants",
                f"{r.exercise_id} {r.iso3}",
                began[r.exercise_id],
                r.source_id,
            )
        )
    for r in _raw("states").itertuples():
        if r.first_nuclear_test is not None:
            rows.append(("states", r.iso3, r.first_nuclear_test, r.first_nuclear_test_source_id))
    return pd.DataFrame(rows, columns=["table", "key", "event", "source_id"])


def _earlier(published: str | None, event: str) -> bool:
    """True when a date known to ``published``'s precision (YYYY, YYYY-MM or YYYY-MM-DD) is surely
    before ``event`` (known to its own precision): compare on the precision both share."""
    if not isinstance(published, str):  # None, or pandas' missing value
        return False
    k = min(len(published), len(event))
    return published[:k] < event[:k]


# Sources allowed to be dated before an event they are cited for, each with the reason; the
# source's own notes must explain it (they must mention its published date).
EXPLAINED: dict[tuple[str, str], str] = {
    ("exercise_participants", "COALITION-2003 TJK"): "a report of the day before the exercise, "
    "cited for Tajikistan's announced role as observer, which two later reports confirm",
}


def test_no_source_is_dated_before_the_event_it_reports() -> None:
    published = _raw("sources").set_index("source_id")["published"].to_dict()
    events = _events()
    assert len(events) > 150  # every dated fact row, not a sample
    events["published"] = [published[s] for s in events["source_id"]]
    early = events[
        [_earlier(p, e) for p, e in zip(events["published"], events["event"], strict=True)]
    ]
    unexplained = [r for r in early.itertuples() if (r.table, str(r.key)) not in EXPLAINED]
    assert not unexplained, unexplained


def test_explained_exceptions_are_real_and_explained() -> None:
    sources = _raw("sources").set_index("source_id")
    events = _events()
    for (table, key), _reason in EXPLAINED.items():
        row = events[(events["table"] == table) & (events["key"].astype(str) == key)]
        assert len(row) == 1, (table, key)
        r = row.iloc[0]
        assert _earlier(sources.at[r.source_id, "published"], r.event), "stale exception"
        assert "published" in (sources.at[r.source_id, "notes"] or ""), r.source_id


def test_every_dated_table_is_checked() -> None:
    """A table with a date column and a source is in _events(), so a new one is not skipped."""
    covered = set(_events()["table"])
    for name, table in TABLES.items():
        dated = any(f.type == "date" for f in table.fields)
        cited = any(f.name.endswith("source_id") for f in table.fields)
        if dated and cited and name != "sources":
            assert name in covered, name


@pytest.mark.parametrize(
    ("published", "event", "earlier"),
    [
        ("2002-06-01", "2002-06-07", True),  # the Charter page as it was dated
        ("2002-06", "2002-06-07", False),  # the same month: not surely earlier
        ("2001", "2002-06-07", True),
        ("2004-06-07", "2004-06-17", True),
        ("2017-06-09", "2017", False),  # an event known to the year only
        (None, "2017-06-09", False),
    ],
)
def test_earlier_compares_at_the_shared_precision(
    published: str | None, event: str, earlier: bool
) -> None:
    assert _earlier(published, event) is earlier


def test_no_source_is_read_before_it_was_published() -> None:
    s = _raw("sources")
    early = [r.source_id for r in s.itertuples() if _earlier(r.accessed, r.published or "")]
    assert not early, early
