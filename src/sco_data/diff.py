"""What changed in the data between two versions of the package, table by table.

Tables present in only one version are reported as added or removed. Rows are matched on each
table's primary key: a key only in the new version is an added row, only in the old a removed
one, in both with other values a changed one, listed with the columns whose published text
changed. Cells are compared as the published CSV writes them, so types cannot disagree.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from ._csvfile import cell_text
from ._descriptor import Package, Table, read_package
from ._loader import load

SHOWN = 20  # keys listed per table and kind of change in the Markdown report


@dataclass(frozen=True)
class RowChange:
    key: dict[str, str]
    columns: list[str]


@dataclass(frozen=True)
class TableChange:
    table: str
    added: int
    removed: int
    changed: int
    added_keys: list[dict[str, str]] = field(default_factory=list)
    removed_keys: list[dict[str, str]] = field(default_factory=list)
    changed_rows: list[RowChange] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PackageDiff:
    tables_added: list[str]
    tables_removed: list[str]
    tables: list[TableChange]

    def __iter__(self):  # a PackageDiff iterates over its table changes, as the list did
        return iter(self.tables)


def _cells(path: Package, table: Table) -> pd.DataFrame:
    """The table as published text, one column per field, indexed by the key's text."""
    frame = load(table.name, path)
    text = pd.DataFrame({f.name: cell_text(frame[f.name], f.type) for f in table.fields})
    text = text.astype("object").where(text.notna(), "")
    key = table.primary_key or table.field_names
    return text.set_index(key, drop=False)


def _key(index_value: object, key: list[str]) -> dict[str, str]:
    values = index_value if isinstance(index_value, tuple) else (index_value,)
    return dict(zip(key, (str(v) for v in values), strict=True))


def _diff_table(old_path: Package, new_path: Package, old: Table | None, new: Table) -> TableChange:
    after = _cells(new_path, new)
    key = new.primary_key or new.field_names
    if old is None:
        keys = [_key(k, key) for k in after.index]
        return TableChange(new.name, len(after), 0, 0, added_keys=keys)
    before = _cells(old_path, old)
    if (old.primary_key or old.field_names) != key:
        before = before.set_index(key, drop=False) if set(key) <= set(before.columns) else before
    added = after.index.difference(before.index, sort=False)
    removed = before.index.difference(after.index, sort=False)
    common = after.index.intersection(before.index, sort=False)
    shared = [c for c in new.field_names if c in before.columns]
    left, right = before.loc[common, shared], after.loc[common, shared]
    differs = left.ne(right)
    changed = [
        RowChange(_key(k, key), [c for c in shared if differs.loc[k, c]])
        for k in common
        if differs.loc[k].any()
    ]
    return TableChange(
        new.name,
        len(added),
        len(removed),
        len(changed),
        added_keys=[_key(k, key) for k in added],
        removed_keys=[_key(k, key) for k in removed],
        changed_rows=changed,
        columns_added=[c for c in new.field_names if c not in before.columns],
        columns_removed=[c for c in old.field_names if c not in new.field_names],
    )


def diff_packages(old: str | Path, new: str | Path) -> PackageDiff:
    """Changes from ``old`` to ``new``: tables added and removed, and per table of ``new``
    the rows added, removed and changed (a table missing from ``old`` is all added)."""
    old_path, new_path = read_package(old), read_package(new)  # each read once
    old_tables, new_tables = old_path.tables, new_path.tables
    return PackageDiff(
        tables_added=[n for n in new_tables if n not in old_tables],
        tables_removed=[n for n in old_tables if n not in new_tables],
        tables=[
            _diff_table(old_path, new_path, old_tables.get(name), table)
            for name, table in new_tables.items()
        ],
    )


def _key_text(key: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in key.items())


def as_markdown(changes: PackageDiff) -> str:
    lines = ["| table | rows added | rows removed | rows changed |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| `{c.table}` | {c.added} | {c.removed} | {c.changed} |" for c in changes.tables]
    details = []
    if changes.tables_added:
        details.append(f"- tables added: {', '.join(f'`{n}`' for n in changes.tables_added)}")
    if changes.tables_removed:
        details.append(f"- tables removed: {', '.join(f'`{n}`' for n in changes.tables_removed)}")
    for c in changes.tables:
        if c.table in changes.tables_added:
            continue
        for label, columns in (
            ("columns added", c.columns_added),
            ("columns removed", c.columns_removed),
        ):
            if columns:
                details.append(f"- `{c.table}`: {label}: {', '.join(columns)}")
        for label, keys in (("added", c.added_keys), ("removed", c.removed_keys)):
            for k in keys[:SHOWN]:
                details.append(f"- `{c.table}`: {label} {_key_text(k)}")
            if len(keys) > SHOWN:
                details.append(f"- `{c.table}`: and {len(keys) - SHOWN} more {label}")
        for row in c.changed_rows[:SHOWN]:
            details.append(f"- `{c.table}`: changed {_key_text(row.key)}: {', '.join(row.columns)}")
        if len(c.changed_rows) > SHOWN:
            details.append(f"- `{c.table}`: and {len(c.changed_rows) - SHOWN} more changed")
    if details:
        lines += ["", *details]
    return "\n".join(lines) + "\n"


def as_json(changes: PackageDiff) -> str:
    """Everything, unabridged: tables added and removed, and per table every key."""
    return json.dumps(asdict(changes), indent=2, ensure_ascii=False) + "\n"


# What ``sco-data diff --format`` offers: markdown for CHANGELOG.md, or json.
FORMATS = {"markdown": as_markdown, "json": as_json}
