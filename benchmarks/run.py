"""Benchmarks of start-up, validation and loading, side by side in one run.

    python benchmarks/run.py            # all sizes (about 5 minutes, mostly frictionless at 1M)
    python benchmarks/run.py --quick    # shipped package and 10k rows only

Prints Markdown: medians of several runs of each command, wall time, and the peak resident
memory of each process (from os.wait4). Paste it into benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import grow

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def median_of(command: list[str], repeat: int) -> tuple[float, int]:
    runs = [run(command) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def startup(repeat: int) -> None:
    print("\n## Start-up (median of", repeat, "runs)\n")
    print("| command | seconds | ratio to `import click` |")
    print("| --- | ---: | ---: |")
    base, _ = median_of([sys.executable, "-c", "import click"], repeat)
    print(f'| `python -c "import click"` | {base:.3f} | 1.00 |')
    for args in (["--help"], ["--version"]):
        t, _ = median_of([str(BIN / "sco-data"), *args], repeat)
        print(f"| `sco-data {' '.join(args)}` | {t:.3f} | {t / base:.2f} |")


def validation(sizes: list[int], repeat: int) -> None:
    print(f"\n## Validation (median of {repeat} runs; peak memory is the largest of them)\n")
    print(
        "| statistics rows | sco-data validate (s) | peak MiB "
        "| frictionless validate (s) | peak MiB | speed-up |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            descriptor = ROOT / "datapackage.json" if size == 0 else grow(Path(tmp), size)
            shipped = (ROOT / "data/statistics.csv").read_text(encoding="utf-8").count("\n") - 1
            n = size or shipped
            ours, ours_mem = median_of([str(BIN / "sco-data"), "validate", str(descriptor)], repeat)
            fl, fl_mem = median_of([str(BIN / "frictionless"), "validate", str(descriptor)], repeat)
            rows.append((n, ours, fl))
            label = f"{n:,} (shipped)" if size == 0 else f"{n:,}"
            print(
                f"| {label} | {ours:.2f} | {ours_mem / 1024:.0f} | {fl:.2f} "
                f"| {fl_mem / 1024:.0f} | {fl / ours:.1f}x |"
            )
    if len(rows) >= 2:
        (n0, o0, f0), (n1, o1, f1) = rows[0], rows[-1]
        ours_us = (o1 - o0) / (n1 - n0) * 1e6
        theirs_us = (f1 - f0) / (n1 - n0) * 1e6
        print(
            f"\nMarginal cost per row (between {n0:,} and {n1:,} rows): "
            f"sco-data {ours_us:.2f} µs, frictionless {theirs_us:.2f} µs."
        )


def loading(repeat: int) -> None:
    code_ours = (
        "import sco_data, time; t=time.perf_counter(); sco_data.load_all(); "
        "print(time.perf_counter()-t)"
    )
    code_floor = (
        "import pyarrow.csv as c, pathlib, time; t=time.perf_counter(); "
        f"[c.read_csv(p).to_pandas() for p in pathlib.Path({str(ROOT / 'data')!r}).glob('*.csv')]; "
        "print(time.perf_counter()-t)"
    )

    def timed(code: str) -> float:
        command = [sys.executable, "-c", code]
        out = [float(subprocess.check_output(command, text=True)) for _ in range(repeat)]
        return statistics.median(out)

    ours, floor = timed(code_ours), timed(code_floor)
    print(f"\n## Loading (median of {repeat} runs, imports excluded)\n")
    print("| what | seconds | ratio |")
    print("| --- | ---: | ---: |")
    print(f"| `pyarrow.csv.read_csv(...).to_pandas()` on every CSV (floor) | {floor:.3f} | 1.00 |")
    print(f"| `sco_data.load_all()` (typed from the schemas) | {ours:.3f} | {ours / floor:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    libraries = ", ".join(
        f"{name} {version(name)}"
        for name in ("sco-data", "pandas", "pandera", "frictionless", "pyarrow")
    )
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; {libraries}; "
        f"{time.strftime('%Y-%m-%d')}"
    )
    startup(repeat=9)
    validation([0, 10_000] if args.quick else [0, 10_000, 100_000, 1_000_000], repeat=3)
    loading(repeat=5)


if __name__ == "__main__":
    main()
