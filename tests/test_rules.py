"""Each rule of rules.py has a case it rejects and a case it accepts.

The frames are tiny tables typed exactly as the package's own (cast from CSV text with the
real Table Schemas), so the rules see the dtypes they see in production.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from conftest import ROOT, read_rows, set_cell

from sco_data import rules
from sco_data.cast import cast_table
from sco_data.descriptor import read_tables
from sco_data.validator import validate

TABLES = read_tables(ROOT / "datapackage.json")


def frame(table: str, text: str) -> pd.DataFrame:
    """A typed frame of ``table`` from CSV text holding only the columns a rule needs; the
    other columns are filled empty."""
    given = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    full = pd.DataFrame(
        {f: given.get(f, pd.Series([None] * len(given))) for f in TABLES[table].field_names}
    )
    typed, bad = cast_table(full, TABLES[table])
    assert not any(mask.any() for mask in bad.values()), "test data must be well typed"
    return typed


def verdict(rule: str, **frames: pd.DataFrame) -> list[bool]:
    return rules.RULES[rule].test(frames).tolist()


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
    text = "summit_id,body,number,start_date\nHS-2001,heads_of_state,1,2001-06-15\nHS-2002,heads_of_state,2,2002-06-07\nHG-2001,heads_of_government,1,2001-09-14\n"
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
