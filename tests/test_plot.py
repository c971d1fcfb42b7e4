"""The pictures render from the data into valid images of the expected size."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from sco_data.plot import DPI, SIZE, PlotError, plot


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("kind", ["timeline", "shares"])
def test_plot_renders_a_png_of_the_expected_size(tmp_path: Path, kind: str) -> None:
    out = plot(kind, tmp_path / f"{kind}.png")
    assert png_size(out) == (SIZE[0] * DPI, SIZE[1] * DPI)
    assert out.stat().st_size > 20_000  # a drawing, not an empty canvas
    assert [p.name for p in tmp_path.iterdir()] == [f"{kind}.png"]  # no temporary file left


def test_plot_svg_and_bad_requests(tmp_path: Path) -> None:
    svg = plot("shares", tmp_path / "shares.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "population" in svg
    with pytest.raises(PlotError, match="timeline"):
        plot("pie", tmp_path / "x.png")
    with pytest.raises(PlotError, match="does not exist"):
        plot("shares", tmp_path / "no" / "x.png")


def test_plot_command_and_readme_pictures(tmp_path: Path) -> None:
    out = tmp_path / "t.png"
    result = subprocess.run(
        [sys.executable, "-m", "sco_data.cli", "plot", "timeline", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (SIZE[0] * DPI, SIZE[1] * DPI)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("timeline", "shares"):
        assert f"](docs/{name}.png)" in readme
        assert png_size(ROOT / "docs" / f"{name}.png") == (SIZE[0] * DPI, SIZE[1] * DPI)
