"""The wheel carries the data: build it, install it apart from the checkout, load a table."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


def _build(kind: str, out: Path) -> Path:
    """Build the wheel or sdist with the installed build tools (no download)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            f"--{kind}",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("sco_data-*.whl" if kind == "wheel" else "sco_data-*.tar.gz"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("wheel", tmp_path_factory.mktemp("dist"))


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


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("sdist", tmp_path_factory.mktemp("sdist"))


# Files the tests read whatever subset runs (the list below is checked when the whole suite
# has run, since this module runs last: tests/test_wheel.py sorts after every other test file).
ALWAYS_READ = [
    "README.md",
    "CHANGELOG.md",
    "CITATION.cff",
    "action.yml",
    ".pre-commit-hooks.yaml",
    "pyproject.toml",
    "constraints/lowest.txt",
    "docs/data-dictionary.md",
    "docs/timeline.png",
    "datapackage.json",
    "tests/conftest.py",
    "tests/corpus.py",
]


def test_sdist_carries_every_file_the_tests_read(sdist: Path) -> None:
    """Someone running the tests from the sdist must find every file they open."""
    import tarfile

    from conftest import OPENED

    with tarfile.open(sdist) as archive:
        prefix = archive.getnames()[0].split("/")[0]
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    missing = sorted((set(ALWAYS_READ) | OPENED) - names)
    assert missing == [], f"the sdist lacks files the tests read: {missing} ({prefix})"
