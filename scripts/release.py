"""Build every asset a release page offers into dist/, with a SHA256SUMS file.

    python scripts/release.py [--out dist] [--previous REV_OR_FOLDER]

Assets, each named with the version:
  sco_data-V-py3-none-any.whl, sco_data-V.tar.gz   the Python package (data inside)
  sco-data-V.zip                                     the data package: descriptor, schemas, CSVs
  sco-data-V-parquet.zip                             one Parquet file per table (dates as dates)
  sco-data-V.sqlite, sco-data-V.duckdb               databases with keys, enums and comments
  sco-data-V-panel.csv                               the state-year panel (rule dec31)
  croissant.json                                     Croissant metadata for dataset catalogues
  changes.json                                       per table, keys added, removed and changed
                                                     since the previous version (sco-data diff)
  SHA256SUMS                                         `sha256sum -c SHA256SUMS` checks them all

The previous version is, by default, the commit released as the version listed before this one
in CHANGELOG.md (its tag, or the commit its entry names); give --previous a git revision or a
folder holding a datapackage.json to compare with something else. dist/ is replaced only when it
holds an earlier release (a SHA256SUMS file and nothing else than its assets).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import sco_data
from sco_data._atomic import atomic_write_dir
from sco_data._panel import frame_text
from sco_data.diff import as_json, diff_packages

ROOT = Path(__file__).resolve().parent.parent
SUMS = "SHA256SUMS"


class ReleaseError(Exception):
    """The release cannot be built; the message says why."""


def _version(root: Path) -> str:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"]


def previous_version(root: Path = ROOT) -> str:
    """The version listed in CHANGELOG.md after the current one."""
    current = _version(root)
    listed = re.findall(r"^## (\d+\.\d+\.\d+)", (root / "CHANGELOG.md").read_text("utf-8"), re.M)
    older = [v for v in listed if v != current]
    if not older:
        raise ReleaseError("CHANGELOG.md lists no earlier version; give --previous")
    return older[0]


def _git(root: Path, *args: str) -> str:
    run = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if run.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)} failed: {run.stderr.strip()}")
    return run.stdout


def _commit_of_version(root: Path, version: str) -> str:
    """The commit released as ``version``: its git tag ``v<version>`` when the clone has it, else
    the commit CHANGELOG.md names under that version's heading ("Released as commit ...").
    Not the last commit carrying the version number, which may hold unreleased work."""
    tag = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"v{version}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if tag.returncode == 0:
        return tag.stdout.strip()
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    section = re.search(rf"^## {re.escape(version)}\b(.*?)(?=^## |\Z)", changelog, re.M | re.S)
    found = section and re.search(r"Released as commit ([0-9a-f]{7,40})", section.group(1))
    if not found:
        raise ReleaseError(
            f"neither a tag v{version} nor CHANGELOG.md names its commit; give --previous"
        )
    return _git(root, "rev-parse", "--verify", f"{found.group(1)}^{{commit}}").strip()


def materialise_previous(root: Path, previous: str | None, into: Path) -> Path:
    """A folder holding the previous version's data package: ``previous`` itself when it is a
    folder with a datapackage.json, else the package at a git revision (default: the commit of
    the previous version), extracted into ``into``."""
    if previous and (Path(previous) / "datapackage.json").is_file():
        return Path(previous)
    revision = previous or _commit_of_version(root, previous_version(root))
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", revision, "datapackage.json", "data", "schemas"],
        capture_output=True,
    )
    if archive.returncode != 0:
        raise ReleaseError(f"cannot read revision {revision}: {archive.stderr.decode().strip()}")
    archive_path = into / "previous.tar"
    archive_path.write_bytes(archive.stdout)
    with tarfile.open(archive_path) as tar:
        # git archive writes only regular files; the "data" filter (Python 3.11.4+) says so too.
        options = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(into / "previous", **options)
    return into / "previous"


def _zip_folder(folder: Path, target: Path) -> None:
    """A zip with fixed timestamps, so the same files give the same bytes."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(str(file.relative_to(folder)), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, file.read_bytes())


def _python_package(root: Path, stage: Path) -> None:
    """Wheel and sdist, built with the build tools already installed (no download)."""
    run = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(stage), str(root)],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise ReleaseError(f"building the wheel and sdist failed:\n{run.stdout}\n{run.stderr}")


def sha256sums(folder: Path) -> str:
    """``sha256sum``'s format: the digest, two spaces, the file name; sorted by name."""
    lines = [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}"
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != SUMS
    ]
    return "\n".join(lines) + "\n"


def build_assets(stage: Path, root: Path, previous: Path) -> None:
    """Write every asset into the empty folder ``stage``."""
    version = _version(root)
    _python_package(root, stage)
    sco_data.export("zip", stage / f"sco-data-{version}.zip", path=root)
    with tempfile.TemporaryDirectory() as scratch:
        parquet = sco_data.export("parquet", Path(scratch) / "parquet", path=root)
        (parquet / ".sco-data-export.json").unlink(missing_ok=True)
        _zip_folder(parquet, stage / f"sco-data-{version}-parquet.zip")
    sco_data.export("sqlite", stage / f"sco-data-{version}.sqlite", path=root)
    sco_data.export("duckdb", stage / f"sco-data-{version}.duckdb", path=root)
    panel = frame_text(sco_data.panel(path=root), "csv")
    (stage / f"sco-data-{version}-panel.csv").write_text(panel, encoding="utf-8", newline="")
    shutil.copyfile(root / "croissant.json", stage / "croissant.json")
    changes = as_json(diff_packages(previous, root))
    (stage / "changes.json").write_text(changes, encoding="utf-8", newline="")
    (stage / SUMS).write_text(sha256sums(stage), encoding="utf-8", newline="")


def _check_replaceable(out: Path) -> None:
    if not out.exists():
        return
    if not out.is_dir() or not (out / SUMS).is_file():
        raise ReleaseError(f"{out} exists and is not an earlier release; choose another --out")
    listed = {line.split("  ", 1)[1] for line in (out / SUMS).read_text("utf-8").splitlines()}
    others = {p.name for p in out.iterdir()} - listed - {SUMS}
    if others:
        raise ReleaseError(f"{out} holds files no release wrote ({', '.join(sorted(others))})")


def release(out: Path, root: Path = ROOT, previous: str | None = None) -> Path:
    """Build every asset into ``out`` atomically: it appears complete or not at all."""
    _check_replaceable(out)
    with tempfile.TemporaryDirectory() as scratch:
        old = materialise_previous(root, previous, Path(scratch))
        atomic_write_dir(out, lambda stage: build_assets(stage, root, old))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--previous", default=None, help="git revision or package folder")
    args = parser.parse_args(argv)
    try:
        folder = release(args.out, ROOT, args.previous)
    except ReleaseError as error:
        print(f"release: {error}", file=sys.stderr)
        return 2
    for line in (folder / SUMS).read_text(encoding="utf-8").splitlines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
