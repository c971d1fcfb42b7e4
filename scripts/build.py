"""Rebuild every derived table, in order, then refresh datapackage.json's bytes and hashes.

Curated tables (sources, memberships, summits, documents, principles, secretaries_general,
exercises, exercise_participants) are edited by hand;
derived tables are never edited by hand:
  nuclear_armed_states                <- sources/nuclear-explosions, sources/country-codes
                                         (the list of states and Israel's estimate: in the script)
  states                              <- sources/country-codes, sources/shanghai-five.csv,
                                         sources/nuclear-explosions, data/memberships.csv
  indicators, statistics, aggregates  <- sources/wdi, data/states.csv, data/memberships.csv

    python scripts/build.py
"""

from __future__ import annotations

import build_nuclear
import build_states
import build_statistics

from sco_data._validation._integrity import refresh

if __name__ == "__main__":
    data = build_states.ROOT / "data"
    build_nuclear.write(data)
    build_states.write(data)
    build_statistics.write(data)
    changed = refresh(build_states.ROOT / "datapackage.json")
    print(f"datapackage.json: refreshed {', '.join(changed) or 'nothing (all current)'}")
