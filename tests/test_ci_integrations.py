"""The CI integrations users copy: the pre-commit hook, the GitHub Action and the report
formats they rely on."""

from __future__ import annotations

import os
import shlex
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
    # the command installed with the code under test, not whichever is first on PATH
    executable = Path(sys.executable).parent / command[0]
    assert executable.is_file(), executable
    return [str(executable), *command[1:]]


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


def _action_script(step_name: str, inputs: dict[str, str]) -> str:
    """The shell script of one step of action.yml, with its inputs filled in as GitHub does."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    step = next(s for s in action["runs"]["steps"] if s.get("name") == step_name)
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values.update(inputs)
    script = step["run"]
    for name, value in values.items():
        script = script.replace("${{ inputs." + name + " }}", value)
    assert "${{ inputs." not in script, script
    return script


def _run_action(tmp_path: Path, inputs: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_WORKSPACE": str(tmp_path),
    }
    return subprocess.run(
        ["bash", "-c", _action_script("Validate", inputs)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_action_validates_the_given_path_and_annotates_from_the_repository_root(
    tmp_path: Path,
) -> None:
    """The action's Validate step, run as GitHub runs it (inputs filled in, in the
    workspace): a package in a subfolder is annotated with paths from the workspace."""
    (tmp_path / "pkg").mkdir()
    descriptor = copy_package(tmp_path / "pkg")
    assert _run_action(tmp_path, {"path": "pkg/datapackage.json"}).returncode == 0
    set_cell(descriptor, "summits", 2, "number", "x")
    result = _run_action(tmp_path, {"path": "pkg/datapackage.json"})
    assert result.returncode == 1
    assert "::error file=pkg/data/summits.csv,line=4,title=type::" in result.stdout


def test_the_action_installs_itself() -> None:
    """The install step installs the checkout of the action (whose Validate step is run
    above), not a package from an index."""
    script = _action_script("Install sco-data", {})
    argv = shlex.split(script.replace("${{ github.action_path }}", str(ROOT)))
    assert argv[:4] == ["python", "-m", "pip", "install"] and argv[-1] == str(ROOT)


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
