"""frictionless, for what our own checks do not cover exactly.

- ``metadata_problems``: whether the descriptor and its Table Schemas follow the Data
  Package specification.
- ``row_problems``: frictionless's own row validation of the resources that use a feature
  our vectorised checks do not implement exactly (see _support.py), its errors mapped to our
  problems (same file, row, column; the check named as we name it).
The descriptor reaching here has been checked for URLs and unsafe paths (_preflight.py), so
frictionless never fetches anything.
"""

from __future__ import annotations

import re
from pathlib import Path

from ._report import Problem

# frictionless error types -> our check names and stages.
CHECKS = {
    "type-error": ("type", "types"),
    "unique-error": ("unique", "keys"),
    "primary-key": ("primaryKey", "keys"),
    "foreign-key": ("foreignKey", "keys"),
    "constraint-error": ("constraint", "constraints"),
    "missing-cell": ("missing-cell", "structure"),
    "extra-cell": ("extra-cell", "structure"),
    "blank-row": ("blank-row", "structure"),
    "blank-label": ("header", "structure"),
    "duplicate-label": ("header", "structure"),
    "incorrect-label": ("header", "structure"),
    "missing-label": ("header", "structure"),
    "extra-label": ("header", "structure"),
    "encoding-error": ("encoding", "bytes"),
    "source-error": ("structure", "structure"),
    "scheme-error": ("structure", "structure"),
    "format-error": ("structure", "structure"),
}
# Checked by us for every resource (_integrity.py); frictionless would say it twice.
OURS = {"hash-count", "byte-count"}


def shorten(message: str, limit: int = 300) -> str:
    """frictionless quotes whole cells; a runaway quoted cell can hold the rest of a file."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def metadata_problems(descriptor: Path) -> list[Problem]:
    """What frictionless says of the descriptor and its Table Schemas (not the rows)."""
    from frictionless import Package

    result = Package.validate_descriptor(str(descriptor))
    return [
        Problem(
            "datapackage.json",
            None,
            None,
            e.type,
            shorten(e.message),
            source="frictionless",
            stage="descriptor",
        )
        for e in result.errors
    ]


def map_error(e: dict, file: str, table: str | None) -> Problem | None:
    """One frictionless error as our Problem, or None for what we check ourselves."""
    if e["type"] in OURS:
        return None
    check, stage = CHECKS.get(e["type"], (e["type"], "constraints"))
    column = e.get("fieldName") or None
    if e["type"] == "constraint-error":
        found = re.search(r'constraint "(\w+)"', e.get("note", "") or e.get("message", ""))
        check = found.group(1) if found else check
    if e["type"] == "foreign-key":
        fields = e.get("fieldNames") or []
        column = ", ".join(fields) or column
        check = f"foreignKey:{'+'.join(fields)}" if fields else check
    if check in ("unique", "foreignKey") or check.startswith("foreignKey:"):
        stage = "keys"
    row = e.get("rowNumber")
    if e["type"].endswith("-label"):
        row = 1  # the header is row 1
    return Problem(
        file,
        row,
        column,
        check,
        shorten(e.get("message", e.get("note", ""))),
        table=table,
        source="frictionless",
        stage=stage,
    )


def _root_causes(found: list[Problem]) -> list[Problem]:
    """A header that does not match the schema misaligns every row: report the header only."""
    header = [p for p in found if p.stage in ("bytes", "structure") and (p.row in (None, 1))]
    return header or found


def row_problems(descriptor: Path, names: list[str]) -> tuple[list[Problem], dict[str, int]]:
    """frictionless's row validation of the resources ``names`` (with the package around
    them, so that foreign keys resolve); the problems and the rows read per resource."""
    from frictionless import Package

    package = Package(str(descriptor))
    problems: list[Problem] = []
    rows: dict[str, int] = {}
    for name in names:
        resource = package.get_resource(name)
        report = resource.validate().to_descriptor()
        for task in report.get("tasks", []):
            file = str(task.get("place") or resource.path)
            found = [map_error(e, file, name) for e in task.get("errors", [])]
            problems += _root_causes([p for p in found if p is not None])
            rows[name] = int(task.get("stats", {}).get("rows", 0) or 0)
        for e in report.get("errors", []):
            mapped = map_error(e, resource.path or "datapackage.json", name)
            if mapped is not None:
                problems.append(mapped)
    return problems, rows
