"""What the package holds, read from the descriptor and CSVs without pandas (fast)."""

from __future__ import annotations

import csv

from ._descriptor import descriptor_path, package_dir, read_descriptor


def _resources() -> list[dict]:
    return read_descriptor(descriptor_path())["resources"]


def table_names() -> list[str]:
    return [r["name"] for r in _resources()]


def count_rows(path: str) -> int:
    """Data rows in a CSV (quoted newlines count once), without the header."""
    with open(path, encoding="utf-8", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def table_summaries() -> list[tuple[str, int, str]]:
    base = package_dir()
    return [
        (r["name"], count_rows(str(base / r["path"])), r.get("description", r.get("title", "")))
        for r in _resources()
    ]
