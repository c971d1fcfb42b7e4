"""Bad input never passes and never crashes: each defect of the corpus is reported with its
place, the exit code is 1, nothing is written, and no traceback is printed."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_package
from corpus import CORPUS, Defect

from sco_data import validate
from sco_data.cli import main


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_defect_names_its_check() -> None:
    assert all(d.check for d in CORPUS)


@pytest.mark.parametrize("defect", CORPUS, ids=[d.name for d in CORPUS])
def test_defect_is_reported_first_where_it_is(tmp_path: Path, defect: Defect) -> None:
    """The planted defect is the first problem, with its file, row, column and check in one
    problem; at most ten problems in all; exit 1; nothing written; no traceback."""
    descriptor = copy_package(tmp_path)
    defect.apply(tmp_path)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(descriptor)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == defect.exit_code, result.output
    assert snapshot(tmp_path) == before, "validation wrote to the package"
    report = json.loads(result.output)
    problems = report["problems"]
    assert problems, report
    first = problems[0]
    wanted = {"file": defect.file, "check": defect.check}
    if defect.row is not None:
        wanted["row"] = defect.row
    if defect.column is not None:
        wanted["column"] = defect.column
    assert {k: first[k] for k in wanted} == wanted, problems
    assert len(problems) <= 10, problems
    assert report["internal_errors"] == []


def test_url_is_never_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A remote path is refused before any library could try the network."""
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the validator tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    descriptor = copy_package(tmp_path)
    next(d for d in CORPUS if d.name.startswith("path is a URL")).apply(tmp_path)
    report = validate(descriptor)
    assert not report.valid
    assert any("offline" in p.message and p.check == "remote-path" for p in report.problems)


@pytest.mark.parametrize("name", ["byte-order mark", "CRLF line endings"])
def test_bom_and_crlf_are_rejected_with_a_fix(tmp_path: Path, name: str) -> None:
    """The CSV convention is UTF-8 without BOM and \\n endings: both are errors, and the
    message says how to fix the file."""
    descriptor = copy_package(tmp_path)
    next(d for d in CORPUS if d.name == name).apply(tmp_path)
    report = validate(descriptor)
    wanted = {"byte-order mark": "without BOM", "CRLF line endings": "\\n line endings"}[name]
    assert any(wanted in p.message and p.severity == "error" for p in report.problems)


def test_a_usage_error_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "missing")])
    assert result.exit_code == 2


def test_the_real_entry_point_prints_no_traceback_on_a_broken_package(tmp_path: Path) -> None:
    """Every corpus case runs through the command in-process (above); this one runs the real
    process once, to show nothing reaches stderr as a traceback."""
    import subprocess

    descriptor = copy_package(tmp_path)
    next(d for d in CORPUS if d.name == "unbalanced quote").apply(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "sco_data.cli", "validate", str(descriptor)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_an_unprefixed_md5_hash_is_read_as_the_spec_says(tmp_path: Path) -> None:
    """Data Package hashes without an algorithm prefix are MD5: a right one passes, a wrong
    one is reported."""
    descriptor = copy_package(tmp_path)
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    resource = next(r for r in data["resources"] if r["name"] == "states")
    resource["hash"] = hashlib.md5((tmp_path / resource["path"]).read_bytes()).hexdigest()
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    assert validate(descriptor).valid
    resource["hash"] = "0" * 32
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    problems = [p for p in validate(descriptor).problems if p.check == "hash-count"]
    assert [p.file for p in problems] == ["data/states.csv"]
    assert "sco-data refresh" in problems[0].message
