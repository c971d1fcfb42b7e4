"""Render a typed DataFrame as a terminal table, CSV or JSON.

CSV and JSON come from the same writers as the published files and the exports (csvfile,
_export), so ``show --format csv`` is byte for byte the published file. The terminal table is
built here from the cells' text, not with pandas' ``to_string`` (whose behaviour with
categories and missing values differs between pandas versions): every cell is plain text,
columns are cut with an ellipsis so that each line fits the terminal's width.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Callable

import pandas as pd

from ._csvfile import csv_text
from ._descriptor import Field, Table
from ._tableschema.types import TYPES, type_for_dtype

ELLIPSIS = "…"
MIN_WIDTH = 3  # no header is cut narrower than this (plus the ellipsis)
GAP = "  "
TEXT_WIDTH = 12  # text columns are cut to this before anything else is


def table_of(frame: pd.DataFrame, name: str = "rows") -> Table:
    """A Table describing ``frame`` from its dtypes, for frames that are not a published
    table (such as ``members``' result); the type registry says which dtype is which type."""
    fields = [
        Field(name=str(column), type=type_for_dtype(frame[column].dtype).name)
        for column in frame.columns
    ]
    return Table(name, "", "", "", fields, [], [], [""])


def render(
    frame: pd.DataFrame, fmt: str, table: Table | None = None, width: int | None = None
) -> str:
    """``frame`` as ``fmt`` (table, csv or json). ``table`` gives the field types (default:
    from the dtypes); ``width`` is the terminal width for ``table`` (default: the terminal's)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return FORMATS[fmt](frame, table or table_of(frame), width)


def _as_table(frame: pd.DataFrame, table: Table, width: int | None) -> str:
    return text_table(frame, table, width or shutil.get_terminal_size().columns)


def _as_csv(frame: pd.DataFrame, table: Table, width: int | None) -> str:
    return csv_text(frame, table, sort=False)


def _as_json(frame: pd.DataFrame, table: Table, width: int | None) -> str:
    from ._export import json_text

    return json_text(frame, table)


# What a command that prints a table offers as --format (the CLI reads its choices here).
FORMATS: dict[str, Callable[[pd.DataFrame, Table, int | None], str]] = {
    "table": _as_table,
    "csv": _as_csv,
    "json": _as_json,
}


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide (CJK) characters two, combining ones none."""
    return sum(
        0
        if unicodedata.combining(ch)
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, ending in an ellipsis when cut."""
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out += ch
        used += w
    return out + ELLIPSIS


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - display_width(text))
    return space + text if right else text + space


def text_table(frame: pd.DataFrame, table: Table, width: int) -> str:
    """A plain-text table no wider than ``width``: numbers right-aligned, missing cells blank,
    line breaks inside cells shown as spaces. To fit, headers and text columns are cut first
    (with an ellipsis); dates, numbers and codes are never cut: columns that still do not fit
    are left out from the right, and a last line names them."""
    from ._csvfile import cell_text

    width = max(width, 20)
    names = [f.name for f in table.fields]
    cells = {
        f.name: [
            "" if pd.isna(v) else " ".join(str(v).split()) for v in cell_text(frame[f.name], f.type)
        ]
        for f in table.fields
    }
    # How each type is shown comes from the type registry (a type it does not know is
    # neither right-aligned nor cut).
    kinds = {f.name: TYPES.get(f.type) for f in table.fields}
    right = {n: kinds[n] is not None and kinds[n].right_aligned for n in names}
    data = {n: max([1, *(display_width(c) for c in cells[n])]) for n in names}
    widths = {n: max(data[n], display_width(n)) for n in names}
    floor = {
        n: min(widths[n], TEXT_WIDTH)
        if kinds[n] is not None and kinds[n].may_cut
        else max(data[n], MIN_WIDTH + 1)
        for n in names
    }
    shown = list(names)

    def total() -> int:
        return sum(widths[n] for n in shown) + len(GAP) * (len(shown) - 1)

    while total() > width:
        over = [n for n in shown if widths[n] > floor[n]]
        if over:
            widths[max(over, key=lambda n: widths[n] - floor[n])] -= 1
        elif len(shown) > 1:
            shown.pop()
        else:
            widths[shown[0]] = width
            break
    lines = [GAP.join(_pad(cut(n, widths[n]), widths[n], right[n]) for n in shown).rstrip()]
    for i in range(len(frame)):
        row = (_pad(cut(cells[n][i], widths[n]), widths[n], right[n]) for n in shown)
        lines.append(GAP.join(row).rstrip())
    hidden = names[len(shown) :]
    if hidden:
        note = (
            f"({len(hidden)} more column(s) not shown: {', '.join(hidden)}; "
            "widen the terminal or use --format csv)"
        )
        lines.append(cut(note, width))
    return "\n".join(lines) + "\n"
