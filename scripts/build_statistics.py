"""Build the indicators, statistics and aggregates tables from the vendored World Bank files.

Inputs: sources/wdi/ (one WDI vintage), data/memberships.csv and data/states.csv. Outputs are
rewritten whole, byte for byte the same for the same inputs, and datapackage.json's hashes
are refreshed. A missing upstream value stays missing (no row), never zero.

    python scripts/build_statistics.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from sco_data._aggregate import COUNTS, KEY, group_totals
from sco_data._csvfile import write_table
from sco_data._descriptor import read_tables
from sco_data._loader import load
from sco_data._rules import as_tables

ROOT = Path(__file__).resolve().parent.parent
WDI = ROOT / "sources" / "wdi"
SOURCE_ID = "world-bank-wdi-2026-07"
FIRST_YEAR = 1996  # the first Shanghai Five summit
FIRST_AGGREGATE_YEAR = 2001  # no state held an SCO status before the founding

# code -> (name, unit, additive, derivation). Derived series name their inputs.
INDICATORS = {
    "SP.POP.TOTL": ("Population, total (midyear estimate)", "persons", True, "As published."),
    "NY.GDP.MKTP.CD": ("GDP at market prices", "current US$", True, "As published."),
    "NY.GDP.MKTP.PP.CD": (
        "GDP, purchasing power parity",
        "current international $",
        True,
        "Computed as NY.GDP.PCAP.PP.CD (GDP per capita, PPP) times SP.POP.TOTL for the same "
        "state and year, because the published total is not in the vendored extract; the World "
        "Bank defines the per-capita series as this total divided by midyear population, so the "
        "product reproduces it up to rounding.",
    ),
    "AG.SRF.TOTL.K2": ("Surface area", "sq. km", True, "As published."),
    "MS.MIL.XPND.GD.ZS": (
        "Military expenditure (SIPRI, via the World Bank)",
        "% of GDP",
        False,
        "As published.",
    ),
}


def read_wdi(code: str) -> pd.DataFrame:
    """One vendored WDI file as iso3, year, value."""
    frame = pd.read_csv(WDI / f"{code.lower()}.csv", keep_default_na=False, na_values=[""])
    return frame.rename(columns={"Country Code": "iso3", "Year": "year", "Value": "value"})[
        ["iso3", "year", "value"]
    ].dropna()


def series(code: str) -> pd.DataFrame:
    """An indicator's values for every entity and year, deriving GDP PPP from its inputs."""
    if code != "NY.GDP.MKTP.PP.CD":
        return read_wdi(code)
    per_head = read_wdi("NY.GDP.PCAP.PP.CD")
    people = read_wdi("SP.POP.TOTL")
    both = per_head.merge(people, on=["iso3", "year"], suffixes=("_pc", "_pop"))
    return both.assign(value=both["value_pc"] * both["value_pop"])[["iso3", "year", "value"]]


def build(states: set[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """indicators, statistics (states only) and world values (WLD) for every indicator."""
    indicator_rows, stats, world = [], [], []
    for code, (name, unit, additive, derivation) in INDICATORS.items():
        values = series(code)
        values = values[values["year"] >= FIRST_YEAR].assign(indicator=code)
        covered = values[values["iso3"].isin(states | {"WLD"})]
        indicator_rows.append(
            {
                "indicator": code,
                "name": name,
                "unit": unit,
                "additive": additive,
                "derivation": derivation,
                "coverage_start": int(covered["year"].min()),
                "coverage_end": int(covered["year"].max()),
                "source_id": SOURCE_ID,
            }
        )
        stats.append(values[values["iso3"].isin(states)])
        world.append(values[values["iso3"] == "WLD"])
    statistics = pd.concat(stats)[["iso3", "year", "indicator", "value"]]
    return pd.DataFrame(indicator_rows), statistics, pd.concat(world)


def aggregates(
    statistics: pd.DataFrame, indicators: pd.DataFrame, world: pd.DataFrame, root: Path
) -> pd.DataFrame:
    memberships = load("memberships", root)
    states = load("states", root)
    last = int(statistics["year"].max())
    # group_totals reads the Arrow tables the validation rules read (it is the rule's code).
    inputs = as_tables(
        {
            "statistics": statistics,
            "indicators": indicators,
            "memberships": memberships,
            "states": states,
        }
    )
    totals = group_totals(
        inputs["statistics"],
        inputs["indicators"],
        inputs["memberships"],
        inputs["states"],
        range(FIRST_AGGREGATE_YEAR, last + 1),
    )
    totals = pd.DataFrame(totals, columns=[*KEY, "value", *COUNTS])
    world = world.rename(columns={"value": "world_value"})[["year", "indicator", "world_value"]]
    out = totals.merge(world, on=["year", "indicator"], how="left")
    out["share"] = out["value"] / out["world_value"]
    return out.sort_values(KEY)


def write(out: Path) -> None:
    """Write indicators.csv, statistics.csv and aggregates.csv into the folder ``out``."""
    tables = read_tables(ROOT / "datapackage.json")
    state_codes = set(load("states", ROOT)["iso3"].astype(str))
    indicators, statistics, world = build(state_codes)
    outputs = {
        "indicators": indicators,
        "statistics": statistics,
        "aggregates": aggregates(statistics, indicators, world, ROOT),
    }
    for name, frame in outputs.items():
        write_table(frame, tables[name], out / f"{name}.csv")
        print(f"wrote {out / name}.csv: {len(frame)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="folder for the CSVs")
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
