"""The command line, run as users run it: exit codes, streams and lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from conftest import ROOT, set_cell

import sco_data
from sco_data._descriptor import read_tables
from sco_data.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    """The installed entry point in a subprocess, exactly as a shell or CI calls it."""
    return subprocess.run(
        [sys.executable, "-m", "sco_data.cli", *args], capture_output=True, text=True, check=False
    )


def test_validate_shipped_package_is_valid() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid: 0 error(s)" in result.stdout


def test_validate_reports_place_and_exits_1(package: Path) -> None:
    set_cell(package, "summits", 0, "host_iso3", "ZZZ")
    result = run("validate", str(package))
    assert result.returncode == 1
    assert "data/summits.csv, row 2, column 'host_iso3'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_json_report_shape(package: Path) -> None:
    set_cell(package, "memberships", 0, "status", "ally")
    result = run("validate", "--format", "json", str(package.parent))
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["valid"] is False and report["errors"] == len(report["problems"])
    problem = next(p for p in report["problems"] if p["check"] == "enum")
    assert problem == {**problem, "file": "data/memberships.csv", "row": 2, "column": "status"}


def test_validate_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no data package" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_is_the_data_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"sco-data {sco_data.__version__}"


def test_tables_lists_every_table_with_rows() -> None:
    out = CliRunner().invoke(main, ["tables"]).output
    for name, frame in sco_data.load_all().items():
        assert any(line.split()[:2] == [name, str(len(frame))] for line in out.splitlines()), name


def test_show_pipes_csv_that_reads_back() -> None:
    result = run("show", "memberships")
    assert result.returncode == 0
    import io

    back = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False, na_values=[""])
    assert len(back) == len(sco_data.load("memberships"))
    assert list(back.columns) == list(sco_data.load("memberships").columns)


def test_show_json_and_unknown_table() -> None:
    records = json.loads(run("show", "states", "--format", "json").stdout)
    assert {r["iso3"] for r in records} == set(sco_data.load("states")["iso3"])
    bad = run("show", "nations")
    assert bad.returncode == 2 and "memberships" in bad.stderr


def test_members_on_a_day() -> None:
    result = run("members", "--on", "2017-12-31", "--status", "observer", "--format", "csv")
    rows = pd.read_csv(__import__("io").StringIO(result.stdout))
    assert sorted(rows["iso3"]) == ["AFG", "BLR", "IRN", "MNG"]
    assert "4 state(s) on 2017-12-31" in result.stderr
    bad = run("members", "--on", "31/12/2017")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from sco_data.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'pandera', 'frictionless') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="


def test_importing_the_cli_imports_no_heavy_library() -> None:
    """Start-up stays fast: the CLI module must not import pandas, pandera or frictionless."""
    code = (
        "import sys, sco_data.cli\n"
        "heavy = ('pandas', 'pandera', 'frictionless', 'pyarrow')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_validating_the_shipped_package_imports_no_heavy_library() -> None:
    """`sco-data validate` on a package using only the features sco-data checks itself
    imports neither frictionless (the descriptor is checked against the vendored profiles)
    nor pandas and pandera (the checks read Arrow columns through sco_data._arrays, so that
    pyarrow does not import pandas either): importing them would cost more than the rows."""
    code = (
        "import sys; from sco_data.cli import main\n"
        "try:\n    main(['validate'])\nexcept SystemExit as exit:\n    code = exit.code\n"
        "heavy = ('frictionless', 'pandera', 'jsonschema', 'pandas')\n"
        "print(code, sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 []"


def test_choices_come_from_their_one_home() -> None:
    """The statuses, bodies and formats the commands accept are the schema's enums and the
    modules' own lists, so a value added there is accepted without an edit to the CLI."""
    from sco_data import _export, _panel, _render, cite, diff, plot
    from sco_data._statuses import statuses
    from sco_data._validation import _report
    from sco_data.cli import main

    def choices(command: str, param: str) -> list[str]:
        found = next(p for p in main.commands[command].params if p.name == param)
        return list(found.type.choices)

    summits_body = read_tables(ROOT / "datapackage.json")["summits"].field("body").enum
    assert choices("members", "status") == list(statuses())
    assert choices("summits", "body") == list(summits_body)
    assert choices("export", "fmt") == list(_export.FORMATS)
    assert choices("validate", "fmt") == list(_report.FORMATS)
    assert choices("plot", "kind") == list(plot.KINDS)
    assert choices("panel", "rule") == list(_panel.RULES)
    assert choices("counts", "rule") == list(_panel.COUNT_RULES)
    assert choices("cite", "fmt") == list(cite.STYLES)
    assert choices("diff", "fmt") == list(diff.FORMATS)
    for printing in ("show", "members", "summits"):
        assert choices(printing, "fmt") == list(_render.FORMATS)
