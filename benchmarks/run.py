"""Benchmarks of validation, start-up and loading: sco-data against frictionless, measured
so that the figures can be trusted.

    python benchmarks/run.py            # every size (about 10 minutes, mostly frictionless at 1M)
    python benchmarks/run.py --quick    # sizes up to 50,000 rows, fewer repeats

How: every package, the shipped one included, is a copy made by benchmarks/synthetic.py in
one temporary folder (same filesystem, same page cache state); each command runs once as a
warm-up before it is timed; the two sides of every ratio run as pairs, alternating which goes
first, and the ratio is the median of the per-pair ratios (with the lowest and highest);
peak memory is each process's maximum resident set (os.wait4); the cost per row is a
least-squares fit of time against rows over every size, with the standard error of its
slope. Prints Markdown for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def paired(a: list[str], b: list[str], repeat: int) -> dict:
    """Run ``a`` and ``b`` as ``repeat`` pairs after one warm-up each, alternating order."""
    run(a), run(b)
    ta, tb, ma, mb, ratios = [], [], [], [], []
    for i in range(repeat):
        if i % 2:
            (xb, mb_), (xa, ma_) = run(b), run(a)
        else:
            (xa, ma_), (xb, mb_) = run(a), run(b)
        ta.append(xa), tb.append(xb), ma.append(ma_), mb.append(mb_), ratios.append(xa / xb)
    return {
        "a": statistics.median(ta),
        "b": statistics.median(tb),
        "a_mem": max(ma) / 1024,
        "b_mem": max(mb) / 1024,
        "ratio": statistics.median(ratios),
        "low": min(ratios),
        "high": max(ratios),
        "a_all": ta,
        "b_all": tb,
    }


def fit(points: list[tuple[int, float]]) -> tuple[float, float, float]:
    """Least squares t = a + b*n: (a seconds, b seconds per row, standard error of b)."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx
    a = my - b * mx
    residual = sum((y - a - b * x) ** 2 for x, y in points)
    se = math.sqrt(residual / (n - 2) / sxx) if n > 2 else float("nan")
    return a, b, se


def ratio_cell(r: dict) -> str:
    return f"{r['ratio']:.2f} ({r['low']:.2f}-{r['high']:.2f})"


def validation(folder: Path, sizes: list[int], repeat: int) -> None:
    print(
        f"\n## Validation ({repeat} alternating pairs per size after a warm-up; medians; "
        "ratio = sco-data / frictionless per pair, median with lowest and highest)\n"
    )
    print(
        "| statistics rows | sco-data validate (s) | peak MiB | frictionless validate (s) "
        "| peak MiB | ratio | frictionless / sco-data |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    ours_points, theirs_points = [], []
    for size in sizes:
        target = folder / f"rows-{size}"
        target.mkdir()
        # grown in a child: a parent that held a million rows would lend its resident
        # memory to every process it forks, and the peak memory figures would be its own
        script = Path(__file__).resolve().parent / "synthetic.py"
        out = subprocess.check_output([sys.executable, str(script), str(target), str(size)])
        descriptor = Path(out.decode().strip())
        n = (target / "data/statistics.csv").read_bytes().count(b"\n") - 1
        r = paired(
            [str(BIN / "sco-data"), "validate", str(descriptor)],
            [str(BIN / "frictionless"), "validate", str(descriptor)],
            repeat,
        )
        ours_points += [(n, t) for t in r["a_all"]]
        theirs_points += [(n, t) for t in r["b_all"]]
        label = f"{n:,} (shipped)" if size == 0 else f"{n:,}"
        print(
            f"| {label} | {r['a']:.2f} | {r['a_mem']:.0f} | {r['b']:.2f} | {r['b_mem']:.0f} "
            f"| {ratio_cell(r)} | {1 / r['ratio']:.1f}x |"
        )
    print(
        "\nLeast-squares fit of time against rows over every run above (t = fixed + per-row * rows):\n"
    )
    print("| validator | fixed (s) | per row (µs) | standard error of per row (µs) |")
    print("| --- | ---: | ---: | ---: |")
    for name, points in (("sco-data", ours_points), ("frictionless", theirs_points)):
        a, b, se = fit(points)
        print(f"| {name} | {a:.3f} | {b * 1e6:.3f} | {se * 1e6:.3f} |")


def startup(repeat: int) -> None:
    r = paired([str(BIN / "sco-data"), "--help"], [sys.executable, "-c", "import click"], repeat)
    print(f"\n## Start-up ({repeat} alternating pairs after a warm-up)\n")
    print("| command | seconds | peak MiB | ratio to `import click` |")
    print("| --- | ---: | ---: | ---: |")
    print(f'| `python -c "import click"` | {r["b"]:.3f} | {r["b_mem"]:.0f} | 1.00 |')
    print(f"| `sco-data --help` | {r['a']:.3f} | {r['a_mem']:.0f} | {ratio_cell(r)} |")


def loading(folder: Path, repeat: int) -> None:
    data = folder / "rows-0" / "data"
    ours = [sys.executable, "-c", f"import sco_data; sco_data.load_all({str(data.parent)!r})"]
    floor = [
        sys.executable,
        "-c",
        "import pyarrow.csv as c, pathlib; "
        f"[c.read_csv(p).to_pandas() for p in sorted(pathlib.Path({str(data)!r}).glob('*.csv'))]",
    ]
    r = paired(ours, floor, repeat)
    print(f"\n## Loading the shipped package ({repeat} alternating pairs, whole processes)\n")
    print("| what | seconds | peak MiB | ratio |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| pyarrow `read_csv(...).to_pandas()` of every CSV (floor) | {r['b']:.3f} | {r['b_mem']:.0f} | 1.00 |"
    )
    print(
        f"| `sco_data.load_all()` (typed from the schemas) | {r['a']:.3f} | {r['a_mem']:.0f} | {ratio_cell(r)} |"
    )


def header() -> None:
    libraries = ", ".join(
        f"{name} {version(name)}"
        for name in ("sco-data", "pandas", "pyarrow", "numpy", "frictionless", "click")
    )
    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        cpu = model
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"load average {load:.2f} at the start; Python {platform.python_version()}; "
        f"{libraries}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    header()
    sizes = [0, 10_000, 50_000] if args.quick else [0, 50_000, 200_000, 1_000_000]
    with tempfile.TemporaryDirectory() as tmp:
        validation(Path(tmp), sizes, repeat=3 if args.quick else 6)
        startup(repeat=5 if args.quick else 10)
        loading(Path(tmp), repeat=5 if args.quick else 10)


if __name__ == "__main__":
    main()
