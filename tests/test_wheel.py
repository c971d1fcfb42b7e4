"""The wheel carries the data: build it, install it apart from the checkout, load a table."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("sco_data-*.whl"))


def test_wheel_contains_every_resource_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "sco_data/package/datapackage.json" in names
    for path in (ROOT / "data").glob("*.csv"):
        assert f"sco_data/package/data/{path.name}" in names
    for path in (ROOT / "schemas").glob("*.json"):
        assert f"sco_data/package/schemas/{path.name}" in names


def test_installed_wheel_loads_and_validates_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    """Installed into a separate folder and run from an unrelated directory, the package
    finds its own data (not the checkout's) and it is valid there."""
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import sco_data\n"
        "print(sco_data.package_dir())\n"
        "print(len(sco_data.load('memberships')))\n"
        "print(sco_data.validate().valid)\n"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    where, rows, valid = result.stdout.split()
    assert Path(where).is_relative_to(target)
    lines = (ROOT / "data/memberships.csv").read_text(encoding="utf-8").splitlines()
    assert int(rows) == len(lines) - 1
    assert valid == "True"
