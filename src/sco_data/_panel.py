"""The state-year panel, the yearly counts per status, and the list of summits.

The memberships table is day-exact; most country-year data (and COW IGO v3) are annual. The
panel turns periods into one row per state of the ``states`` table and year, under one of three
rules that say which status a year gets:

- ``dec31``: the status held on 31 December (the rule the aggregates table uses). India in 2017
  (observer until 9 June, member from then on): ``member``.
- ``any``: the highest status held on any day of the year, by the precedence in
  sco_data._statuses (member > observer > partner > dialogue_partner). Mongolia in 2025
  (observer until 1 September, then partner): ``observer``; under ``dec31`` it is ``partner``.
- ``days``: no single status but one column per status with the number of days it was held in
  the year. India in 2017: 159 days observer (1 January to 8 June) and 206 days member.

Each row also carries a COW-IGO-style code (``cow_igo``) so that the panel stacks onto COW IGO
v3 (1996-2014): 1 full member; 3 observer; 0 no membership, which includes dialogue partners and
partners, who hold neither membership nor observer status; -1 state not in the state system that
year (COW IGO's own code for it). The Shanghai Five years (1996-2000) have no SCO status, but
``shanghai_five`` is true and ``cow_igo`` is 1 for the five states, following COW IGO, which is
reported to count the Shanghai Five years as SCO membership.
"""

from __future__ import annotations

import datetime as dt
import numbers
from pathlib import Path
from typing import Any

import pandas as pd

from ._descriptor import read_package
from ._statuses import PRECEDENCE, days_held_in_year, held_mask, statuses

RULES = ("dec31", "any", "days")
COUNT_RULES = ("dec31", "any")
# Last year of each vendored state list (sources/state-codes/; a test checks these).
COW_LAST_YEAR = 2016
GW_LAST_YEAR = 2017
# states.cow_system_since keeps only the start of each state's current spell in the lists;
# the earlier spells of Egypt, Afghanistan and Myanmar all ended before 1946.
MIN_YEAR = 1946
COW_IGO = {"member": 1, "observer": 3, "dialogue_partner": 0, "partner": 0}
COW_IGO_NONE = 0
COW_IGO_NOT_A_STATE = -1
FORMATS = ("csv", "json", "parquet")

# The panel's columns and rules, for the data dictionary (scripts/build_docs.py writes them out).
RULE_DOCS = {
    "dec31": "the status held on 31 December of the year, as in the aggregates table. Example: "
    "India in 2017 (observer until 9 June, member from then on) is `member`.",
    "any": "the highest status held on any day of the year (member > observer > partner > "
    "dialogue_partner). Example: Mongolia in 2025 (observer until 1 September, then partner) is "
    "`observer`; under dec31 it is `partner`.",
    "days": "no status column, but one column per status with the number of days of the year on "
    "which it was held. Example: India in 2017 has days_observer 159 and days_member 206.",
}
PANEL_FIELDS = (
    ("iso3", "string", "ISO alpha-3 code of the state; one row per state of the states table."),
    ("cow_code", "integer", "Correlates of War state number (states.cow_code)."),
    ("gw_code", "integer", "Gleditsch-Ward state number (states.gw_code)."),
    ("year", "integer", "Calendar year."),
    (
        "status",
        "string",
        "Rules dec31 and any: the SCO status under the rule; empty when the state held none "
        "(also in the Shanghai Five years 1996-2000, when no SCO status existed).",
    ),
    (
        "days_member, days_observer, days_dialogue_partner, days_partner",
        "integer",
        "Rule days: the number of days of the year on which the state held each status.",
    ),
    (
        "cow_igo",
        "integer",
        "COW-IGO-style code, to stack onto COW IGO v3 (1996-2014): 1 full member; 3 observer; "
        "0 no membership, including dialogue partners and partners; -1 not in the state "
        "system that year (COW IGO's code for it). Shanghai Five states are 1 in 1996-2000, "
        "following COW IGO. Under rule days, coded from the any-rule status.",
    ),
    (
        "shanghai_five",
        "boolean",
        "The state was one of the Shanghai Five that year (1996-2000, before the SCO).",
    ),
    (
        "in_cow_system",
        "boolean",
        "The state is in the COW state system list that year; empty after 2016, where the "
        "list ends (cow_igo then takes a state in the list in 2016 to stay in it).",
    ),
    (
        "in_gw_system",
        "boolean",
        "The state is in Gleditsch and Ward's list of independent states that year; empty "
        "after 2017, where the list ends.",
    ),
)


class PanelError(ValueError):
    """A panel, count or list that cannot be made as asked; the message says why."""


def last_complete_year(path: Any = None) -> int:
    """The last calendar year the data cover in full: the year before the package was built
    (``created`` in datapackage.json), so a year still under way is never filled as if over."""
    descriptor = read_package(path).descriptor
    created = descriptor.get("created")
    built = dt.date.fromisoformat(created[:10]) if created else dt.date.today()
    return built.year - 1


def _years(start: int, end: int | None, path: Any) -> range:
    last = last_complete_year(path)
    end = last if end is None else end
    for name, year in (("start", start), ("end", end)):
        if isinstance(year, bool) or not isinstance(year, numbers.Integral):
            raise PanelError(f"{name} must be a year (an integer), not {year!r}")
    start, end = int(start), int(end)
    if start < MIN_YEAR:
        raise PanelError(f"the panel starts in {MIN_YEAR} at the earliest, not {start}")
    if max(start, end) > last:
        end = max(start, end)
        raise PanelError(f"the data cover years up to {last}; {end} is not complete in them")
    if end < start:
        raise PanelError(f"end {end} is before start {start}")
    return range(start, end + 1)


def _period_years(memberships: pd.DataFrame, years: range) -> pd.DataFrame:
    """One row per (period, year) with the days of the year on which the period is held and
    whether it is held on 31 December; only pairs that overlap."""
    m = pd.DataFrame(
        {
            "iso3": memberships["iso3"].astype(str),
            "status": memberships["status"].astype(str),
            "start_date": memberships["start_date"],
            "end_date": memberships["end_date"],
        }
    )
    pairs = m.merge(pd.DataFrame({"year": list(years)}), how="cross")
    pairs["days"] = days_held_in_year(pairs["start_date"], pairs["end_date"], pairs["year"])
    pairs["dec31"] = held_mask(pairs, pd.to_datetime(pairs["year"].astype(str) + "-12-31"))
    return pairs[pairs["days"] > 0]


def _status_column(values: pd.Series) -> pd.Series:
    return pd.Categorical(values, categories=list(statuses()))


def panel(
    start: int = 2001, end: int | None = None, rule: str = "dec31", path: Any = None
) -> pd.DataFrame:
    """One row per state of the ``states`` table and year from ``start`` to ``end`` (default:
    the last complete year of the data), with the SCO status under ``rule`` (see the module's
    docstring), a COW-IGO-style code, and whether the state was in the COW and G&W state lists.

    ``in_cow_system`` / ``in_gw_system`` are empty after the lists end (2016 / 2017); for
    ``cow_igo`` a state in the list in its last year is taken to stay in it (COW's list v2024
    confirms this for all these states through 2024).
    """
    from ._loader import load

    if rule not in RULES:
        raise PanelError(f"unknown rule {rule!r}; choose from {', '.join(RULES)}")
    path = read_package(path)  # read once, for every table below
    years = _years(start, end, path)
    states = load("states", path)
    memberships = load("memberships", path)
    summits = load("summits", path)

    grid = pd.DataFrame(
        {
            "iso3": states["iso3"].astype(str),
            "cow_code": states["cow_code"],
            "gw_code": states["gw_code"],
            "cow_since": states["cow_system_since"].astype(int),
            "gw_since": states["gw_system_since"].astype(int),
            "five": states["shanghai_five"].fillna(False).astype(bool),
        }
    ).merge(pd.DataFrame({"year": list(years)}), how="cross")

    held = _period_years(memberships, years)
    key = ["iso3", "year"]
    on_dec31 = held[held["dec31"]].set_index(key)["status"]
    by_rank = held.assign(rank=held["status"].map(PRECEDENCE.index))
    best = by_rank.sort_values("rank").drop_duplicates(key).set_index(key)["status"]
    index = pd.MultiIndex.from_frame(grid[key])
    chosen = best if rule in ("any", "days") else on_dec31
    status = chosen.reindex(index)

    five_first = int(summits.loc[summits["body"] == "shanghai_five", "start_date"].min().year)
    sco_first = int(memberships["start_date"].min().year)
    year = grid["year"]
    shanghai_five = grid["five"] & (year >= five_first) & (year < sco_first)
    in_cow = (year >= grid["cow_since"]).where(year <= COW_LAST_YEAR)
    in_gw = (year >= grid["gw_since"]).where(year <= GW_LAST_YEAR)
    code = status.map(COW_IGO).to_numpy()
    cow_igo = pd.Series(code, index=grid.index).fillna(COW_IGO_NONE)
    cow_igo = cow_igo.mask(shanghai_five, COW_IGO["member"])
    cow_igo = cow_igo.mask(year < grid["cow_since"], COW_IGO_NOT_A_STATE)

    out = pd.DataFrame(
        {
            "iso3": grid["iso3"].astype("string"),
            "cow_code": grid["cow_code"].astype("Int64"),
            "gw_code": grid["gw_code"].astype("Int64"),
            "year": year.astype("Int64"),
        }
    )
    if rule == "days":
        days = held.pivot_table(index=key, columns="status", values="days", aggfunc="sum")
        for name in statuses():
            column = days[name] if name in days.columns else pd.Series(dtype=float)
            out[f"days_{name}"] = column.reindex(index).fillna(0).astype("Int64").to_numpy()
    else:
        out["status"] = _status_column(status.to_numpy())
    out["cow_igo"] = cow_igo.astype("Int64")
    out["shanghai_five"] = shanghai_five.astype("boolean")
    out["in_cow_system"] = in_cow.astype("boolean")
    out["in_gw_system"] = in_gw.astype("boolean")
    return out.sort_values(key).reset_index(drop=True)


def counts(
    rule: str = "dec31", start: int = 2001, end: int | None = None, path: Any = None
) -> pd.DataFrame:
    """Per year, the number of states in each status under ``rule`` (``dec31`` or ``any``;
    under ``any`` a state counts once, under its highest status of the year)."""
    if rule not in COUNT_RULES:
        raise PanelError(f"counts take rule dec31 or any, not {rule!r}")
    frame = panel(start, end, rule, path)
    table = pd.crosstab(frame["year"], frame["status"], dropna=False)
    table = table.reindex(columns=list(statuses()), fill_value=0)
    table = table.reindex(sorted(frame["year"].unique()), fill_value=0)
    out = table.reset_index()
    out.columns.name = None
    out["year"] = out["year"].astype("Int64")
    for name in statuses():
        out[name] = out[name].astype("Int64")
    return out


def summit_list(
    body: str | None = None, start: int | None = None, path: Any = None
) -> pd.DataFrame:
    """The summits as a readable list: body, number, first and last day, city, the host's short
    name and format, in date order; only ``body`` and from the year ``start`` when given."""
    from ._loader import load

    path = read_package(path)  # read once, for both tables
    summits = load("summits", path)
    bodies = [str(b) for b in summits["body"].cat.categories]
    if body is not None and body not in bodies:
        raise PanelError(f"unknown body {body!r}; choose from {', '.join(bodies)}")
    names = load("states", path)
    short = names.set_index(names["iso3"].astype(str))["name_short"]
    chosen = summits
    if body is not None:
        chosen = chosen[chosen["body"] == body]
    if start is not None:
        chosen = chosen[chosen["start_date"].dt.year >= start]
    out = pd.DataFrame(
        {
            "body": chosen["body"],
            "number": chosen["number"],
            "start_date": chosen["start_date"],
            "end_date": chosen["end_date"],
            "city": chosen["city"],
            "host": chosen["host_iso3"].astype(str).map(short).astype("string"),
            "format": chosen["format"],
        }
    )
    return out.sort_values(["start_date", "body"]).reset_index(drop=True)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text as the package's CSVs write it: dates YYYY-MM-DD, booleans true/false, missing empty."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            out[name] = column.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(column):
            out[name] = column.map({True: "true", False: "false"}).astype("string")
    return out


def frame_text(frame: pd.DataFrame, fmt: str) -> str:
    """``frame`` as CSV or JSON text (records; missing values as null)."""
    if fmt == "csv":
        return _plain(frame).to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        dates = [n for n in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[n])]
        plain = frame.assign(**{n: frame[n].dt.strftime("%Y-%m-%d") for n in dates})
        return plain.to_json(orient="records", force_ascii=False, indent=2) + "\n"
    raise PanelError(f"{fmt} is not a text format; give an output file with --out")


def write_frame(frame: pd.DataFrame, fmt: str, out: str | Path, force: bool = False) -> Path:
    """Write ``frame`` to ``out`` as csv, json or parquet (dtypes kept, dates as dates),
    atomically; an existing file is replaced only with ``force``, never a folder."""
    from ._atomic import atomic_write

    if fmt not in FORMATS:
        raise PanelError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    out = Path(out)
    if not out.parent.is_dir():
        raise PanelError(f"cannot write {out}: folder {out.parent} does not exist")
    if out.is_dir():
        raise PanelError(f"cannot write {out}: it is a folder; give a file name")
    if out.exists() and not force:
        raise PanelError(f"{out} is already there; use --force to replace it")
    if fmt == "parquet":
        return atomic_write(out, lambda tmp: frame.to_parquet(tmp, index=False))
    text = frame_text(frame, fmt)
    return atomic_write(out, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))
