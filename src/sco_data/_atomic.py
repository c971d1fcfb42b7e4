"""Write files and folders so that a reader sees the old output or the new one, never a mix,
and an interrupted run leaves nothing behind. Every writer in sco-data goes through here
(exports, plots, scripts writing CSVs and the descriptor, the hash refresh).

How: the output is written inside a private staging folder created beside the target (so the
final rename stays on one file system), flushed to disk with fsync, then renamed over the
target. The staging folder's name is made unique by the operating system (``mkdtemp``), so it
cannot collide with the target or another writer. Files get the mode the user's umask gives
any new file: nothing reads or changes the process umask (which is not thread-safe).

Replacing a folder: on Linux the new folder and the old one are swapped in one system call
(``renameat2`` with ``RENAME_EXCHANGE``), so the target always exists; elsewhere the old one
is moved aside and the new one moved in, two renames apart. Whether a target may be replaced
at all is the caller's decision (see ``_export``), not this module's.

API:
    atomic_write(target, write)      write(path) creates a FILE at path
    atomic_write_dir(target, write)  write(path) fills the (already created) FOLDER at path
    write_text(target, text)         UTF-8 text with ``\\n`` line endings
    write_bytes(target, data)
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = ["atomic_write", "atomic_write_dir", "staging", "write_bytes", "write_text"]


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A private, uniquely named folder beside ``target``, removed on exit whatever happens."""
    target = Path(target)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.sco-data-", dir=target.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def atomic_write(target: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(path)`` to create a file at a staging path, then put it at ``target``.

    The staging path has the target's name (so writers that pick a format from the suffix
    work) inside a private folder beside the target. An existing file at ``target`` is
    replaced in one rename; ``write`` raising leaves ``target`` as it was.
    """
    target = Path(target)
    with staging(target) as folder:
        tmp = folder / target.name
        write(tmp)
        if not tmp.is_file():
            raise RuntimeError(f"the writer for {target} did not create a file")
        _fsync_file(tmp)
        _replace(tmp, target)
    return target


def atomic_write_dir(target: str | Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(path)`` to fill a new, empty folder, then put that folder at ``target``.

    An existing ``target`` (file or folder) is swapped out and removed afterwards.
    """
    target = Path(target)
    with staging(target) as folder:
        tmp = folder / target.name
        tmp.mkdir()
        write(tmp)
        for path in sorted(tmp.rglob("*"), reverse=True):
            if path.is_file() and not path.is_symlink():
                _fsync_file(path)
            elif path.is_dir():
                _fsync_dir(path)
        _fsync_dir(tmp)
        _replace(tmp, target)
    return target


def write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically."""
    return atomic_write(target, lambda path: path.write_bytes(data))


def write_text(target: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line endings, no translation) to ``target`` atomically."""
    return write_bytes(target, text.encode("utf-8"))


def _replace(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``. A file, or nothing, at ``target`` is replaced by one rename.
    A folder at ``target`` is exchanged with ``new`` (which then holds the old content and is
    removed with the staging folder)."""
    if target.is_dir() and not target.is_symlink():
        if not _exchange(new, target):
            aside = new.parent / (new.name + ".old")
            os.rename(target, aside)
            os.rename(new, target)
    else:
        os.replace(new, target)
    _fsync_dir(target.parent)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    """Make a rename or a new entry durable; some systems cannot open a folder: skip there."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _load_renameat2() -> Any:
    """libc's renameat2, or None where there is none (not Linux, or an old C library)."""
    name = ctypes.util.find_library("c")
    try:
        function = ctypes.CDLL(name, use_errno=True).renameat2 if name else None
    except (OSError, AttributeError):
        return None
    if function is not None:
        function.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where that is not possible (then the caller falls
    back to two renames)."""
    if _renameat2 is None:
        return False
    return _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
