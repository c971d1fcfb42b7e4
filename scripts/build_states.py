"""Build data/states.csv from the vendored country codes.

The states are every state named in data/memberships.csv. Codes, names and regions come from
sources/country-codes/ (UNTERM names in English, Russian and Chinese); which states were the
Shanghai Five comes from sources/shanghai-five.csv, with its citation; first nuclear tests
come from the catalogues in sources/nuclear-explosions/; Correlates of War (COW) and
Gleditsch-Ward (G&W) codes, the years each state has been in those state lists, and the short
English name come from sources/state-codes/.

    python scripts/build_states.py [--out FOLDER]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import build_nuclear
import pandas as pd

from sco_data._csvfile import write_table
from sco_data._descriptor import read_tables

ROOT = Path(__file__).resolve().parent.parent
COUNTRY_CODES = ROOT / "sources" / "country-codes" / "country-codes.csv"
SHANGHAI_FIVE = ROOT / "sources" / "shanghai-five.csv"
STATE_CODES = ROOT / "sources" / "state-codes"
COW_SOURCE_ID = "cow-states-2016"
GW_SOURCE_ID = "gleditsch-ward-1999"
SOURCE_ID = "datahub-country-codes"


def first_nuclear_tests() -> dict[str, tuple[str, str]]:
    """Earliest explosion per state as (day, source_id), from the same function that builds the
    nuclear_armed_states table (scripts/build_nuclear.py), so the two tables cannot disagree."""
    return build_nuclear.first_explosions()


def _spell_start(years: pd.Series, last: int, what: str) -> int:
    """First year of the unbroken run of ``years`` that ends in ``last``, the list's final year.

    The panel (sco_data._panel) marks a state-year as outside the state system when it falls
    before this year, so the build stops if a state left the list before its end.
    """
    present = set(years.astype(int))
    if last not in present:
        raise SystemExit(f"{what}: not in the list in its last year {last}")
    first = last
    while first - 1 in present:
        first -= 1
    return first


def state_codes() -> pd.DataFrame:
    """COW and G&W codes, the start of each state's current spell in both lists, and the short
    English name, one row per iso3. The build stops if the code list and the state-year lists
    disagree on a code or abbreviation."""
    codes = pd.read_csv(STATE_CODES / "codelist_extract.csv", dtype=str, keep_default_na=False)
    cow = pd.read_csv(STATE_CODES / "cow_state_years_extract.csv", dtype=str, keep_default_na=False)
    gw = pd.read_csv(STATE_CODES / "gw_state_years_extract.csv", dtype=str, keep_default_na=False)
    cow_last, gw_last = cow["year"].astype(int).max(), gw["year"].astype(int).max()
    rows = []
    for c in codes.to_dict("records"):
        cow_years = cow[cow["cown"] == c["cown"]]
        gw_years = gw[gw["gwn"] == c["gwn"]]
        if set(cow_years["cowc"]) != {c["cowc"]} or set(gw_years["gwc"]) != {c["gwc"]}:
            raise SystemExit(f"{c['iso3c']}: code list and state-year lists disagree")
        rows.append(
            {
                "iso3": c["iso3c"],
                # countrycode adds a former or alternative name in brackets, as in
                # "Myanmar (Burma)"; the short name is the name without it.
                "name_short": re.sub(r"\s*\(.*\)$", "", c["country.name.en"]),
                "cow_code": int(c["cown"]),
                "cow_letters": c["cowc"],
                "gw_code": int(c["gwn"]),
                "cow_system_since": _spell_start(cow_years["year"], cow_last, c["iso3c"]),
                "gw_system_since": _spell_start(gw_years["year"], gw_last, c["iso3c"]),
            }
        )
    return pd.DataFrame(rows).set_index("iso3")


def _short_en(name: str) -> str:
    """UNTERM short names put the article last, as in "Russian Federation (the)"."""
    return re.sub(r"\s*\(the\)$", "", name)


def _formal_en(name: str) -> str:
    """UNTERM formal names start with a lower-case article, as in "the Republic of India"."""
    return re.sub(r"^the\s+", "", name)


def build(root: Path = ROOT) -> pd.DataFrame:
    members = pd.read_csv(root / "data" / "memberships.csv", dtype=str, keep_default_na=False)
    codes = pd.read_csv(COUNTRY_CODES, dtype=str, keep_default_na=False)
    five = pd.read_csv(SHANGHAI_FIVE, dtype=str, keep_default_na=False).set_index("iso3")
    codes = codes[codes["ISO3166-1-Alpha-3"].isin(set(members["iso3"]))]
    missing = set(members["iso3"]) - set(codes["ISO3166-1-Alpha-3"])
    if missing:
        raise SystemExit(f"{COUNTRY_CODES.name} has no row for {sorted(missing)}")
    tests = first_nuclear_tests()
    state = state_codes()
    missing = set(members["iso3"]) - set(state.index)
    if missing:
        raise SystemExit(f"sources/state-codes has no row for {sorted(missing)}")
    rows = []
    for c in codes.to_dict("records"):
        iso3 = c["ISO3166-1-Alpha-3"]
        unterm = bool(c["UNTERM English Short"])
        rows.append(
            {
                "iso3": iso3,
                "iso2": c["ISO3166-1-Alpha-2"],
                "m49": c["M49"].zfill(3),
                "name_en": _short_en(c["UNTERM English Short"]) or c["official_name_en"],
                "name_ru": c["UNTERM Russian Short"] or c["official_name_ru"],
                "name_zh": c["UNTERM Chinese Short"] or c["official_name_cn"],
                "official_name_en": _formal_en(c["UNTERM English Formal"]),
                "official_name_ru": c["UNTERM Russian Formal"],
                "official_name_zh": c["UNTERM Chinese Formal"],
                "region": c["Region Name"],
                "subregion": c["Sub-region Name"],
                "wikidata_id": c["wikidata_id"].rsplit("/", 1)[-1],
                "shanghai_five": iso3 in five.index,
                "shanghai_five_source_id": five["source_id"].get(iso3, None),
                "first_nuclear_test": tests[iso3][0] if iso3 in tests else None,
                "first_nuclear_test_source_id": tests[iso3][1] if iso3 in tests else None,
                **state.loc[iso3].to_dict(),
                "source_id": SOURCE_ID,
                "cow_source_id": COW_SOURCE_ID,
                "gw_source_id": GW_SOURCE_ID,
                "notes": None
                if unterm
                else "The source has no UNTERM names for this state; the short names are its "
                "official short names (English, Russian, Chinese) and the formal names are empty.",
            }
        )
    return pd.DataFrame(rows)


def write(out: Path) -> None:
    """Write states.csv into the folder ``out``."""
    table = read_tables(ROOT / "datapackage.json")["states"]
    frame = build()
    write_table(frame, table, out / "states.csv")
    print(f"wrote {out / 'states.csv'}: {len(frame)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="folder for states.csv")
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
