"""The derived tables are exactly what scripts/ makes from sources/: rebuild and compare."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import build_states
import build_statistics


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rebuilt")
    build_states.write(out)
    build_statistics.write(out)
    return out


@pytest.mark.parametrize("name", ["states", "indicators", "statistics", "aggregates"])
def test_rebuild_is_byte_for_byte_identical(rebuilt: Path, name: str) -> None:
    fresh = (rebuilt / f"{name}.csv").read_bytes()
    shipped = (ROOT / "data" / f"{name}.csv").read_bytes()
    assert fresh == shipped, f"data/{name}.csv is not what scripts/build.py makes; run it"


def test_world_population_share_matches_a_hand_computation() -> None:
    """2017, members and observers: the SCO Secretary-General's 'almost 44 per cent'."""
    import csv

    with open(ROOT / "sources/wdi/sp.pop.totl.csv", encoding="utf-8") as handle:
        pop = {(r["Country Code"], r["Year"]): float(r["Value"]) for r in csv.DictReader(handle)}
    group = ["CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB", "IND", "PAK"]  # members on 2017-12-31
    group += ["AFG", "BLR", "IRN", "MNG"]  # observers on 2017-12-31
    by_hand = sum(pop[(iso3, "2017")] for iso3 in group) / pop[("WLD", "2017")]
    import sco_data

    agg = sco_data.load("aggregates")
    row = agg[
        (agg["year"] == 2017)
        & (agg["group"] == "members_and_observers")
        & (agg["indicator"] == "SP.POP.TOTL")
    ]
    assert row["states"].item() == len(group)
    assert row["share"].item() == pytest.approx(by_hand, rel=1e-12)
    assert 0.43 < by_hand < 0.44
    assert row["nuclear_armed_states"].item() == 4  # China, India, Pakistan, Russia


def test_no_zero_stands_for_missing() -> None:
    """Uzbekistan's military expenditure stops in 2018 upstream: later years have no row."""
    import sco_data

    stats = sco_data.load("statistics")
    uzb = stats[(stats["iso3"] == "UZB") & (stats["indicator"] == "MS.MIL.XPND.GD.ZS")]
    assert uzb["year"].max() == 2018


def test_vectorised_rosters_agree_with_the_plain_definition() -> None:
    """aggregate.group_rosters (all years at once) against groups.group_states (one year)."""
    import sco_data
    from sco_data._aggregate import group_rosters
    from sco_data._groups import GROUPS, group_states
    from sco_data._rules import as_tables

    memberships, states = sco_data.load("memberships"), sco_data.load("states")
    tables = as_tables({"memberships": memberships, "states": states})
    roster = pd.DataFrame(group_rosters(tables["memberships"], tables["states"], range(2001, 2027)))
    for year in range(2001, 2027):
        for group in GROUPS:
            listed = set(roster.loc[(roster["year"] == year) & (roster["group"] == group), "iso3"])
            assert listed == group_states(memberships, year, group), (year, group)


def test_published_statistics_sum_to_the_published_aggregates_exactly() -> None:
    """Every number is written in a form that reads back to the same float, so summing the
    published statistics (math.fsum, as the build does) gives the published aggregates to the
    last bit, and value / world_value gives the published share. (When numbers were written
    with 15 significant digits, GDP PPP totals were sums of unrounded values and missed.)"""
    import sco_data
    from sco_data._aggregate import KEY, group_totals
    from sco_data._rules import as_tables

    aggregates = sco_data.load("aggregates")
    years = range(int(aggregates["year"].min()), int(aggregates["year"].max()) + 1)
    inputs = as_tables(
        {n: sco_data.load(n) for n in ("statistics", "indicators", "memberships", "states")}
    )
    summed = group_totals(
        inputs["statistics"],
        inputs["indicators"],
        inputs["memberships"],
        inputs["states"],
        years,
    )
    summed = pd.DataFrame(summed)
    published = aggregates.assign(
        group=aggregates["group"].astype(str), indicator=aggregates["indicator"].astype(str)
    ).set_index(KEY)
    summed = summed.assign(indicator=summed["indicator"].astype(str)).set_index(KEY)
    assert list(summed.index) == list(published.index)
    mismatched = [
        key
        for key, a, b in zip(
            summed.index,
            summed["value"].astype(float),
            published["value"].astype(float),
            strict=True,
        )
        if a != b
    ]
    assert mismatched == []
    share = published["value"].astype(float) / published["world_value"].astype(float)
    assert (share == published["share"].astype(float)).all()
