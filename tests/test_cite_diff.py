"""Citing the data and describing what changed between versions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, set_cell

import sco_data
from sco_data.diff import diff_packages


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sco_data.cli", *args], capture_output=True, text=True, check=False
    )


def test_cite_text_and_bibtex_name_the_version() -> None:
    text = cli("cite").stdout
    assert f"version {sco_data.__version__}" in text and "CC-BY-4.0" in text
    bibtex = cli("cite", "--format", "bibtex").stdout
    assert re.match(r"@misc\{sco_data_\d+_\d+_\d+,", bibtex)
    assert bibtex.count("{") == bibtex.count("}")
    assert f"version = {{{sco_data.__version__}}}" in bibtex


def test_diff_counts_added_removed_and_changed_rows(package: Path) -> None:
    set_cell(package, "summits", 0, "city", "Shanghai (changed)")
    lines = (package.parent / "data/states.csv").read_text(encoding="utf-8").splitlines()
    (package.parent / "data/states.csv").write_text(
        "\n".join(lines[:1] + lines[2:]) + "\n", encoding="utf-8"
    )
    changes = {c.table: c for c in diff_packages(package, ROOT)}
    assert (changes["summits"].added, changes["summits"].removed, changes["summits"].changed) == (
        0,
        0,
        1,
    )
    assert (changes["states"].added, changes["states"].removed) == (1, 0)
    assert all(
        c.added == c.removed == c.changed == 0
        for n, c in changes.items()
        if n not in ("summits", "states")
    )


def test_diff_command_prints_a_markdown_table(package: Path) -> None:
    result = cli("diff", str(package), str(ROOT))
    assert result.returncode == 0
    assert "| `memberships` | 0 | 0 | 0 |" in result.stdout


def _drop_table(descriptor: Path, name: str) -> None:
    d = json.loads(descriptor.read_text(encoding="utf-8"))
    d["resources"] = [r for r in d["resources"] if r["name"] != name]
    descriptor.write_text(json.dumps(d, indent=2), encoding="utf-8")


def test_diff_names_tables_keys_and_columns(package: Path) -> None:
    """Counts alone did not say what changed: the report names tables added and removed, the
    keys of rows added and removed, and the columns of each changed row."""
    set_cell(package, "summits", 0, "city", "Shanghai (changed)")
    set_cell(package, "summits", 0, "notes", "edited")
    lines = (package.parent / "data/states.csv").read_text(encoding="utf-8").splitlines()
    first_state = lines[1].split(",")[0]
    (package.parent / "data/states.csv").write_text(
        "\n".join(lines[:1] + lines[2:]) + "\n", encoding="utf-8"
    )
    _drop_table(package, "principles")
    old_summit = sco_data.load("summits", package)["summit_id"].iloc[0]
    changes = diff_packages(package, ROOT)  # old: the edited copy; new: the shipped package
    assert changes.tables_added == ["principles"] and changes.tables_removed == []
    summits = next(c for c in changes if c.table == "summits")
    assert [(r.key, r.columns) for r in summits.changed_rows] == [
        ({"summit_id": old_summit}, ["city", "notes"])
    ]
    states = next(c for c in changes if c.table == "states")
    assert states.added_keys == [{"iso3": first_state}] and states.removed_keys == []

    reverse = json.loads(cli("diff", "--format", "json", str(ROOT), str(package)).stdout)
    assert reverse["tables_removed"] == ["principles"] and reverse["tables_added"] == []
    by_name = {t["table"]: t for t in reverse["tables"]}
    assert by_name["states"]["removed_keys"] == [{"iso3": first_state}]
    assert by_name["summits"]["changed_rows"] == [
        {"key": {"summit_id": old_summit}, "columns": ["city", "notes"]}
    ]

    text = cli("diff", str(ROOT), str(package)).stdout
    assert "- tables removed: `principles`" in text
    assert f"- `states`: removed iso3={first_state}" in text
    assert f"- `summits`: changed summit_id={old_summit}: city, notes" in text
