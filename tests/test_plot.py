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


def test_plot_never_overwrites_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mine.png"
    out.write_bytes(b"\x89PNG my own picture")
    with pytest.raises(PlotError, match="--force"):
        plot("shares", out)
    assert out.read_bytes() == b"\x89PNG my own picture"
    notes = tmp_path / "notes.svg"
    notes.write_text("my notes, not a picture")
    with pytest.raises(PlotError, match="not a svg picture"):
        plot("shares", notes, force=True)
    assert notes.read_text() == "my notes, not a picture"
    plot("shares", out, force=True)
    assert png_size(out) == (SIZE[0] * DPI, SIZE[1] * DPI)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.png", "notes.svg"]


def test_plot_command_errors_are_clear(tmp_path: Path) -> None:
    """`--out x.txt` ended in a matplotlib traceback; an existing file was overwritten."""
    existing = tmp_path / "t.png"
    existing.write_bytes(b"\x89PNG")
    for out, message in [
        (tmp_path / "x.txt", "use .png, .svg, .pdf"),
        (tmp_path / "x", "use .png, .svg, .pdf"),
        (existing, "--force"),
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "sco_data.cli", "plot", "timeline", "--out", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert message in result.stderr and "Traceback" not in result.stderr
    assert existing.read_bytes() == b"\x89PNG"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.png"]
