"""Who held which status on a given day, and which states make up an aggregate group.

What "held" means (from the start day up to, not including, the end day) and the status names
live in sco_data._statuses. Groups (see the aggregates table) are taken as held on 31 December
of a year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._statuses import held_on, statuses

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

GROUPS = ("members", "members_and_observers", "all")


def status_on(memberships: pd.DataFrame, day: str | pd.Timestamp) -> pd.DataFrame:
    """The memberships rows in force on ``day`` (one per state at most)."""
    return held_on(memberships, day)


def observers_turned_partners(memberships: pd.DataFrame | pa.Table) -> set[str]:
    """States whose partner status began the day an observer status ended (the 2025 merger).

    ``memberships`` is a DataFrame (as ``load`` gives it) or an Arrow table (as the validation
    rules read it): the definition is written once, over plain rows, for both. A missing
    state, start or end matches nothing."""
    rows = _rows(memberships, ["iso3", "status", "start_date", "end_date"])
    observer_ends: dict[Any, set[Any]] = {}
    for iso3, status, _start, end in rows:
        if status == "observer" and iso3 is not None and end is not None:
            observer_ends.setdefault(iso3, set()).add(end)
    return {
        str(iso3)
        for iso3, status, start, _end in rows
        if status == "partner" and start is not None and start in observer_ends.get(iso3, ())
    }


def _rows(table: pd.DataFrame | pa.Table, columns: list[str]) -> list[tuple[Any, ...]]:
    """The ``columns`` of a DataFrame or an Arrow table as tuples, missing values as None
    (dates stay Timestamps from a frame and become datetime.date from Arrow)."""
    if hasattr(table, "to_pylist"):  # an Arrow table: dictionary columns read as their values
        return list(zip(*(table.column(c).to_pylist() for c in columns), strict=True))
    frame = table[columns].astype(object)
    frame = frame.where(frame.notna(), None)
    return list(frame.itertuples(index=False, name=None))


def group_states(
    memberships: pd.DataFrame, year: int, group: str, former: set[str] | None = None
) -> set[str]:
    """The states in ``group`` on 31 December of ``year``.

    members: member status. members_and_observers: member or observer status, and from the
    2025 merger on also the partners that had been observers until then. all: any status.
    ``former`` (the observers turned partners) may be passed in when asking for many years.
    """
    held = status_on(memberships, f"{year}-12-31")
    status = held["status"].astype(str)
    iso3 = held["iso3"].astype(str)
    if group == "members":
        return set(iso3[status == "member"])
    if group == "members_and_observers":
        if former is None:
            former = observers_turned_partners(memberships)
        keep = status.isin(["member", "observer"]) | ((status == "partner") & iso3.isin(former))
        return set(iso3[keep])
    if group == "all":
        return set(iso3)
    raise ValueError(f"unknown group {group!r}; the groups are {', '.join(GROUPS)}")


def as_day(day: object) -> pd.Timestamp:
    """``day`` as a Timestamp at midnight: a ``datetime.date`` (or datetime, or Timestamp,
    at midnight) or text of the exact form YYYY-MM-DD. Anything else is an error: ``"2017"``
    would otherwise silently mean 1 January, and ``None`` an empty answer."""
    import datetime as dt
    import re

    import pandas as pd

    if day is None:
        raise TypeError(
            "day is required: a datetime.date or 'YYYY-MM-DD' (for today: datetime.date.today())"
        )
    if isinstance(day, str):
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day):
            raise ValueError(f"{day!r} is not a date of the form YYYY-MM-DD")
        try:
            return pd.Timestamp(dt.date.fromisoformat(day))
        except ValueError:
            raise ValueError(f"{day!r} is not a date of the form YYYY-MM-DD") from None
    if isinstance(day, dt.date) and not isinstance(day, bool):
        stamp = pd.Timestamp(day)
        if stamp is pd.NaT or stamp != stamp.normalize():
            raise ValueError(f"{day!r} is not a day (it has a time of day)")
        return stamp
    raise TypeError(f"day must be a datetime.date or 'YYYY-MM-DD', not {type(day).__name__}")


def members_on(day: object, status: str | None = None, path=None) -> pd.DataFrame:
    """Who held which SCO status on ``day`` (a ``datetime.date`` or 'YYYY-MM-DD'; required,
    there is no default): one row per state, sorted by status then name, with the period's
    start, how it was granted and its source.

    ``status`` narrows the list to one of member, observer, dialogue_partner or partner.
    Raises TypeError or ValueError for anything else.
    """
    from ._descriptor import read_package
    from ._loader import load

    when = as_day(day)
    if status is not None and status not in statuses():
        raise ValueError(f"unknown status {status!r}; choose from {', '.join(statuses())}")
    path = read_package(path)  # read once, for both tables
    memberships = load("memberships", path)
    states = load("states", path)[["iso3", "name_en"]]
    held = status_on(memberships, when)
    if status is not None:
        held = held[held["status"] == status]
    out = held.merge(states, on="iso3", how="left")[
        ["iso3", "name_en", "status", "start_date", "end_date", "granted_at", "source_id"]
    ]
    out = out.assign(_order=out["status"].cat.codes).sort_values(["_order", "name_en"])
    return out.drop(columns="_order").reset_index(drop=True)
