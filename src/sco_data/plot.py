"""Pictures of the data: each state's statuses over time, and the members' share of the world.

matplotlib is an optional extra (``pip install 'sco-data[plot]'``); it is imported only here.
Figures are written through ``_atomic`` (beside the target, fsynced, renamed into place). An
existing file is replaced only with ``force``, and only when it is a picture of the requested
format; the format comes from the suffix: .png, .svg or .pdf.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ._atomic import atomic_write
from ._descriptor import read_package
from ._loader import load
from ._statuses import statuses

KINDS = ("timeline", "shares")
SIZE = (12, 8)  # inches
DPI = 100
# One colour per status, in the order of the schema's enum (sco_data._statuses.statuses()).
PALETTE = ("#1b6ca8", "#f2a541", "#7fb069", "#b56576")
SHARE_INDICATORS = {
    "SP.POP.TOTL": "population",
    "NY.GDP.MKTP.CD": "GDP (current US$)",
    "NY.GDP.MKTP.PP.CD": "GDP (PPP)",
    "AG.SRF.TOTL.K2": "surface area",
}


# suffix -> how a file of that format begins (to tell a picture from anything else)
FORMATS = {".png": (b"\x89PNG",), ".svg": (b"<?xml", b"<svg"), ".pdf": (b"%PDF",)}


class PlotError(Exception):
    """A picture that cannot be made; the message says why. Exit 2: a usage error."""

    exit_code = 2


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only, no screen
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotError("plots need matplotlib: pip install 'sco-data[plot]'") from None
    return plt


def timeline(ax, path=None) -> None:
    colours = dict(zip(statuses(), PALETTE, strict=True))
    path = read_package(path)  # read once, for the three tables
    memberships = load("memberships", path)
    states = load("states", path)[["iso3", "name_en"]]
    summits = load("summits", path)
    today = pd.Timestamp(
        max(memberships["start_date"].max(), memberships["end_date"].max())
    ) + pd.Timedelta(days=365)
    first = memberships.groupby("iso3", observed=True)["start_date"].min().sort_values()
    order = list(first.index.astype(str))
    names = states.set_index(states["iso3"].astype(str))["name_en"]
    for row, iso3 in enumerate(order):
        for period in memberships[memberships["iso3"].astype(str) == iso3].itertuples():
            end = period.end_date if pd.notna(period.end_date) else today
            ax.barh(
                row,
                (end - period.start_date).days,
                left=period.start_date,
                height=0.7,
                color=colours[str(period.status)],
            )
    for day in summits.loc[summits["body"] == "heads_of_state", "start_date"]:
        ax.axvline(day, color="grey", linewidth=0.5, alpha=0.4, zorder=0)
    ax.set_yticks(range(len(order)), [str(names.get(i, i)) for i in order], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(pd.Timestamp("2001-01-01"), today)
    handles = [ax.bar(0, 0, color=c, label=s.replace("_", " ")) for s, c in colours.items()]
    ax.legend(handles=handles, loc="lower left", fontsize=8)
    ax.set_title("SCO status of each state since 2001 (grey lines: heads-of-state summits)")


def shares(ax, path=None) -> None:
    aggregates = load("aggregates", path)
    members = aggregates[
        (aggregates["group"] == "members") & aggregates["indicator"].isin(list(SHARE_INDICATORS))
    ]
    for code, label in SHARE_INDICATORS.items():
        series = members[members["indicator"] == code].sort_values("year")
        ax.plot(
            series["year"].astype(int),
            series["share"].astype(float) * 100,
            marker="o",
            markersize=3,
            label=label,
        )
    ax.set_ylabel("% of world")
    ax.set_ylim(0, 50)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    ax.set_title("SCO member states' share of the world (World Bank WDI; members on 31 December)")


def plot(kind: str, out: str | Path, path=None, force: bool = False) -> Path:
    """Draw ``kind`` (timeline or shares) into ``out`` (.png, .svg or .pdf). An existing
    ``out`` is replaced only with ``force``, and only if it is a picture of that format."""
    if kind not in KINDS:
        raise PlotError(f"unknown plot {kind!r}; choose from {', '.join(KINDS)}")
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise PlotError(
            f"cannot write {out}: the picture's format comes from its suffix; "
            f"use {', '.join(FORMATS)}"
        )
    if not out.parent.is_dir():
        raise PlotError(f"cannot write {out}: folder {out.parent} does not exist")
    if out.exists() or out.is_symlink():
        if not force:
            raise PlotError(f"{out} already exists; use --force to replace it")
        if not _is_picture(out, suffix):
            raise PlotError(f"refusing to replace {out}: it is not a {suffix[1:]} picture")
    plt = _pyplot()
    figure, ax = plt.subplots(figsize=SIZE, dpi=DPI)
    try:
        {"timeline": timeline, "shares": shares}[kind](ax, path)
        figure.tight_layout()
        atomic_write(out, lambda tmp: figure.savefig(tmp, dpi=DPI, format=suffix[1:]))
    finally:
        plt.close(figure)
    return out


def _is_picture(file: Path, suffix: str) -> bool:
    if file.is_symlink() or not file.is_file():
        return False
    with open(file, "rb") as handle:
        head = handle.read(256).lstrip()
    return head.startswith(FORMATS[suffix])
