"""Which defects of the robustness corpus each validator catches: sco-data validate against
the frictionless CLI alone. Prints a Markdown table. Run by hand from the repository root:

    python benchmarks/corpus_vs_frictionless.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_package  # noqa: E402
from corpus import CORPUS  # noqa: E402

BIN = Path(sys.executable).parent


def caught(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    crashed = "Traceback" in result.stdout + result.stderr
    if crashed:
        return "crashed"
    return "caught" if result.returncode != 0 else "**missed**"


def main() -> None:
    print("| defect | sco-data validate | frictionless validate |")
    print("| --- | --- | --- |")
    for defect in CORPUS:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            descriptor = copy_package(folder)
            defect.apply(folder)
            ours = caught([str(BIN / "sco-data"), "validate", str(descriptor)])
            theirs = caught(
                [
                    shutil.which("frictionless") or str(BIN / "frictionless"),
                    "validate",
                    str(descriptor),
                ]
            )
            print(f"| {defect.name} | {ours} | {theirs} |")


if __name__ == "__main__":
    main()
