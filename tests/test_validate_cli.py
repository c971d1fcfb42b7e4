"""`sco-data validate` checks what the user means and `sco-data refresh` lets them fix it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_package, read_rows, set_cell, write_rows

from sco_data import validate
from sco_data.cli import main


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_no_path_validates_the_package_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    descriptor = copy_package(tmp_path)
    set_cell(descriptor, "summits", 0, "number", "x")
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first == "Validating datapackage.json (the datapackage.json in the current folder)"
    assert "data/summits.csv, row 2, column 'number'" in result.output


def test_no_path_and_no_package_here_validates_the_installed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "(the package installed with sco-data)" in result.output.splitlines()[0]


def _edit(descriptor: Path) -> None:
    path = descriptor.parent / "data/summits.csv"
    header, rows = read_rows(path)
    rows[0][header.index("city")] += " (edited)"
    write_rows(path, header, rows)


def test_refresh_rewrites_only_bytes_and_hash(tmp_path: Path) -> None:
    descriptor = copy_package(tmp_path)
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    # a descriptor formatted unlike ours: four spaces, keys in another order
    data = {"resources": data.pop("resources"), **data}
    descriptor.write_text(json.dumps(data, indent=4, ensure_ascii=False), encoding="utf-8")
    before = descriptor.read_text(encoding="utf-8")
    assert run("refresh", str(tmp_path)).output.endswith("refreshed nothing (all current)\n")
    assert descriptor.read_text(encoding="utf-8") == before
    _edit(descriptor)
    report = validate(descriptor)
    assert {p.check for p in report.problems} == {"byte-count", "hash-count"}
    assert all("sco-data refresh" in p.message for p in report.problems)
    result = run("refresh", str(descriptor))
    assert result.exit_code == 0 and "refreshed summits" in result.output
    after = descriptor.read_text(encoding="utf-8")
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert len(changed) == 2
    assert all('"bytes":' in old or '"hash":' in old for old, _ in changed)
    assert validate(descriptor).valid
    assert not list(tmp_path.glob(".datapackage.json.*")), "a temporary file was left behind"


def test_refresh_adds_missing_bytes_and_hash_and_keeps_md5(tmp_path: Path) -> None:
    import hashlib

    descriptor = copy_package(tmp_path)
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"][0].pop("bytes")
    data["resources"][0].pop("hash")
    states = next(r for r in data["resources"] if r["name"] == "states")
    states["hash"] = "0" * 32  # an unprefixed (MD5) hash stays MD5
    descriptor.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert run("refresh", str(tmp_path)).exit_code == 0
    after = json.loads(descriptor.read_text(encoding="utf-8"))
    content = (tmp_path / states["path"]).read_bytes()
    assert next(r for r in after["resources"] if r["name"] == "states")["hash"] == (
        hashlib.md5(content).hexdigest()
    )
    assert "bytes" in after["resources"][0] and "hash" in after["resources"][0]
    assert validate(descriptor).valid


def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("validate", str(tmp_path / "nowhere")).exit_code == 2
    assert run("validate", "--max-problems", "0").exit_code == 2
    monkeypatch.chdir(tmp_path)
    assert run("refresh").exit_code == 2


def test_max_problems_limits_the_list_not_the_summary(tmp_path: Path) -> None:
    descriptor = copy_package(tmp_path)
    path = tmp_path / "data/summits.csv"
    header, rows = read_rows(path)
    for i, row in enumerate(rows[:6]):
        row[header.index("number")] = f"x{i}"  # six different bad values: six problems
    write_rows(path, header, rows)
    from sco_data._validation._integrity import refresh

    refresh(descriptor)
    result = run("validate", "--max-problems", "2", str(tmp_path))
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert sum(line.startswith("error:") for line in lines) == 2
    assert "... 4 more problem(s) not shown (--max-problems)" in lines
    assert "summary: type: 6 problem(s) in 6 row(s) or file(s)" in lines


def test_github_paths_are_relative_to_the_git_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()  # a work tree's root
    (tmp_path / "sub" / "pkg").mkdir(parents=True)
    descriptor = copy_package(tmp_path / "sub" / "pkg")
    set_cell(descriptor, "summits", 0, "number", "x")
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path / "sub")
    result = run("validate", "--format", "github", "pkg")
    assert "::error file=sub/pkg/data/summits.csv,line=2,title=type::" in result.output
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "sub"))
    result = run("validate", "--format", "github", "pkg")
    assert "::error file=pkg/data/summits.csv,line=2,title=type::" in result.output


def test_one_deleted_state_is_grouped_by_value(tmp_path: Path) -> None:
    descriptor = copy_package(tmp_path)
    path = tmp_path / "data/states.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r[0] != "KAZ"])
    from sco_data._validation._integrity import refresh

    refresh(descriptor)
    report = validate(descriptor)
    stats = [p for p in report.problems if p.file == "data/statistics.csv"]
    assert len(stats) == 1 and stats[0].count > 100
    assert "iso3 'KAZ' is not in data/states.csv" in stats[0].message
    assert len(report.problems) <= 10
    assert "aggregates_match_inputs" in {s.check for s in report.skipped}
