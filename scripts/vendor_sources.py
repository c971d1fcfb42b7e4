"""Copy the upstream extracts this project uses from shared/sources/ into sources/.

World Bank files are trimmed to the states in data/memberships.csv plus the World aggregate
(WLD); rows are kept byte for byte, in upstream order. The country codes, the nuclear test
catalogues and the COW and Gleditsch-Ward state codes are small and copied whole. Run once
per upstream vintage, then record it in sources/PROVENANCE.md:

    python scripts/vendor_sources.py ../shared/sources
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WDI = ["sp.pop.totl", "ny.gdp.mktp.cd", "ny.gdp.pcap.pp.cd", "ag.srf.totl.k2", "ms.mil.xpnd.gd.zs"]
WHOLE = {
    "country-codes": ["country-codes.csv", "datapackage.yml"],
    "nuclear-explosions": [
        "sipri-report-explosions.csv",
        "oklahoma-catalog-explosions.csv",
        "LICENSE.txt",
        "README.md",
    ],
    # COW and Gleditsch-Ward codes and state-years for the states of data/states.csv, as
    # extracted from the countrycode R package (see sources/PROVENANCE.md).
    "state-codes": [
        "codelist_extract.csv",
        "cow_state_years_extract.csv",
        "gw_state_years_extract.csv",
    ],
}


def states() -> set[str]:
    with open(ROOT / "data" / "memberships.csv", encoding="utf-8", newline="") as handle:
        return {row["iso3"] for row in csv.DictReader(handle)}


def trim(source: Path, target: Path, keep: set[str]) -> int:
    """Keep the header and the lines whose Country Code is in ``keep``; return rows kept."""
    kept = 0
    with open(source, encoding="utf-8", newline="") as inp:
        lines = inp.read().splitlines(keepends=True)
    out = [lines[0]]
    for line, row in zip(lines[1:], csv.reader(lines[1:]), strict=True):
        if row[1] in keep:
            out.append(line)
            kept += 1
    target.write_text("".join(out), encoding="utf-8", newline="")
    return kept


def main(shared: Path) -> None:
    keep = states() | {"WLD"}
    (ROOT / "sources" / "wdi").mkdir(parents=True, exist_ok=True)
    for code in WDI:
        rows = trim(shared / "wdi" / f"{code}.csv", ROOT / "sources" / "wdi" / f"{code}.csv", keep)
        shutil.copy(shared / "wdi" / f"{code}.datapackage.json", ROOT / "sources" / "wdi")
        print(f"wdi/{code}.csv: {rows} rows")
    for folder, names in WHOLE.items():
        (ROOT / "sources" / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copy(shared / folder / name, ROOT / "sources" / folder / name)
            print(f"{folder}/{name}: copied")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "sources")
