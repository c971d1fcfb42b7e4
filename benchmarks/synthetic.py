"""Valid synthetic copies of the package whose statistics table is grown to N rows.

Keys stay unique and every constraint and rule keeps holding: the extra rows use synthetic,
non-additive indicators (so the aggregates are unchanged), the dataset's own states, and
years inside the indicators' declared coverage.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from sco_data._validation._integrity import refresh

ROOT = Path(__file__).resolve().parent.parent
FIRST_YEAR, LAST_YEAR = 1996, 2100  # statistics.year constraints


def grow(target: Path, rows: int) -> Path:
    """Copy the package into ``target`` with ``rows`` statistics rows; return its descriptor."""
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(ROOT / "schemas", target / "schemas")
    shutil.copytree(ROOT / "data", target / "data")
    data = target / "data"
    with open(data / "states.csv", encoding="utf-8", newline="") as handle:
        states = [r["iso3"] for r in csv.DictReader(handle)]
    stats = (data / "statistics.csv").read_text(encoding="utf-8").splitlines()
    header, existing = stats[0], stats[1:]
    needed = max(rows - len(existing), 0)
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    per_indicator = len(states) * len(years)
    indicators = [f"SYN.I{i:05d}" for i in range(-(-needed // per_indicator))]
    extra = io.StringIO()
    written = 0
    for code in indicators:
        for iso3 in states:
            for year in years:
                if written == needed:
                    break
                extra.write(f"{iso3},{year},{code},{(written % 9973) * 1.5 + 1}\n")
                written += 1
    rows_out = sorted(existing + extra.getvalue().splitlines(), key=_key)
    (data / "statistics.csv").write_text("\n".join([header, *rows_out]) + "\n", encoding="utf-8")
    with open(data / "indicators.csv", "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for code in indicators:
            note = "Generated for benchmarks."
            source = "world-bank-wdi-2026-07"
            row = [
                code,
                "Synthetic indicator",
                "units",
                "false",
                note,
                FIRST_YEAR,
                LAST_YEAR,
                source,
            ]
            writer.writerow(row)
    refresh(target / "datapackage.json")
    return target / "datapackage.json"


def _key(line: str) -> tuple:
    iso3, year, indicator, _ = line.split(",", 3)
    return (iso3, int(year), indicator)


if __name__ == "__main__":
    import sys

    print(grow(Path(sys.argv[1]), int(sys.argv[2])))
