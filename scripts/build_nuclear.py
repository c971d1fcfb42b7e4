"""Build data/nuclear_armed_states.csv: the world's nuclear-armed states and the day each is counted from.

Which states count is SIPRI's list (nine at the start of 2017, ``LISTED_SOURCE_ID``), kept below with
how each nuclear-explosion catalogue names the state. The day a state is counted from is its first
nuclear explosion, taken from the catalogues vendored in sources/nuclear-explosions/: the SIPRI/FOA
catalogue (to 1998) where it has the state, checked against the Oklahoma catalogue (the build stops
if they disagree), else the Oklahoma catalogue alone (North Korea, 2006). A state that has never
acknowledged a test (Israel) is counted from the year sources estimate it had its first weapon,
with the source and the precision of that estimate. English names come from
sources/country-codes/ (UNTERM short names), as in the states table.

The same function gives states.first_nuclear_test (scripts/build_states.py), so the two tables and
the aggregates' nuclear_armed_states count cannot drift apart.

    python scripts/build_nuclear.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd

from sco_data._csvfile import write_table
from sco_data._descriptor import read_tables

ROOT = Path(__file__).resolve().parent.parent
NUCLEAR = ROOT / "sources" / "nuclear-explosions"
COUNTRY_CODES = ROOT / "sources" / "country-codes" / "country-codes.csv"
SIPRI_SOURCE_ID = "sipri-foa-nuclear-explosions-1945-1998"
OKLAHOMA_SOURCE_ID = "ogs-nuclear-explosions-catalog"
LISTED_SOURCE_ID = "sipri-2017-07"

# The nine states SIPRI counts, with the code each catalogue gives its tests (None: not in it).
# The USSR's tests count for Russia. The Oklahoma code "IS" (a putative 1979 event) is not used.
TESTED = {
    "USA": ("USA", "US"),
    "RUS": ("USSR", "CP"),
    "GBR": ("UK", "GB"),
    "FRA": ("FRANCE", "FR"),
    "CHN": ("CHINA", "PC"),
    "IND": ("INDIA", "IN"),
    "PAK": ("PAKIST", "PK"),
    "PRK": (None, "NK"),
}
# States counted without a known test: (counted_from, precision, source_id, notes).
ESTIMATED = {
    "ISR": (
        "1967-01-01",
        "year",
        "sputnikglobe-2015-11-23",
        "Israel has never acknowledged a nuclear test or its arsenal. It is counted from 1967, the year "
        "the source (reporting an estimate of the Institute for Science and International Security) "
        "gives for its first nuclear weapon, shortly before the Six-Day War. The Oklahoma catalogue "
        "lists a putative event of 1979-09-22 attributed to Israel; it is not used.",
    ),
}
NOTES = {
    "RUS": "Counted from the first test of the USSR, whose nuclear weapons Russia inherited.",
    "PRK": "The SIPRI/FOA catalogue ends in 1998; the date is from the Oklahoma catalogue only.",
}


def _iso_day(yyyymmdd: str) -> str:
    return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:]}"


def first_explosions() -> dict[str, tuple[str, str]]:
    """Earliest explosion per tested state as (ISO date, source_id): SIPRI/FOA where it has the
    state, checked against the Oklahoma catalogue; the Oklahoma catalogue alone otherwise."""
    sipri = pd.read_csv(NUCLEAR / "sipri-report-explosions.csv", dtype=str)
    sipri_first = sipri.groupby("country")["date_long"].min()
    okla = pd.read_csv(
        NUCLEAR / "oklahoma-catalog-explosions.csv", dtype=str, keep_default_na=False
    )
    yymmdd = okla["date"].str.zfill(6)
    century = yymmdd.str[:2].astype(int).map(lambda yy: "19" if yy >= 45 else "20")
    okla_first = (century + yymmdd).groupby(okla["testing_party"]).min()
    out = {}
    for iso3, (sipri_code, okla_code) in TESTED.items():
        check = okla_first.get(okla_code)
        if sipri_code is None:
            out[iso3] = (_iso_day(check), OKLAHOMA_SOURCE_ID)
            continue
        day = sipri_first[sipri_code]
        if check != day:
            raise SystemExit(f"catalogues disagree on {iso3}: SIPRI {day}, Oklahoma {check}")
        out[iso3] = (_iso_day(day), SIPRI_SOURCE_ID)
    return out


def _names() -> dict[str, str]:
    codes = pd.read_csv(COUNTRY_CODES, dtype=str, keep_default_na=False)
    codes = codes.set_index("ISO3166-1-Alpha-3")
    short = codes["UNTERM English Short"].map(lambda n: re.sub(r"\s*\(the\)$", "", n))
    return short.where(short != "", codes["official_name_en"]).to_dict()


def build() -> pd.DataFrame:
    names = _names()
    rows = []
    for iso3, (day, source_id) in first_explosions().items():
        rows.append(
            {
                "iso3": iso3,
                "name_en": names[iso3],
                "counted_from": day,
                "counted_from_precision": "day",
                "basis": "first_test",
                "source_id": source_id,
                "listed_source_id": LISTED_SOURCE_ID,
                "notes": NOTES.get(iso3),
            }
        )
    for iso3, (day, precision, source_id, notes) in ESTIMATED.items():
        rows.append(
            {
                "iso3": iso3,
                "name_en": names[iso3],
                "counted_from": day,
                "counted_from_precision": precision,
                "basis": "estimate",
                "source_id": source_id,
                "listed_source_id": LISTED_SOURCE_ID,
                "notes": notes,
            }
        )
    return pd.DataFrame(rows)


def write(out: Path) -> None:
    """Write nuclear_armed_states.csv into the folder ``out``."""
    table = read_tables(ROOT / "datapackage.json")["nuclear_armed_states"]
    frame = build()
    write_table(frame, table, out / "nuclear_armed_states.csv")
    print(f"wrote {out / 'nuclear_armed_states.csv'}: {len(frame)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="folder for the CSV")
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
