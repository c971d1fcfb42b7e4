"""Citing the data and describing what changed between versions."""

from __future__ import annotations

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
