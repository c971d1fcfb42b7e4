"""The CI integrations users copy: the pre-commit hook, the GitHub Action and the report
formats they rely on."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import yaml
from conftest import ROOT, copy_package, set_cell

from sco_data import validate
from sco_data._validation._report import as_github, as_junit


def _entry() -> list[str]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "sco-data-validate")
    assert hook["pass_filenames"] is False
    command = [*shlex.split(hook["entry"]), *hook.get("args", [])]
    executable = shutil.which(command[0]) or str(Path(sys.executable).parent / command[0])
    return [executable, *command[1:]]


def test_hook_entry_passes_a_valid_package(tmp_path: Path) -> None:
    copy_package(tmp_path)
    result = subprocess.run(_entry(), cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_entry_fails_a_broken_package(tmp_path: Path) -> None:
    descriptor = copy_package(tmp_path)
    set_cell(descriptor, "memberships", 0, "status", "ally")
    result = subprocess.run(_entry(), cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "data/memberships.csv, row 2, column 'status'" in result.stdout


def test_hook_files_pattern_matches_the_package_files() -> None:
    import re

    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    for path in ["datapackage.json", "data/states.csv", "schemas/states.json"]:
        assert re.search(hook["files"], path)
    assert not re.search(hook["files"], "src/sco_data/cli.py")


def test_action_installs_and_validates_the_given_path() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"path", "format"}
    script = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "pip install" in script and "github.action_path" in script
    assert 'sco-data validate "${{ inputs.path }}"' in script


def test_github_annotations_point_at_the_line(tmp_path: Path) -> None:
    descriptor = copy_package(tmp_path)
    set_cell(descriptor, "summits", 2, "number", "x")
    lines = as_github(validate(descriptor)).splitlines()
    assert (
        "::error file=data/summits.csv,line=4,title=type::column number: 'x' is not a valid integer"
        in lines
    )


def test_junit_report_is_xml_with_one_failing_case(tmp_path: Path) -> None:
    descriptor = copy_package(tmp_path)
    set_cell(descriptor, "summits", 2, "number", "x")
    suite = ElementTree.fromstring(as_junit(validate(descriptor)))
    failing = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failing] == ["data/summits.csv"]
    assert "row 4, column 'number'" in failing[0].find("failure").text
    assert int(suite.get("tests")) >= 10
