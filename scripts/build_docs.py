"""Regenerate docs/data-dictionary.md, docs/claims.md and the generated sections of README.md from
the Table Schemas and the data. A test fails when any of them is out of date.

    python scripts/build_docs.py
"""

from __future__ import annotations

import re
from pathlib import Path

import build_claims
import pandas as pd

from sco_data._atomic import write_text
from sco_data._descriptor import Table, read_tables
from sco_data._loader import load_all
from sco_data._metadata import croissant, readr_script, schema_org, write_json
from sco_data._tableschema.constraints import KINDS

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- BEGIN generated: {name} (scripts/build_docs.py) -->"
END = "<!-- END generated: {name} -->"


def _constraints(field) -> str:
    """The field's constraints in the constraint table's words and order: every kind."""
    parts = (
        kind.describe(field.constraints[name])
        for name, kind in KINDS.items()
        if name in field.constraints
    )
    return "; ".join(part for part in parts if part)


def _example(frame: pd.DataFrame, name: str) -> str:
    values = frame[name].dropna()
    if values.empty:
        return ""
    value = values.iloc[0]
    text = value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) else str(value)
    text = text if len(text) <= 40 else text[:39] + "…"
    return "`" + text.replace("|", "\\|").replace("`", "'") + "`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary(tables: dict[str, Table], frames: dict[str, pd.DataFrame]) -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from the Table Schemas in `schemas/` by `scripts/build_docs.py`; do not edit by hand.",
        "",
    ]
    for name, table in tables.items():
        lines += [f"## `{name}`", "", _cell(table.description), ""]
        lines += [
            f"Primary key: {', '.join(f'`{k}`' for k in table.primary_key)}. Rows: {len(frames[name]):,}."
        ]
        for fk in table.foreign_keys:
            lines.append(
                f"Foreign key: {', '.join(f'`{f}`' for f in fk.fields)} → "
                f"`{fk.resource}` ({', '.join(fk.reference_fields)})."
            )
        lines += [
            "",
            "| field | type | constraints | description | example |",
            "| --- | --- | --- | --- | --- |",
        ]
        for f in table.fields:
            lines.append(
                f"| `{f.name}` | {f.type} | {_constraints(f)} | {_cell(f.description)} | {_example(frames[name], f.name)} |"
            )
        lines.append("")
    lines.append(panel_dictionary())
    return "\n".join(lines)


def panel_dictionary() -> str:
    """The panel is computed, not a table of the package; its columns and rules are listed
    after the tables so that the dictionary documents everything a user can get."""
    from sco_data._panel import PANEL_FIELDS, RULE_DOCS

    lines = [
        "## The state-year panel (`sco_data.panel`, `sco-data panel`)",
        "",
        "Computed from `memberships`, `states` and `summits`, not stored: one row per state of "
        "`states` and year, from 1946 at the earliest to the last complete year of the data. "
        "Rules:",
        "",
    ]
    lines += [f"- `{rule}`: {text}" for rule, text in RULE_DOCS.items()]
    lines += ["", "| column | type | description |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {kind} | {_cell(text)} |" for name, kind, text in PANEL_FIELDS]
    lines.append("")
    return "\n".join(lines)


def readme_tables(tables: dict[str, Table], frames: dict[str, pd.DataFrame]) -> str:
    lines = ["| table | one row is | rows |", "| --- | --- | ---: |"]
    for name, table in tables.items():
        first = table.description.split(". ")[0].rstrip(".")
        lines.append(f"| [`{name}`]({table.path}) | {_cell(first)} | {len(frames[name]):,} |")
    return "\n".join(lines)


def readme_coverage(frames: dict[str, pd.DataFrame]) -> str:
    m, s, st = frames["memberships"], frames["summits"], frames["statistics"]
    last_status = max(m["start_date"].max(), m["end_date"].max()).strftime("%Y-%m-%d")
    last_summit = s.sort_values("start_date").iloc[-1]
    return (
        f"**Coverage.** {len(frames['states'])} states and {len(m)} periods of status from the founding on "
        f"{m['start_date'].min():%Y-%m-%d} to the latest change on {last_status}; {len(s)} meetings from "
        f"{s['start_date'].min():%Y-%m-%d} to {last_summit['city']}, {last_summit['start_date']:%Y-%m-%d}; "
        f"statistics for {int(st['year'].min())}–{int(st['year'].max())}"
        + _exercise_coverage(frames)
        + "."
    )


def _exercise_coverage(frames: dict[str, pd.DataFrame]) -> str:
    """The exercises' part of the coverage line; empty for a package without them."""
    e = frames.get("exercises")
    if e is None or e.empty:
        return ""
    return (
        f"; {len(e)} joint exercises from {e['start_date'].min():%Y-%m-%d} to "
        f"{e['start_date'].max():%Y-%m-%d}"
    )


def replace_block(text: str, name: str, body: str) -> str:
    begin, end = BEGIN.format(name=name), END.format(name=name)
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"README.md has no block {begin!r}")
    return pattern.sub(lambda _: f"{begin}\n{body}\n{end}", text)


def render(root: Path = ROOT) -> dict[Path, str]:
    """The generated files' texts, keyed by path."""
    tables = read_tables(root / "datapackage.json")
    frames = load_all(root)
    readme = (root / "README.md").read_text(encoding="utf-8")
    readme = replace_block(readme, "tables", readme_tables(tables, frames))
    readme = replace_block(readme, "coverage", readme_coverage(frames))
    return {
        root / "docs" / "data-dictionary.md": data_dictionary(tables, frames),
        root / "README.md": readme,
        root / "docs" / "claims.md": build_claims.render(root),
        root / "croissant.json": write_json(croissant(root)),
        root / "docs" / "dataset.jsonld": write_json(schema_org(root)),
        root / "docs" / "read_sco_data.R": readr_script(root),
    }


if __name__ == "__main__":
    for path, text in render().items():
        write_text(path, text)
        print(f"wrote {path.relative_to(ROOT)}")
