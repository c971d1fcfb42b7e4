"""The state-year panel, counts and summit list: recomputed by a plain second method, spot-checked
against facts, and driven through the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import sco_data
from sco_data import _panel
from sco_data._statuses import PRECEDENCE, statuses
from sco_data.cli import main

ROOT = Path(__file__).resolve().parent.parent
CODES = ROOT / "sources" / "state-codes"
FIRST, LAST = 1990, 2025  # from before the Soviet states' independence to the default end


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _plain_panel() -> dict[tuple[str, int], dict]:
    """Every state-year from the CSV files with the csv module and a loop over the days of each
    year: no pandas and nothing from sco_data, so that it shares no code with the panel."""
    periods = [
        (r["iso3"], r["status"], _day(r["start_date"]), _day(r["end_date"]))
        for r in _read(ROOT / "data" / "memberships.csv")
    ]
    states = _read(ROOT / "data" / "states.csv")
    cow_years = {(r["cown"], int(r["year"])) for r in _read(CODES / "cow_state_years_extract.csv")}
    gw_years = {(r["gwn"], int(r["year"])) for r in _read(CODES / "gw_state_years_extract.csv")}
    five = {r["iso3"] for r in _read(ROOT / "sources" / "shanghai-five.csv")}
    rank = {"member": 0, "observer": 1, "partner": 2, "dialogue_partner": 3}
    code = {"member": 1, "observer": 3, "partner": 0, "dialogue_partner": 0}
    out = {}
    for state in states:
        iso3 = state["iso3"]
        mine = [p for p in periods if p[0] == iso3]
        for year in range(FIRST, LAST + 1):
            days = {"member": 0, "observer": 0, "dialogue_partner": 0, "partner": 0}
            on_dec31 = None
            day = dt.date(year, 1, 1)
            while day.year == year:
                held = [s for _, s, a, b in mine if a <= day and (b is None or day < b)]
                assert len(held) <= 1, (iso3, day, held)
                for status in held:
                    days[status] += 1
                if day == dt.date(year, 12, 31):
                    on_dec31 = held[0] if held else None
                day += dt.timedelta(days=1)
            any_status = min((s for s, n in days.items() if n), key=rank.get, default=None)
            in_cow = (state["cow_code"], year) in cow_years if year <= 2016 else None
            in_gw = (state["gw_code"], year) in gw_years if year <= 2017 else None
            # Beyond COW's list the state is taken to stay in the system (all of them do).
            exists = in_cow if in_cow is not None else True
            shanghai_five = iso3 in five and 1996 <= year <= 2000
            out[(iso3, year)] = {
                "dec31": on_dec31,
                "any": any_status,
                "days": days,
                "in_cow": in_cow,
                "in_gw": in_gw,
                "five": shanghai_five,
                "cow_igo": {
                    rule: -1 if not exists else 1 if shanghai_five else code.get(status, 0)
                    for rule, status in (("dec31", on_dec31), ("any", any_status))
                },
            }
    return out


@pytest.fixture(scope="module")
def plain() -> dict[tuple[str, int], dict]:
    return _plain_panel()


def _none(value):
    return None if pd.isna(value) else value


@pytest.mark.parametrize("rule", ["dec31", "any", "days"])
def test_panel_equals_a_day_by_day_recomputation(plain: dict, rule: str) -> None:
    frame = sco_data.panel(FIRST, LAST, rule)
    assert len(frame) == len(plain) == 27 * (LAST - FIRST + 1)
    for row in frame.to_dict("records"):
        want = plain[(row["iso3"], int(row["year"]))]
        if rule == "days":
            got = {
                s: int(row[f"days_{s}"])
                for s in ("member", "observer", "dialogue_partner", "partner")
            }
            assert got == want["days"], (row["iso3"], row["year"])
            assert row["cow_igo"] == want["cow_igo"]["any"], (row["iso3"], row["year"])
        else:
            assert _none(row["status"]) == want[rule], (row["iso3"], row["year"])
            assert row["cow_igo"] == want["cow_igo"][rule], (row["iso3"], row["year"])
        assert _none(row["in_cow_system"]) == want["in_cow"], (row["iso3"], row["year"])
        assert _none(row["in_gw_system"]) == want["in_gw"], (row["iso3"], row["year"])
        assert bool(row["shanghai_five"]) == want["five"], (row["iso3"], row["year"])


def _row(frame: pd.DataFrame, iso3: str, year: int) -> dict:
    (row,) = frame[(frame["iso3"] == iso3) & (frame["year"] == year)].to_dict("records")
    return row


def test_the_documented_examples_tell_the_rules_apart() -> None:
    dec31, anyday, days = (sco_data.panel(2017, 2025, rule) for rule in ("dec31", "any", "days"))
    assert _row(dec31, "IND", 2017)["status"] == _row(anyday, "IND", 2017)["status"] == "member"
    india = _row(days, "IND", 2017)
    assert (india["days_observer"], india["days_member"]) == (159, 206)
    assert _row(dec31, "MNG", 2025)["status"] == "partner"
    assert _row(anyday, "MNG", 2025)["status"] == "observer"
    assert (_row(dec31, "MNG", 2025)["cow_igo"], _row(anyday, "MNG", 2025)["cow_igo"]) == (0, 3)


def test_shanghai_five_years_and_state_years_outside_the_system() -> None:
    frame = sco_data.panel(1990, 2001)
    china = _row(frame, "CHN", 1996)
    assert pd.isna(china["status"]) and china["shanghai_five"] and china["cow_igo"] == 1
    assert _row(frame, "UZB", 2000)["cow_igo"] == 0  # not one of the five
    assert _row(frame, "UZB", 2001)["status"] == "member"
    kazakhstan = _row(frame, "KAZ", 1990)  # a Soviet republic, not yet a state
    assert kazakhstan["cow_igo"] == -1 and not kazakhstan["in_cow_system"]
    assert _row(frame, "KAZ", 1991)["in_cow_system"]


def test_counts_for_2017() -> None:
    for rule in ("dec31", "any"):
        row = _row(sco_data.counts(rule).assign(iso3="-"), "-", 2017)
        assert (row["member"], row["observer"], row["dialogue_partner"], row["partner"]) == (
            8,
            4,
            6,
            0,
        )
    at_end = sco_data.counts()
    assert at_end["year"].tolist() == list(range(2001, _panel.last_complete_year() + 1))


def test_cow_codes_of_some_states_match_the_cow_list() -> None:
    """Values read in COW's states2016 list (igoR copy) and its country-code file."""
    verified = {
        "KAZ": (705, "KZK"),
        "KGZ": (703, "KYR"),
        "TJK": (702, "TAJ"),
        "MNG": (712, "MON"),
        "MMR": (775, "MYA"),
        "LKA": (780, "SRI"),
        "BHR": (692, "BAH"),
        "ARE": (696, "UAE"),
        "RUS": (365, "RUS"),
        "IND": (750, "IND"),
    }
    states = sco_data.load("states").set_index("iso3")
    for iso3, (number, letters) in verified.items():
        assert (states.loc[iso3, "cow_code"], states.loc[iso3, "cow_letters"]) == (number, letters)
        assert states.loc[iso3, "gw_code"] == number
    assert states.loc["KAZ", "cow_system_since"] == 1991
    assert states.loc["EGY", "cow_system_since"] == 1937


def test_list_years_match_the_vendored_lists() -> None:
    cow = max(int(r["year"]) for r in _read(CODES / "cow_state_years_extract.csv"))
    gw = max(int(r["year"]) for r in _read(CODES / "gw_state_years_extract.csv"))
    assert (cow, gw) == (_panel.COW_LAST_YEAR, _panel.GW_LAST_YEAR)


def test_statuses_come_from_the_schema() -> None:
    table = sco_data._loader.tables()["memberships"]
    assert list(statuses()) == table.field("status").enum
    assert sorted(PRECEDENCE) == sorted(statuses())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rule": "june30"},
        {"start": 1900},
        {"end": 2999},
        {"start": 2010, "end": 2005},
        {"start": "2001"},
    ],
)
def test_bad_requests_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        sco_data.panel(**kwargs)


def test_summit_list() -> None:
    five = _panel.summit_list("shanghai_five")
    assert five["number"].tolist() == list(range(1, len(five) + 1))
    tianjin = _panel.summit_list("heads_of_state", 2025)
    assert tianjin[["city", "host"]].values.tolist() == [["Tianjin", "China"]]
    with pytest.raises(ValueError):
        _panel.summit_list("heads_of_everything")


def test_cli_panel_is_the_library_panel(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["panel", "--from", "2015", "--rule", "any"])
    assert result.exit_code == 0, result.output
    assert result.output == _panel.frame_text(sco_data.panel(2015, rule="any"), "csv")
    assert result.output.splitlines()[0].startswith("iso3,cow_code,gw_code,year,status,cow_igo")
    result = runner.invoke(main, ["panel", "--rule", "days", "--format", "json"])
    assert result.exit_code == 0
    assert pd.read_json(io.StringIO(result.output))["days_member"].sum() > 0
    out = tmp_path / "panel.parquet"
    result = runner.invoke(main, ["panel", "--format", "parquet", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pd.testing.assert_frame_equal(pd.read_parquet(out), sco_data.panel())
    for bad in (["panel", "--to", "2999"], ["panel", "--format", "parquet"]):
        assert runner.invoke(main, bad).exit_code == 2


def test_cli_counts_and_summits_print_csv_when_piped() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["counts"])
    assert result.exit_code == 0
    assert "2017,8,4,6,0" in result.output.splitlines()
    assert result.output.splitlines()[0] == "year,member,observer,dialogue_partner,partner"
    result = runner.invoke(main, ["summits", "--body", "heads_of_state", "--from", "2025"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "body,number,start_date,end_date,city,host,format",
        "heads_of_state,25,2025-08-31,2025-09-01,Tianjin,China,in_person",
    ]
    assert runner.invoke(main, ["counts", "--rule", "days"]).exit_code == 2


def test_readme_example_reproduces_the_aggregates() -> None:
    """The worked example in README.md: members' population from the panel and statistics."""
    panel = sco_data.panel(start=2001)
    stats = sco_data.load("statistics")
    pop = stats.loc[stats["indicator"] == "SP.POP.TOTL", ["iso3", "year", "value"]]
    merged = panel.merge(pop, on=["iso3", "year"], how="left")
    total = merged[merged["status"] == "member"].groupby("year")["value"].sum()
    aggregates = sco_data.load("aggregates")
    members = aggregates[
        (aggregates["group"] == "members") & (aggregates["indicator"] == "SP.POP.TOTL")
    ].set_index("year")["value"]
    pd.testing.assert_series_equal(total, members.loc[total.index], check_names=False)


def test_panel_out_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sco_data.cli import main

    target = tmp_path / "mine.csv"
    target.write_text("my own work\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["panel", "--out", str(target)])
    assert refused.exit_code == 2, refused.output
    assert target.read_text(encoding="utf-8") == "my own work\n"
    replaced = CliRunner().invoke(main, ["panel", "--out", str(target), "--force"])
    assert replaced.exit_code == 0, replaced.output
    assert target.read_text(encoding="utf-8").startswith("iso3,")
    folder = CliRunner().invoke(main, ["panel", "--out", str(tmp_path), "--force"])
    assert folder.exit_code == 2 and tmp_path.is_dir()
