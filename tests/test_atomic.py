"""The one atomic-write helper every writer uses (exports, plots, scripts, hash refresh)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sco_data import _atomic
from sco_data._atomic import atomic_write, atomic_write_dir, write_text


def test_file_is_replaced_whole_with_the_usual_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No umask flipping (the old helper set the umask to 0 for a moment, which is not
    thread-safe): the new file simply gets the mode any new file gets."""
    target = tmp_path / "a.csv"
    target.write_text("old")
    (tmp_path / "probe").write_text("")
    expected = stat.S_IMODE((tmp_path / "probe").stat().st_mode)

    def no_umask(_mask: int) -> int:
        raise AssertionError("os.umask must not be called")

    monkeypatch.setattr(os, "umask", no_umask)
    write_text(target, "new\n")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "probe"]


def test_a_failing_writer_leaves_the_old_output_and_no_scratch(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")

    def fail(path: Path) -> None:
        path.write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, fail)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_staging_names_cannot_collide_with_the_target(tmp_path: Path) -> None:
    """The writer gets a path with the target's own name inside a private folder, so a
    target called 'package' (or anything) cannot meet a scratch name."""
    seen = []

    def write(path: Path) -> None:
        seen.append(path)
        assert path.name == "package" and path.parent.parent == tmp_path
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        path.write_text("x")

    atomic_write(tmp_path / "package", write)
    atomic_write(tmp_path / "package", write)
    assert seen[0].parent != seen[1].parent
    assert [p.name for p in tmp_path.iterdir()] == ["package"]


def test_folder_is_swapped_so_the_target_always_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export"
    target.mkdir()
    (target / "old.txt").write_text("old")
    renames = []
    real_rename = os.rename
    monkeypatch.setattr(os, "rename", lambda a, b: (renames.append((a, b)), real_rename(a, b)))
    atomic_write_dir(target, lambda path: (path / "new.txt").write_text("new"))
    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["export"]
    if _atomic._renameat2 is not None:
        assert renames == []  # one renameat2 exchange, no moment without the folder


def test_every_writer_goes_through_the_helper() -> None:
    """No module writes its outputs another way (mkstemp + chmod, or its own rename)."""
    root = Path(_atomic.__file__).parent
    scripts = root.parent.parent / "scripts"
    for path in [*root.rglob("*.py"), *scripts.glob("*.py")]:
        if path.name == "_atomic.py":
            continue
        text = path.read_text(encoding="utf-8")
        for forbidden in ("os.replace(", "os.rename(", "mkstemp(", "umask(", "mkdtemp("):
            assert forbidden not in text, (path.name, forbidden)
