"""What changed in the data between two versions of the package, table by table.

Rows are matched on each table's primary key: a key only in the new version is an added row,
only in the old a removed one, in both with other values a changed one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .csvfile import csv_text
from .descriptor import read_tables
from .loader import load
from .locate import descriptor_path


@dataclass(frozen=True)
class TableChange:
    table: str
    added: int
    removed: int
    changed: int
    examples: tuple[str, ...] = ()


def _rows(path: Path, name: str) -> pd.DataFrame:
    table = read_tables(path)[name]
    frame = load(name, path)
    # Compare on the published text of each row, so types cannot disagree.
    lines = csv_text(frame, table).splitlines()[1:]
    keys = csv_text(frame[table.primary_key], _key_table(table)).splitlines()[1:]
    return pd.DataFrame({"key": keys, "row": lines})


def _key_table(table):
    from dataclasses import replace

    return replace(table, fields=[table.field(k) for k in table.primary_key])


def diff_packages(old: str | Path, new: str | Path) -> list[TableChange]:
    """Changes per table from ``old`` to ``new``; a table missing from ``old`` is all added."""
    old_path, new_path = descriptor_path(old), descriptor_path(new)
    old_tables = read_tables(old_path)
    changes = []
    for name in read_tables(new_path):
        after = _rows(new_path, name)
        before = _rows(old_path, name) if name in old_tables else after.iloc[0:0]
        merged = before.merge(
            after, on="key", how="outer", suffixes=("_old", "_new"), indicator=True
        )
        added = merged[merged["_merge"] == "right_only"]
        removed = merged[merged["_merge"] == "left_only"]
        both = merged[merged["_merge"] == "both"]
        changed = both[both["row_old"] != both["row_new"]]
        examples = tuple(f"changed {k}" for k in changed["key"].head(3))
        changes.append(TableChange(name, len(added), len(removed), len(changed), examples))
    return changes


def as_markdown(changes: list[TableChange]) -> str:
    lines = ["| table | rows added | rows removed | rows changed |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| `{c.table}` | {c.added} | {c.removed} | {c.changed} |" for c in changes]
    return "\n".join(lines) + "\n"
