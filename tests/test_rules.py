"""Each rule of rules.py has a case it rejects and a case it accepts.

The frames are tiny tables typed exactly as the package's own (cast from CSV text with the
real Table Schemas), so the rules see the dtypes they see in production.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from conftest import ROOT, read_rows, set_cell

from sco_data import _rules as rules
from sco_data import validate
from sco_data._cast import cast_table
from sco_data._descriptor import read_tables

TABLES = read_tables(ROOT / "datapackage.json")


def frame(table: str, text: str) -> pd.DataFrame:
    """A typed frame of ``table`` from CSV text holding only the columns a rule needs; the
    other columns are filled empty."""
    given = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    full = pd.DataFrame(
        {f: given.get(f, pd.Series([None] * len(given))) for f in TABLES[table].field_names}
    )
    text = pa.table({f: pa.array(full[f], pa.large_string(), from_pandas=True) for f in full})
    typed, bad = cast_table(text, TABLES[table])
    assert not any(mask.any() for mask in bad.values()), "test data must be well typed"
    return typed


def verdict(rule: str, **frames: pd.DataFrame) -> list[bool]:
    """The rule's verdict on the frames, handed to it as the Arrow tables it reads."""
    result = rules.RULES[rule].test(rules.as_tables(frames))
    assert (
        isinstance(result, np.ndarray)
        and result.dtype == bool
        and len(result) == len(frames[rules.RULES[rule].table])
    )
    return result.tolist()


MEMBERS = """iso3,status,start_date,end_date
CHN,member,2001-06-15,
IND,observer,2005-07-05,2017-06-09
IND,member,2017-06-09,
"""
STATES = """iso3,shanghai_five
CHN,true
IND,false
"""


def test_end_not_before_start() -> None:
    m = frame("memberships", MEMBERS + "PAK,observer,2005-07-05,2005-07-04\n")
    assert verdict("membership_end_not_before_start", memberships=m) == [True, True, True, False]
    s = frame(
        "summits",
        "summit_id,start_date,end_date\nHS-2001,2001-06-15,2001-06-15\nHS-2002,2002-06-07,2002-06-06\n",
    )
    assert verdict("summit_end_not_before_start", summits=s) == [True, False]


def test_periods_may_touch_but_not_overlap() -> None:
    ok = frame("memberships", MEMBERS)
    assert all(verdict("periods_do_not_overlap", memberships=ok))
    overlapping = frame("memberships", MEMBERS.replace("2017-06-09,\n", "2017-06-08,\n"))
    assert verdict("periods_do_not_overlap", memberships=overlapping) == [True, True, False]
    open_then_new = frame("memberships", MEMBERS.replace("2005-07-05,2017-06-09", "2005-07-05,"))
    assert verdict("periods_do_not_overlap", memberships=open_then_new) == [True, True, False]


def test_overlaps_compare_with_the_latest_earlier_end() -> None:
    """2005-2020, 2006-2007, 2010-: the third overlaps the first, not the second."""
    text = (
        "iso3,status,start_date,end_date\n"
        "IND,observer,2005-01-01,2020-01-01\n"
        "IND,dialogue_partner,2006-01-01,2007-01-01\n"
        "IND,member,2010-01-01,\n"
    )
    assert verdict("periods_do_not_overlap", memberships=frame("memberships", text)) == [
        True,
        False,
        False,
    ]
    terms = (
        "term,term_start,term_end\n"
        "1,2005-01-01,2020-01-01\n"
        "2,2006-01-01,2007-01-01\n"
        "3,2010-01-01,\n"
    )
    g = frame("secretaries_general", terms)
    assert verdict("terms_do_not_overlap", secretaries_general=g) == [True, False, False]


@pytest.mark.parametrize(
    ("summit", "expected"),
    [
        ("HS-2002,heads_of_state,2002-06-07,CHN", True),  # a member since 2001
        ("HS-2010,heads_of_state,2010-06-11,IND", False),  # only an observer then
        ("HS-2018,heads_of_state,2018-06-09,IND", True),  # a member by then
        ("HS-2017,heads_of_state,2017-06-09,IND", True),  # membership starts that day
        ("S5-1996,shanghai_five,1996-04-26,CHN", True),  # one of the five
        ("S5-1999,shanghai_five,1999-08-25,IND", False),  # never one of the five
    ],
)
def test_host_held_member_status(summit: str, expected: bool) -> None:
    s = frame("summits", "summit_id,body,start_date,host_iso3\n" + summit + "\n")
    result = verdict(
        "host_was_member",
        summits=s,
        memberships=frame("memberships", MEMBERS),
        states=frame("states", STATES),
    )
    assert result == [expected]


def test_numbers_run_one_to_n_in_date_order() -> None:
    text = (
        "summit_id,body,number,start_date\n"
        "HS-2001,heads_of_state,1,2001-06-15\n"
        "HS-2002,heads_of_state,2,2002-06-07\n"
        "HG-2001,heads_of_government,1,2001-09-14\n"
    )
    assert all(verdict("numbers_run_in_date_order", summits=frame("summits", text)))
    swapped = text.replace(",1,2001-06-15", ",2,2001-06-15").replace(
        ",2,2002-06-07", ",1,2002-06-07"
    )
    assert verdict("numbers_run_in_date_order", summits=frame("summits", swapped)) == [
        False,
        False,
        True,
    ]
    gap = text.replace(",2,2002-06-07", ",3,2002-06-07")
    assert verdict("numbers_run_in_date_order", summits=frame("summits", gap)) == [
        True,
        False,
        True,
    ]


def test_a_broken_rule_reaches_the_report(package) -> None:
    """Through the whole validator: an end date before the start is reported with its place."""
    start = pd.Timestamp(read_rows(package.parent / "data/memberships.csv")[1][0][2])
    set_cell(
        package, "memberships", 0, "end_date", (start - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    )
    report = validate(package)
    assert not report.valid
    hits = [p for p in report.problems if p.check == "membership_end_not_before_start"]
    assert [(h.file, h.row, h.column) for h in hits] == [("data/memberships.csv", 2, "end_date")]


SUMMITS = """summit_id,body,number,start_date,end_date
HS-2001,heads_of_state,1,2001-06-15,2001-06-15
HS-2017,heads_of_state,17,2017-06-08,2017-06-09
"""
SOURCES = "source_id\ntass-2017\n"

# (rule, table under test, CSV text of a passing row, of a failing row, other tables).
CASES = [
    (
        "membership_end_not_before_start",
        "memberships",
        "iso3,status,start_date,end_date\nIND,observer,2005-07-05,2005-07-05\n",
        "iso3,status,start_date,end_date\nIND,observer,2005-07-05,2005-07-04\n",
        {},
    ),
    (
        "summit_end_not_before_start",
        "summits",
        "summit_id,start_date,end_date\nHS-2001,2001-06-15,2001-06-15\n",
        "summit_id,start_date,end_date\nHS-2001,2001-06-15,2001-06-14\n",
        {},
    ),
    (
        "periods_do_not_overlap",
        "memberships",
        MEMBERS,
        MEMBERS.replace("2017-06-09,\n", "2017-06-08,\n"),
        {},
    ),
    (
        "host_was_member",
        "summits",
        "summit_id,body,start_date,host_iso3\nHS-2002,heads_of_state,2002-06-07,CHN\n",
        "summit_id,body,start_date,host_iso3\nHS-2010,heads_of_state,2010-06-11,IND\n",
        {"memberships": MEMBERS, "states": STATES},
    ),
    (
        "numbers_run_in_date_order",
        "summits",
        "summit_id,body,number,start_date\nHS-2001,heads_of_state,1,2001-06-15\n",
        "summit_id,body,number,start_date\nHS-2001,heads_of_state,2,2001-06-15\n",
        {},
    ),
    (
        "granted_at_summit_on_start_day",
        "memberships",
        "iso3,status,start_date,granted_at\nIND,member,2017-06-09,HS-2017\n",
        "iso3,status,start_date,granted_at\nIND,member,2017-06-10,HS-2017\n",
        {"summits": SUMMITS},
    ),
    (
        "founders_start_on_founding_day",
        "memberships",
        "iso3,status,start_date,granted_at\nCHN,member,2001-06-15,HS-2001\n",
        "iso3,status,start_date,granted_at\nCHN,member,2001-06-16,HS-2001\n",
        {"summits": SUMMITS},
    ),
    (
        "formalised_not_before_start",
        "memberships",
        "iso3,status,start_date,formalised_date\nTUR,dialogue_partner,2012-06-07,2013-04-26\n",
        "iso3,status,start_date,formalised_date\nTUR,dialogue_partner,2012-06-07,2012-06-06\n",
        {},
    ),
    (
        "membership_notes_cite_sources",
        "memberships",
        "iso3,notes\nIND,as reported [tass-2017]\n",
        "iso3,notes\nIND,as reported [no-such-source]\n",
        {"sources": SOURCES},
    ),
    (
        "summit_notes_cite_sources",
        "summits",
        "summit_id,notes\nHS-2017,see [tass-2017]\n",
        "summit_id,notes\nHS-2017,see [tass-2016]\n",
        {"sources": SOURCES},
    ),
    (
        "shanghai_five_is_sourced",
        "states",
        "iso3,shanghai_five,shanghai_five_source_id\nCHN,true,tass-2017\n",
        "iso3,shanghai_five,shanghai_five_source_id\nCHN,true,\n",
        {},
    ),
    (
        "nuclear_test_is_sourced",
        "states",
        "iso3,first_nuclear_test,first_nuclear_test_source_id\nCHN,1964-10-16,tass-2017\n",
        "iso3,first_nuclear_test,first_nuclear_test_source_id\nCHN,,tass-2017\n",
        {},
    ),
    (
        "year_within_coverage",
        "statistics",
        "iso3,year,indicator\nCHN,2023,SP.POP.TOTL\n",
        "iso3,year,indicator\nCHN,2026,SP.POP.TOTL\n",
        {"indicators": "indicator,coverage_start,coverage_end\nSP.POP.TOTL,1996,2025\n"},
    ),
    (
        "data_within_group",
        "aggregates",
        "year,states,states_with_data\n2017,8,8\n",
        "year,states,states_with_data\n2017,8,9\n",
        {},
    ),
    (
        "share_is_total_over_world",
        "aggregates",
        "value,world_value,share\n1,4,0.25\n",
        "value,world_value,share\n1,4,0.26\n",
        {},
    ),
    (
        "term_end_not_before_start",
        "secretaries_general",
        "term,term_start,term_end\n1,2013-01-01,2015-12-31\n",
        "term,term_start,term_end\n1,2013-01-01,2012-12-31\n",
        {},
    ),
    (
        "terms_do_not_overlap",
        "secretaries_general",
        "term,term_start,term_end\n1,2013-01-01,2015-12-31\n2,2016-01-01,\n",
        "term,term_start,term_end\n1,2013-01-01,2015-12-31\n2,2015-12-31,\n",
        {},
    ),
    (
        "term_end_has_precision",
        "secretaries_general",
        "term,term_end,term_end_precision\n1,2015-12-31,day\n",
        "term,term_end,term_end_precision\n1,2015-12-31,\n",
        {},
    ),
    (
        "exercise_end_not_before_start",
        "exercises",
        "exercise_id,start_date,end_date\nPM-2007,2007-08-09,2007-08-17\n",
        "exercise_id,start_date,end_date\nPM-2007,2007-08-09,2007-08-08\n",
        {},
    ),
    (
        "exercise_end_has_precision",
        "exercises",
        "exercise_id,end_date,end_precision\nPM-2007,2007-08-17,day\n",
        "exercise_id,end_date,end_precision\nPM-2007,2007-08-17,\n",
        {},
    ),
    (
        "exercise_not_after_source_read",
        "exercises",
        "exercise_id,start_date,source_id\nPM-2007,2007-08-09,tass-2017\n",
        "exercise_id,start_date,source_id\nPM-2027,2027-08-09,tass-2017\n",
        {"sources": "source_id,accessed\ntass-2017,2026-11-29\n"},
    ),
    (
        "exercise_cohost_differs",
        "exercises",
        "exercise_id,host_iso3,cohost_iso3\nPM-2007,RUS,CHN\n",
        "exercise_id,host_iso3,cohost_iso3\nPM-2007,RUS,RUS\n",
        {},
    ),
    (
        "exercise_listed_once",
        "exercises",
        "exercise_id,name,start_date\nPM-2007,Peace Mission 2007,2007-08-09\n"
        "PM-2009,Peace Mission 2009,2009-07-22\n",
        "exercise_id,name,start_date\nPM-2007,Peace Mission 2007,2007-08-09\n"
        "PEACE-2007,peace mission 2007 ,2007-08-10\n",
        {},
    ),
    (
        "troops_source_needs_troops",
        "exercises",
        "exercise_id,troops,troops_source_id\nPM-2007,6500,tass-2017\n",
        "exercise_id,troops,troops_source_id\nPM-2007,,tass-2017\n",
        {},
    ),
    (
        "exercise_notes_cite_sources",
        "exercises",
        "exercise_id,notes\nPM-2007,as reported [tass-2017]\n",
        "exercise_id,notes\nPM-2007,as reported [no-such-source]\n",
        {"sources": SOURCES},
    ),
    (
        "participant_held_status",
        "exercise_participants",
        "exercise_id,iso3,role\nPM-2018,IND,participant\n",
        "exercise_id,iso3,role\nCK-2002,IND,participant\n",
        {
            "exercises": "exercise_id,start_date,start_precision,end_date\n"
            "CK-2002,2002-10-10,day,2002-10-11\nPM-2018,2018-08-22,day,2018-08-29\n",
            "memberships": MEMBERS,
        },
    ),
    (
        "participant_notes_cite_sources",
        "exercise_participants",
        "exercise_id,iso3,notes\nPM-2018,IND,see [tass-2017]\n",
        "exercise_id,iso3,notes\nPM-2018,IND,see [tass-2016]\n",
        {"sources": SOURCES},
    ),
]


@pytest.mark.parametrize(
    ("rule", "table", "good", "bad", "others"), CASES, ids=[c[0] for c in CASES]
)
def test_rule_accepts_good_and_rejects_bad(rule, table, good, bad, others) -> None:
    context = {name: frame(name, text) for name, text in others.items()}
    assert all(verdict(rule, **context, **{table: frame(table, good)}))
    assert not all(verdict(rule, **context, **{table: frame(table, bad)}))


def test_aggregates_rule_rederives_every_row(package) -> None:
    """Hand-editing one aggregate (even by one person) is caught; the untouched rows pass."""
    tables = {
        n: __import__("sco_data").load(n, package)
        for n in ("statistics", "indicators", "memberships", "states", "aggregates")
    }
    assert all(verdict("aggregates_match_inputs", **tables))
    edited = tables["aggregates"].copy()
    edited.loc[0, "value"] += 1
    result = verdict("aggregates_match_inputs", **{**tables, "aggregates": edited})
    assert result == [False] + [True] * (len(edited) - 1)


@pytest.mark.parametrize(
    ("start", "precision", "end", "notes", "expected"),
    [
        ("2002-10-10", "day", "2002-10-11", "", False),  # India had no status in 2002
        ("2002-10-10", "day", "2002-10-11", "invited as a guest", True),  # notes say why
        ("2005-01-01", "year", "", "", True),  # observer from 2005-07-05, within that year
        ("2005-06-01", "month", "", "", False),  # June 2005 ended before 5 July
        ("2005-06-20", "day", "2005-07-06", "", True),  # the status began during the exercise
    ],
)
def test_participant_status_on_the_exercise_days(start, precision, end, notes, expected) -> None:
    """A participant must have held a status on some day of the exercise (for an exercise
    dated only to the month or year, on some day of it), or notes must say why it is listed."""
    exercises = frame(
        "exercises",
        f"exercise_id,start_date,start_precision,end_date\nX-2005,{start},{precision},{end}\n",
    )
    participants = frame(
        "exercise_participants", f"exercise_id,iso3,role,notes\nX-2005,IND,participant,{notes}\n"
    )
    result = verdict(
        "participant_held_status",
        exercise_participants=participants,
        exercises=exercises,
        memberships=frame("memberships", MEMBERS),
    )
    assert result == [expected]


# Rules whose inputs are too large for a CASES row, with the test that covers them.
DEDICATED = {
    "aggregates_match_inputs": test_aggregates_rule_rederives_every_row,
    "participant_held_status": test_participant_status_on_the_exercise_days,
}


def test_every_rule_has_a_case() -> None:
    """Every registered rule has a passing and a failing case in CASES, or a dedicated test."""
    covered = {c[0] for c in CASES} | set(DEDICATED)
    assert covered == set(rules.RULES)
    assert all(callable(t) and t.__name__.startswith("test_") for t in DEDICATED.values())


def test_a_rule_that_raises_is_an_internal_error(package, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in a check is exit 3, never a data problem and never "valid"."""
    from click.testing import CliRunner

    from sco_data.cli import main

    def broken(t):
        raise KeyError("a duplicated key the rule did not expect")

    rule = rules.RULES["periods_do_not_overlap"]
    monkeypatch.setitem(rules.RULES, rule.name, rules.Rule(**{**rule.__dict__, "test": broken}))
    report = validate(package)
    assert report.problems == []
    assert not report.valid and report.exit_code == 3
    assert "periods_do_not_overlap" in report.internal[0] and "bug" in report.internal[0]
    result = CliRunner().invoke(main, ["validate", str(package)])
    assert result.exit_code == 3
    assert "internal error" in result.output


@pytest.mark.parametrize(
    "wrong",
    [
        lambda n: np.ones(n - 1, dtype=bool),  # one row short
        lambda n: np.ones(n, dtype=np.int64),  # not booleans
        lambda n: [True] * n,  # not an array
    ],
    ids=["short", "int", "list"],
)
def test_a_verdict_that_is_not_one_bool_per_row_is_an_internal_error(
    package, monkeypatch: pytest.MonkeyPatch, wrong
) -> None:
    rule = rules.RULES["periods_do_not_overlap"]

    def broken(t):
        return wrong(t["memberships"].num_rows)

    monkeypatch.setitem(rules.RULES, rule.name, rules.Rule(**{**rule.__dict__, "test": broken}))
    report = validate(package)
    assert report.problems == [] and report.exit_code == 3
    assert "one boolean per row" in report.internal[0]


def test_rules_whose_inputs_failed_are_skipped_and_said_so(package) -> None:
    set_cell(package, "memberships", 0, "start_date", "2012-13-07")
    report = validate(package)
    assert [p.check for p in report.problems] == ["type"]
    skipped = {s.check for s in report.skipped}
    assert {"aggregates_match_inputs", "periods_do_not_overlap"} <= skipped


# Run in a fresh interpreter: read and type every shipped table as validation does (not with
# the sco_data loader, which uses pandas), run every rule, and report which heavy libraries
# got imported on the way.
_WITHOUT_PANDAS = """
import json, sys
from sco_data import _rules as rules
from sco_data._csvread import read_arrow
from sco_data._descriptor import descriptor_path, read_tables
from sco_data._validation._types import cast

path = descriptor_path()
tables = {}
for name, table in read_tables(path).items():
    tables[name], problems = cast(read_arrow(path.parent / table.path, table.missing_values), table)
    assert not problems, name
verdicts = {}
for name, rule in rules.RULES.items():
    verdict = rule.test(tables)
    assert verdict.dtype == bool and verdict.shape == (tables[rule.table].num_rows,), name
    verdicts[name] = verdict.tolist()
print(json.dumps({"verdicts": verdicts,
                  "imported": sorted(m for m in ("pandas", "pandera") if m in sys.modules)}))
"""


def test_rules_run_on_arrow_tables_without_importing_pandas() -> None:
    """Validating a package must not pay for importing pandas: every rule runs on Arrow
    tables read without it, passes every row of the shipped package, and pandas and pandera
    are still not imported at the end. The same rules on the pandas-loaded tables (through
    as_tables) give the same verdicts."""
    import json
    import subprocess
    import sys

    import sco_data

    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PANDAS], capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    assert result["imported"] == []
    assert set(result["verdicts"]) == set(rules.RULES)
    failing = {name: v.count(False) for name, v in result["verdicts"].items() if not all(v)}
    assert failing == {}
    frames = sco_data.load_all()
    assert result["verdicts"] == {
        name: verdict(name, **{n: frames[n] for n in r.needs}) for name, r in rules.RULES.items()
    }


def test_a_member_without_granted_at_is_no_founder() -> None:
    """A member row with no granted_at is not a founder's, whatever its start (the pandas
    version of the rule raised on it, an internal error instead of a verdict)."""
    m = frame(
        "memberships",
        "iso3,status,start_date,granted_at\n"
        "CHN,member,2001-06-15,HS-2001\n"
        "IND,member,2017-06-10,\n"
        "KAZ,member,2001-06-16,HS-2001\n",
    )
    s = frame("summits", SUMMITS)
    assert verdict("founders_start_on_founding_day", memberships=m, summits=s) == [
        True,
        True,
        False,
    ]


def _reencoded(table: pa.Table, how: str) -> pa.Table:
    """The same table as the validation may hand it over: strings large or dictionary-encoded
    with the rows split into two chunks, or every column one chunk that starts at an offset
    into its buffers (as a slice does)."""
    columns = []
    for column in table.columns:
        if how == "offset":
            whole = column.combine_chunks()
            padded = pa.concat_arrays([pa.nulls(len(whole) + 3, whole.type), whole])
            column = pa.chunked_array([padded.slice(len(whole) + 3)])
        elif pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = (
                pc.dictionary_encode(column)
                if how == "dictionary"
                else column.cast(pa.large_string())
            )
        columns.append(column)
    out = pa.table(columns, names=table.column_names)
    half = out.num_rows // 2
    if how == "offset" or not half:
        return out
    return pa.concat_tables([out.slice(0, half), out.slice(half)])


@pytest.mark.parametrize("how", ["large_string", "dictionary", "offset"])
@pytest.mark.parametrize(
    ("rule", "table", "good", "bad", "others"), CASES, ids=[c[0] for c in CASES]
)
def test_rules_read_every_string_encoding_and_chunking(rule, table, good, bad, others, how) -> None:
    """The contract lets strings come as string, large_string or dictionary, in chunks:
    every rule flags the same rows however its tables are encoded."""
    context = {name: frame(name, text) for name, text in others.items()}
    for text in (good, bad, bad + good.split("\n", 1)[1]):
        plain = rules.as_tables({**context, table: frame(table, text)})
        encoded = {name: _reencoded(t, how) for name, t in plain.items()}
        expected = rules.RULES[rule].test(plain).tolist()
        assert rules.RULES[rule].test(encoded).tolist() == expected


def test_nan_counts_as_missing_in_number_columns() -> None:
    """A NaN in a number column is read as missing, as it was when the rules read the typed
    frames of pandas (where a NaN cell is NA): a share and world value both NaN pass like
    both empty, and a NaN statistic is summed nowhere."""
    a = rules.as_tables(
        {"aggregates": frame("aggregates", "value,world_value,share\n1,,\n1,4,0.25\n")}
    )["aggregates"]
    nan = pa.array([float("nan"), 4.0])
    with_nan = a.set_column(a.column_names.index("world_value"), "world_value", nan)
    with_nan = with_nan.set_column(with_nan.column_names.index("share"), "share", nan)
    result = rules.RULES["share_is_total_over_world"].test({"aggregates": with_nan})
    assert result.tolist() == [True, False]

    import sco_data
    from sco_data._aggregate import group_totals

    inputs = rules.as_tables(
        {n: sco_data.load(n) for n in ("statistics", "indicators", "memberships", "states")}
    )
    stats = inputs["statistics"]
    values = stats.column("value").to_pylist()
    first = next(i for i, v in enumerate(values) if v is not None)
    row = {c: stats.column(c)[first].as_py() for c in ("iso3", "year", "indicator")}
    for missing in (None, float("nan")):
        changed = values.copy()
        changed[first] = missing
        edited = stats.set_column(
            stats.column_names.index("value"), "value", pa.array(changed, pa.float64())
        )
        totals = group_totals(
            edited, inputs["indicators"], inputs["memberships"], inputs["states"], [row["year"]]
        )
        assert not any(isinstance(t["value"], float) and t["value"] != t["value"] for t in totals)
        if missing is None:
            without = totals
    assert totals == without
