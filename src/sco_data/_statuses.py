"""The SCO statuses in one place: their names, their order of precedence, and what "held" means.

- The names are the enum of ``memberships.status`` in the Table Schema (schemas/memberships.json),
  read from the shipped package, so that a status added to the schema is known everywhere.
- Precedence, highest first: member > observer > partner > dialogue_partner. It is the order in
  which states moved: from dialogue partner to observer (Belarus, 2015) and from observer to
  member (India and Pakistan 2017, Iran 2023, Belarus 2024), never the other way (see the
  memberships table). The single "partner" status of 2025 replaced both observer and dialogue
  partner, so it ranks between them. The order decides which status a state-year gets under the
  panel's ``any`` rule: Mongolia in 2025 (observer until 1 September, partner from then on) is an
  observer under that rule, and a partner under ``dec31``.
- Held: a status is held from its ``start_date`` up to, not including, its ``end_date``, because
  the end day is the first day of the state's next status; an empty end date means still held.
  ``held`` states it for one period and day, ``held_mask`` for a frame; pandas is imported only
  by the functions that take frames, so that the validation rules use this module without it.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PRECEDENCE: tuple[str, ...] = ("member", "observer", "partner", "dialogue_partner")


@cache
def statuses() -> tuple[str, ...]:
    """The status names in the schema's order (member, observer, dialogue_partner, partner).

    Read from the shipped package's schema; fails loudly if the schema names a status that has
    no place in ``PRECEDENCE``, so that a new status cannot be ranked by accident.
    """
    from ._descriptor import descriptor_path, read_tables

    enum = read_tables(descriptor_path())["memberships"].field("status").enum
    names = tuple(str(name) for name in enum or ())
    if set(names) != set(PRECEDENCE):
        raise RuntimeError(
            f"memberships.status lists {sorted(names)} but sco_data._statuses ranks "
            f"{sorted(PRECEDENCE)}: add the new status to PRECEDENCE"
        )
    return names


def rank(status: str) -> int:
    """0 for the highest status (member), larger for lower ones."""
    return PRECEDENCE.index(status)


def highest(names: list[str] | set[str]) -> str | None:
    """The highest of ``names`` by precedence, or None when there are none."""
    return min(names, key=rank) if names else None


def held(start: dt.date | None, end: dt.date | None, day: dt.date | None) -> bool:
    """Whether a period from ``start`` to ``end`` (None: still held) is held on ``day``: the
    definition of ``held_mask`` for one period and one day, for code that reads rows without
    pandas (the validation rules, the aggregate groups). A missing start or day is never
    held, as NaT compares false in ``held_mask``."""
    if start is None or day is None:
        return False
    return start <= day and (end is None or day < end)


def held_mask(periods: pd.DataFrame, day: str | dt.date | pd.Timestamp | pd.Series) -> pd.Series:
    """For each period (row with start_date and end_date), whether it is held on ``day`` (one
    day for all rows, or a Series of days aligned with the rows)."""
    import pandas as pd

    if not isinstance(day, pd.Series):
        day = pd.Timestamp(day)
    return (periods["start_date"] <= day) & (
        periods["end_date"].isna() | (day < periods["end_date"])
    )


def held_on(periods: pd.DataFrame, day: str | dt.date | pd.Timestamp) -> pd.DataFrame:
    """The periods in force on ``day`` (at most one per state, as the validation rules ensure)."""
    return periods[held_mask(periods, day)]


def days_held_in_year(start: pd.Series, end: pd.Series, year: pd.Series | int) -> pd.Series:
    """Days of ``year`` on which a period [start, end) is held; 0 when they do not overlap.

    ``end`` may be missing (still held): the period then runs to the end of the year.
    """
    import pandas as pd

    years = pd.Series(year, index=start.index) if isinstance(year, int) else year
    first = pd.to_datetime(years.astype(str) + "-01-01")
    after = pd.to_datetime((years + 1).astype(str) + "-01-01")
    lo = start.where(start > first, first)
    hi = end.fillna(after)
    hi = hi.where(hi < after, after)
    return (hi - lo).dt.days.clip(lower=0).astype(int)
