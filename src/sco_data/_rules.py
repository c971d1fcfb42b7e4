"""Rules about the data that a Table Schema cannot express.

Each rule is a function of the typed tables that returns, for every row of the table it
judges, True where the row is fine. Validation (sco_data._validation._rules) runs a rule only
when every table it needs passed its type and key checks, and treats a rule that raises as
a bug in sco-data (exit 3), never as a data problem. ``checks_for`` wraps the rules as
pandera checks for the pandera schemas generated from the Table Schemas.

The tables are Arrow tables (``Tables``), typed by their Table Schema: string and enum fields
as ``string`` or ``large_string`` (dictionary-encoded strings are read as their values),
integer and year as ``int64``, number as ``float64``, boolean as ``bool``, date as
``date32``; a missing cell is null, row i is CSV line i + 2. A rule returns a numpy bool
array of the table's length. Validating a package then never imports pandas, which alone
costs more than every check together; ``as_tables`` converts pandas frames for the callers
that hold them. A NaN in a number column counts as missing, as it does in the frames that
``sco_data.load`` gives.

Rules on the small tables (a few hundred rows) read rows as Python values, which says most
plainly what they check; the rules that read ``statistics`` (which may hold a million rows)
are vectorised in Arrow and numpy.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import encode, fixed
from ._statuses import held

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pandera.pandas as pandera

Tables = Mapping[str, pa.Table]
Verdict = np.ndarray  # one bool per row of the rule's table: True where the row is fine


@dataclass(frozen=True)
class Rule:
    name: str
    table: str
    column: str
    needs: tuple[str, ...]
    message: str
    test: Callable[[Tables], Verdict]


RULES: dict[str, Rule] = {}


def rule(table: str, column: str, message: str, needs: tuple[str, ...] = ()):
    """Register a rule on ``table``; ``column`` is where a broken row is reported."""

    def register(test: Callable[[Tables], Verdict]) -> Callable[[Tables], Verdict]:
        RULES[test.__name__] = Rule(test.__name__, table, column, (table, *needs), message, test)
        return test

    return register


# --- Reading columns -------------------------------------------------------------------------

# The rules read Arrow columns only through to_pylist, compute kernels given no Python value,
# and sco_data._arrays, which says why: pyarrow would otherwise import pandas.


def _values(table: pa.Table, name: str) -> list[Any]:
    """A column as Python values: str, int, float, bool, datetime.date; None where missing
    (``to_pylist`` gives a dictionary-encoded column's values)."""
    return table.column(name).to_pylist()


def _floats(table: pa.Table, name: str) -> np.ndarray:
    """A number column as float64 with NaN where missing (and where it holds NaN)."""
    values, valid = fixed(pc.cast(table.column(name), pa.float64()))
    return np.where(valid, values, np.nan)


def _verdict(oks: Iterable[bool]) -> Verdict:
    return np.fromiter(oks, dtype=bool)


def _not_before(later: list[Any], earlier: list[Any]) -> Verdict:
    """True where ``later`` is missing or on/after ``earlier``."""
    return _verdict(a is None or b is None or a >= b for a, b in zip(later, earlier, strict=True))


def _nulls_last(value: Any) -> tuple[bool, Any]:
    """A sort key that puts missing values last, as pandas' sort_values does."""
    return (value is None, value)


def _index(table: pa.Table, key: str, *columns: str) -> dict[Any, tuple[Any, ...]]:
    """``columns`` of each row by the row's ``key``; the first row of a repeated key wins, a
    missing key is left out."""
    found: dict[Any, tuple[Any, ...]] = {}
    for k, *rest in zip(_values(table, key), *(_values(table, c) for c in columns), strict=True):
        if k is not None:
            found.setdefault(k, tuple(rest))
    return found


def _periods(
    memberships: pa.Table, status: str | None = None
) -> dict[str, list[tuple[dt.date | None, dt.date | None]]]:
    """Each state's periods, (start, end), of ``status`` (None: of any status)."""
    periods: dict[str, list[tuple[dt.date | None, dt.date | None]]] = {}
    for iso3, held_status, start, end in zip(
        *(_values(memberships, c) for c in ("iso3", "status", "start_date", "end_date")),
        strict=True,
    ):
        if iso3 is not None and status in (None, held_status):
            periods.setdefault(iso3, []).append((start, end))
    return periods


# --- Memberships and summits -----------------------------------------------------------------


@rule("memberships", "end_date", "ends before it starts")
def membership_end_not_before_start(t: Tables) -> Verdict:
    m = t["memberships"]
    return _not_before(_values(m, "end_date"), _values(m, "start_date"))


@rule("summits", "end_date", "ends before it starts")
def summit_end_not_before_start(t: Tables) -> Verdict:
    s = t["summits"]
    return _not_before(_values(s, "end_date"), _values(s, "start_date"))


@rule(
    "memberships",
    "start_date",
    "overlaps another period of status of the same state (a state holds one status at a time)",
)
def periods_do_not_overlap(t: Tables) -> Verdict:
    m = t["memberships"]
    iso3, start = _values(m, "iso3"), _values(m, "start_date")
    order = sorted(range(m.num_rows), key=lambda i: (_nulls_last(iso3[i]), _nulls_last(start[i])))
    overlaps = _overlaps_earlier(order, start, _values(m, "end_date"), iso3, touch_ok=True)
    return ~overlaps


def _overlaps_earlier(
    order: list[int],
    start: list[dt.date | None],
    end: list[dt.date | None],
    group: list[Any],
    touch_ok: bool = True,
) -> np.ndarray:
    """Whether each period, taken in ``order`` (row positions), starts before the latest end
    of the periods before it in its ``group``: compared with the running maximum of earlier
    ends, not just the previous period's, so 2005-2020, 2006-2007, 2010- is caught at 2010.
    An open end (missing) lasts for ever. ``touch_ok``: a period may start on the day one
    ends. A row without a group or a start is never flagged (a row without a start still
    counts for the rows after it)."""
    forever = dt.date.max.toordinal() + 1  # later than any date
    latest: dict[Any, int] = {}
    overlaps = np.zeros(len(start), dtype=bool)
    for i in order:
        key = group[i]
        if key is None:
            continue
        ends = forever if end[i] is None else end[i].toordinal()
        if key in latest:
            earlier = latest[key]
            if start[i] is not None:
                day = start[i].toordinal()
                overlaps[i] = day < earlier if touch_ok else day <= earlier
            latest[key] = max(earlier, ends)
        else:
            latest[key] = ends
    return overlaps


@rule(
    "summits",
    "host_iso3",
    "host was not a member on the first day (for the Shanghai Five: not one of the five)",
    needs=("memberships", "states"),
)
def host_was_member(t: Tables) -> Verdict:
    s, m, states = t["summits"], t["memberships"], t["states"]
    five = {
        iso3
        for iso3, flag in zip(
            _values(states, "iso3"), _values(states, "shanghai_five"), strict=True
        )
        if flag and iso3 is not None
    }
    periods = _periods(m, "member")

    def ok(body: str | None, host: str | None, day: dt.date | None) -> bool:
        if body == "shanghai_five":
            return host in five
        return any(held(start, end, day) for start, end in periods.get(host, ()))

    return _verdict(
        ok(*row)
        for row in zip(*(_values(s, c) for c in ("body", "host_iso3", "start_date")), strict=True)
    )


@rule("summits", "number", "numbers within a body do not run 1, 2, 3, ... in date order")
def numbers_run_in_date_order(t: Tables) -> Verdict:
    s = t["summits"]
    body, number, start = (_values(s, c) for c in ("body", "number", "start_date"))
    seen: Counter[str] = Counter()
    ok = np.zeros(s.num_rows, dtype=bool)
    # Within a body, rows in date order (ties in file order, a missing date last).
    for i in sorted(range(s.num_rows), key=lambda i: _nulls_last(start[i])):
        if body[i] is None:
            continue
        seen[body[i]] += 1
        ok[i] = number[i] is not None and number[i] == seen[body[i]]
    return ok


@rule(
    "memberships",
    "granted_at",
    "the summit named in granted_at did not meet on the start day",
    needs=("summits",),
)
def granted_at_summit_on_start_day(t: Tables) -> Verdict:
    m = t["memberships"]
    summits = _index(t["summits"], "summit_id", "start_date", "end_date")

    def ok(key: str | None, day: dt.date | None) -> bool:
        if key is None or key not in summits:
            return True  # an unknown summit is a foreign key problem, reported there
        first, last = summits[key]
        return None not in (first, last, day) and first <= day <= last

    return _verdict(
        ok(k, d) for k, d in zip(_values(m, "granted_at"), _values(m, "start_date"), strict=True)
    )


@rule(
    "memberships",
    "start_date",
    "a founder's membership does not start on the founding day (the first heads-of-state meeting)",
    needs=("summits",),
)
def founders_start_on_founding_day(t: Tables) -> Verdict:
    m, s = t["memberships"], t["summits"]
    founding = [
        (summit_id, start)
        for summit_id, body, number, start in zip(
            *(_values(s, c) for c in ("summit_id", "body", "number", "start_date")), strict=True
        )
        if body == "heads_of_state" and number == 1
    ]
    if not founding:
        return np.ones(m.num_rows, dtype=bool)
    summit_id, day = founding[0]
    # A member without granted_at is no founder (the pandas version raised on such a row:
    # its missing granted_at read as neither true nor false).
    return _verdict(
        not (status == "member" and granted == summit_id) or start == day
        for status, granted, start in zip(
            *(_values(m, c) for c in ("status", "granted_at", "start_date")), strict=True
        )
    )


@rule(
    "memberships", "formalised_date", "a dialogue partner's memorandum is dated before the decision"
)
def formalised_not_before_start(t: Tables) -> Verdict:
    m = t["memberships"]
    partner = np.array([s == "dialogue_partner" for s in _values(m, "status")], dtype=bool)
    return ~partner | _not_before(_values(m, "formalised_date"), _values(m, "start_date"))


_CITED = re.compile(r"\[([a-z0-9][a-z0-9-]*)\]")


def _notes_cite_known_sources(table: pa.Table, sources: pa.Table) -> Verdict:
    known = {str(s) for s in _values(sources, "source_id") if s is not None}
    return _verdict(set(_CITED.findall(notes or "")) <= known for notes in _values(table, "notes"))


@rule(
    "memberships",
    "notes",
    "notes cite a [source-id] that is not in the sources table",
    needs=("sources",),
)
def membership_notes_cite_sources(t: Tables) -> Verdict:
    return _notes_cite_known_sources(t["memberships"], t["sources"])


@rule(
    "summits",
    "notes",
    "notes cite a [source-id] that is not in the sources table",
    needs=("sources",),
)
def summit_notes_cite_sources(t: Tables) -> Verdict:
    return _notes_cite_known_sources(t["summits"], t["sources"])


# --- States ----------------------------------------------------------------------------------


@rule(
    "states",
    "shanghai_five_source_id",
    "Shanghai Five participation and its source must go together",
)
def shanghai_five_is_sourced(t: Tables) -> Verdict:
    s = t["states"]
    return _verdict(
        bool(flag) == (source is not None)
        for flag, source in zip(
            _values(s, "shanghai_five"), _values(s, "shanghai_five_source_id"), strict=True
        )
    )


@rule(
    "states", "first_nuclear_test_source_id", "a first nuclear test and its source must go together"
)
def nuclear_test_is_sourced(t: Tables) -> Verdict:
    s = t["states"]
    return _together(_values(s, "first_nuclear_test"), _values(s, "first_nuclear_test_source_id"))


def _together(a: list[Any], b: list[Any]) -> Verdict:
    """True where both are given or both are missing."""
    return _verdict((x is None) == (y is None) for x, y in zip(a, b, strict=True))


# --- Statistics and aggregates ---------------------------------------------------------------


def _positions(column: pa.ChunkedArray, values: list[str]) -> np.ndarray:
    """For each cell of a string column, the position of its value in ``values`` (unique),
    -1 where it is missing or not among them."""
    codes, encoded = encode(column)
    distinct = encoded.to_pylist()
    where = {value: i for i, value in enumerate(values)}
    lookup = np.array([where.get(v, -1) if v is not None else -1 for v in distinct], np.int64)
    return lookup[codes] if len(distinct) else np.full(len(codes), -1, dtype=np.int64)


@rule(
    "statistics",
    "year",
    "year lies outside the upstream coverage of its indicator (indicators.coverage_start/end)",
    needs=("indicators",),
)
def year_within_coverage(t: Tables) -> Verdict:
    st = t["statistics"]
    coverage = _index(t["indicators"], "indicator", "coverage_start", "coverage_end")
    codes = list(coverage)
    # One more slot, NaN, for the statistics whose indicator is unknown (position -1): a
    # comparison with NaN is false, so they are never outside (an unknown indicator is a
    # foreign key problem, reported there).
    bounds = [[_nan_if_none(c[i]) for c in coverage.values()] + [np.nan] for i in (0, 1)]
    start, end = (np.array(b, dtype=np.float64) for b in bounds)
    where = _positions(st.column("indicator"), codes)
    year = _floats(st, "year")
    outside = (year < start[where]) | (year > end[where])
    return ~outside


def _nan_if_none(value: float | None) -> float:
    return np.nan if value is None else float(value)


@rule("aggregates", "states_with_data", "more states with data than states in the group")
def data_within_group(t: Tables) -> Verdict:
    a = t["aggregates"]
    return _verdict(
        n is None or total is None or n <= total
        for n, total in zip(_values(a, "states_with_data"), _values(a, "states"), strict=True)
    )


@rule("aggregates", "share", "share is not the group total divided by the world value")
def share_is_total_over_world(t: Tables) -> Verdict:
    a = t["aggregates"]
    value, world, share = (_floats(a, c) for c in ("value", "world_value", "share"))
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = value / world
        close = np.abs(share - expected) <= 1e-12 * np.abs(expected)
    return (np.isnan(share) & np.isnan(world)) | close


@rule(
    "aggregates",
    "value",
    "does not equal the sum of its inputs (statistics of the group's states on 31 December)",
    needs=("statistics", "indicators", "memberships", "states"),
)
def aggregates_match_inputs(t: Tables) -> Verdict:
    from ._aggregate import COUNTS, KEY, group_totals

    a = t["aggregates"]
    known_years = [y for y in _values(a, "year") if y is not None]
    years = range(min(known_years), max(known_years) + 1) if known_years else range(0)
    expected = group_totals(t["statistics"], t["indicators"], t["memberships"], t["states"], years)
    totals = {
        tuple(row[k] for k in KEY): [row["value"], *(row[c] for c in COUNTS)] for row in expected
    }

    def ok(key: tuple[Any, ...], value: float | None, counts: tuple[Any, ...]) -> bool:
        if key not in totals or value is None:
            return False
        total, *expected_counts = totals[key]
        # NaN and infinities compare false, as they did; counts must be equal exactly.
        return abs(value - total) <= 1e-12 * abs(total) and list(counts) == expected_counts

    rows = zip(*(_values(a, c) for c in [*KEY, "value", *COUNTS]), strict=True)
    return _verdict(ok(tuple(row[:3]), row[3], row[4:]) for row in rows)


# --- Secretaries-General ---------------------------------------------------------------------


@rule("secretaries_general", "term_end", "ends before it starts")
def term_end_not_before_start(t: Tables) -> Verdict:
    g = t["secretaries_general"]
    return _not_before(_values(g, "term_end"), _values(g, "term_start"))


@rule(
    "secretaries_general",
    "term_start",
    "starts before the previous term (by term number) ended, or the previous term has no end",
)
def terms_do_not_overlap(t: Tables) -> Verdict:
    g = t["secretaries_general"]
    term = _values(g, "term")
    order = sorted(range(g.num_rows), key=lambda i: _nulls_last(term[i]))
    everyone = [""] * g.num_rows  # one sequence of terms
    overlaps = _overlaps_earlier(
        order, _values(g, "term_start"), _values(g, "term_end"), everyone, touch_ok=False
    )
    return ~overlaps


@rule("secretaries_general", "term_end_precision", "term_end and its precision must go together")
def term_end_has_precision(t: Tables) -> Verdict:
    g = t["secretaries_general"]
    return _together(_values(g, "term_end"), _values(g, "term_end_precision"))


# --- Joint exercises (exercises, exercise_participants) -------------------------------------


def _exercise_last_day(
    start: dt.date | None, precision: str | None, end: dt.date | None
) -> dt.date | None:
    """The last day an exercise may have lasted: its end_date, or else the last day of the
    day, month or year that start_date stands for (any precision other than day or month
    is read as a year)."""
    if end is not None or start is None:
        return end
    if precision == "day":
        return start
    if precision == "month":
        following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(start.year, 12, 31)


@rule("exercises", "end_date", "ends before it starts")
def exercise_end_not_before_start(t: Tables) -> Verdict:
    e = t["exercises"]
    return _not_before(_values(e, "end_date"), _values(e, "start_date"))


@rule("exercises", "end_precision", "end_date and its precision must go together")
def exercise_end_has_precision(t: Tables) -> Verdict:
    e = t["exercises"]
    return _together(_values(e, "end_date"), _values(e, "end_precision"))


@rule(
    "exercises",
    "start_date",
    "dated after the day its source was read (no future or planned exercises)",
    needs=("sources",),
)
def exercise_not_after_source_read(t: Tables) -> Verdict:
    e = t["exercises"]
    accessed = {k: v[0] for k, v in _index(t["sources"], "source_id", "accessed").items()}

    def ok(source: str | None, start: dt.date | None, end: dt.date | None) -> bool:
        read = accessed.get(source)
        if read is None:
            return True  # an unknown source is a foreign key problem, reported there
        last = end if end is not None else start
        return last is not None and last <= read

    return _verdict(
        ok(*row)
        for row in zip(
            *(_values(e, c) for c in ("source_id", "start_date", "end_date")), strict=True
        )
    )


@rule("exercises", "cohost_iso3", "the second host is the same state as the host")
def exercise_cohost_differs(t: Tables) -> Verdict:
    e = t["exercises"]
    return _verdict(
        cohost is None or host is None or cohost != host
        for cohost, host in zip(_values(e, "cohost_iso3"), _values(e, "host_iso3"), strict=True)
    )


@rule(
    "exercises",
    "name",
    "another exercise has the same name and starts in the same year (an exercise listed twice)",
)
def exercise_listed_once(t: Tables) -> Verdict:
    e = t["exercises"]
    keys = [
        (None if name is None else name.strip().casefold(), None if day is None else day.year)
        for name, day in zip(_values(e, "name"), _values(e, "start_date"), strict=True)
    ]
    copies = Counter(keys)
    return _verdict(copies[key] == 1 for key in keys)  # every copy is flagged


@rule("exercises", "troops_source_id", "a source for troops is given but troops is empty")
def troops_source_needs_troops(t: Tables) -> Verdict:
    e = t["exercises"]
    return _verdict(
        source is None or troops is not None
        for source, troops in zip(_values(e, "troops_source_id"), _values(e, "troops"), strict=True)
    )


@rule(
    "exercises",
    "notes",
    "notes cite a [source-id] that is not in the sources table",
    needs=("sources",),
)
def exercise_notes_cite_sources(t: Tables) -> Verdict:
    return _notes_cite_known_sources(t["exercises"], t["sources"])


@rule(
    "exercise_participants",
    "iso3",
    "the state held no SCO status on the exercise's days and notes do not say why it is listed",
    needs=("exercises", "memberships"),
)
def participant_held_status(t: Tables) -> Verdict:
    p, m = t["exercise_participants"], t["memberships"]
    days = {
        key: (start, _exercise_last_day(start, precision, end))
        for key, (start, precision, end) in _index(
            t["exercises"], "exercise_id", "start_date", "start_precision", "end_date"
        ).items()
    }
    periods = _periods(m)

    def ok(exercise: str | None, iso3: str | None, notes: str | None) -> bool:
        first, last = days.get(exercise, (None, None))
        if first is None:
            return True  # an unknown exercise is a foreign key problem, reported there
        if notes is not None and notes.strip():
            return True  # notes say why the state is listed
        # Some day of the exercise falls in a period of any status.
        return last is not None and any(
            start is not None and start <= last and (end is None or end > first)
            for start, end in periods.get(iso3, ())
        )

    return _verdict(
        ok(*row)
        for row in zip(*(_values(p, c) for c in ("exercise_id", "iso3", "notes")), strict=True)
    )


@rule(
    "exercise_participants",
    "notes",
    "notes cite a [source-id] that is not in the sources table",
    needs=("sources",),
)
def participant_notes_cite_sources(t: Tables) -> Verdict:
    return _notes_cite_known_sources(t["exercise_participants"], t["sources"])


# --- pandas callers --------------------------------------------------------------------------


def as_column(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """A column converted from pandas as the contract types it: categories decoded to
    strings, timestamps cast to dates, and a column with no values at all (pandas cannot
    tell its type) as strings; nullable integers, numbers and booleans arrive as int64,
    float64 and bool with nulls."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        return column.cast(kind.value_type)
    if pa.types.is_timestamp(kind):
        return column.cast(pa.date32())
    if pa.types.is_null(kind):
        return column.cast(pa.string())
    return column


def as_tables(frames: Mapping[str, pd.DataFrame | pa.Table]) -> dict[str, pa.Table]:
    """Typed frames (as ``sco_data.load`` gives them) as the Arrow tables the rules read
    (``as_column``). Row i of a table is row i of its frame, whatever the frame's index.
    Arrow tables are passed through, decoded."""
    converted = {}
    for name, frame in frames.items():
        if isinstance(frame, pa.Table):
            table = frame
        else:
            table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata()
        columns = [as_column(column) for column in table.columns]
        converted[name] = pa.table(columns, names=table.column_names)
    return converted


def checks_for(table: str, frames: Mapping[str, pd.DataFrame]) -> list[pandera.Check]:
    """The rules on ``table`` as pandera frame checks, for the rules whose tables are loaded."""
    import pandera.pandas as pandera

    checks = []
    for r in RULES.values():
        if r.table != table or not all(name in frames for name in r.needs):
            continue
        checks.append(pandera.Check(_bind(r, frames, table), name=f"{r.name}"))
    return checks


def _bind(
    r: Rule, frames: Mapping[str, pd.DataFrame], table: str
) -> Callable[[pd.DataFrame], pd.Series]:
    def test(frame: pd.DataFrame) -> pd.Series:
        import pandas as pd

        needed = {name: frames[name] for name in r.needs if name != table}
        verdict = r.test(as_tables({**needed, table: frame}))
        return pd.Series(verdict, index=frame.index, dtype=bool)

    return test
