"""scripts/release.py builds every release asset, each listed with its digest in SHA256SUMS."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_package

import sco_data

sys.path.insert(0, str(ROOT / "scripts"))
import release

duckdb = pytest.importorskip("duckdb")
VERSION = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["version"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release compared with a 'previous' copy of the package that lacks one membership row,
    so changes.json has something exact to report."""
    previous = tmp_path_factory.mktemp("previous")
    copy_package(previous)
    memberships = previous / "data" / "memberships.csv"
    lines = memberships.read_text(encoding="utf-8").splitlines(keepends=True)
    india = next(i for i, line in enumerate(lines) if line.startswith("IND,member,"))
    memberships.write_text("".join(lines[:india] + lines[india + 1 :]), encoding="utf-8")
    out = tmp_path_factory.mktemp("release") / "dist"
    release.release(out, ROOT, str(previous))
    return out


def test_every_asset_is_there_and_in_sha256sums(dist: Path) -> None:
    expected = {
        f"sco_data-{VERSION}-py3-none-any.whl",
        f"sco_data-{VERSION}.tar.gz",
        f"sco-data-{VERSION}.zip",
        f"sco-data-{VERSION}-parquet.zip",
        f"sco-data-{VERSION}.sqlite",
        f"sco-data-{VERSION}.duckdb",
        f"sco-data-{VERSION}-panel.csv",
        "croissant.json",
        "changes.json",
        "SHA256SUMS",
    }
    assert {p.name for p in dist.iterdir()} == expected
    sums = dict(
        reversed(line.split("  ", 1))
        for line in (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    assert set(sums) == expected - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest, name


def test_changes_name_the_key_added_since_the_previous_version(dist: Path) -> None:
    changes = json.loads((dist / "changes.json").read_text(encoding="utf-8"))
    tables = {t["table"]: t for t in changes["tables"]}
    added = tables["memberships"]["added_keys"]
    assert added == [{"iso3": "IND", "status": "member", "start_date": "2017-06-09"}]
    assert all(not t["removed_keys"] and not t["changed_rows"] for t in changes["tables"])


def test_the_data_assets_hold_the_package(dist: Path) -> None:
    with zipfile.ZipFile(dist / f"sco-data-{VERSION}.zip") as archive:
        assert "datapackage.json" in archive.namelist()
    with zipfile.ZipFile(dist / f"sco-data-{VERSION}-parquet.zip") as archive:
        assert sorted(archive.namelist()) == sorted(
            f"{name}.parquet" for name in sco_data.load_all(ROOT)
        )
    with sqlite3.connect(dist / f"sco-data-{VERSION}.sqlite") as db:
        (rows,) = db.execute("SELECT count(*) FROM memberships").fetchone()
    assert rows == len(sco_data.load("memberships", ROOT))
    with duckdb.connect(str(dist / f"sco-data-{VERSION}.duckdb"), read_only=True) as db:
        (rows,) = db.execute("SELECT count(*) FROM exercises").fetchone()
    assert rows == len(sco_data.load("exercises", ROOT))
    panel = (dist / f"sco-data-{VERSION}-panel.csv").read_text(encoding="utf-8")
    assert panel.count("\n") == len(sco_data.panel(path=ROOT)) + 1
    assert (dist / "croissant.json").read_bytes() == (ROOT / "croissant.json").read_bytes()


def test_release_never_replaces_a_folder_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "dist"
    mine.mkdir()
    (mine / "thesis.tex").write_text("my work", encoding="utf-8")
    assert release.main(["--out", str(mine), "--previous", str(ROOT)]) == 2
    assert [p.name for p in mine.iterdir()] == ["thesis.tex"]


def _full_git_history() -> bool:
    run = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--is-shallow-repository"],
        capture_output=True,
        text=True,
    )
    return run.returncode == 0 and run.stdout.strip() == "false"


@pytest.mark.skipif(not _full_git_history(), reason="needs the repository's git history")
def test_changelog_counts_are_what_diff_reports_since_the_previous_release(tmp_path: Path) -> None:
    import re

    from sco_data.diff import diff_packages

    previous = release.materialise_previous(ROOT, None, tmp_path)
    changes = {t.table: (t.added, t.removed, t.changed) for t in diff_packages(previous, ROOT)}
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    latest = re.search(rf"^## {re.escape(VERSION)}\b(.*?)(?=^## )", changelog, re.M | re.S)
    rows = re.findall(r"^\| `(\w+)` \| (\d+) \| (\d+) \| (\d+) \|$", latest.group(1), re.M)
    assert {name: tuple(map(int, counts)) for name, *counts in rows} == changes
