"""The command line on a real terminal (a pseudo-terminal, as a user sees it), its help, and
the public Python API. Piped output is tested in test_cli.py; these run `show` and `members`
where sys.stdout.isatty() is true, which is where pandas' to_string once crashed."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time

import pytest
from click.testing import CliRunner

import sco_data
from sco_data._catalog import table_names
from sco_data._render import display_width
from sco_data.cli import main

COLUMNS = 80


def on_terminal(*args: str, columns: int = COLUMNS, timeout: float = 60) -> tuple[int, str]:
    """Run the CLI with a pseudo-terminal of ``columns`` columns as stdin, stdout and stderr;
    return its exit code and what the terminal received. Every wait is bounded."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [sys.executable, "-m", "sco_data.cli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif process.poll() is not None:
                break
        code = process.wait(timeout=max(deadline - time.monotonic(), 1))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return code, b"".join(chunks).decode("utf-8", errors="replace").replace("\r\n", "\n")


@pytest.mark.parametrize("name", table_names())
def test_show_on_a_terminal_fits_and_never_crashes(name: str) -> None:
    code, screen = on_terminal("show", name)
    assert code == 0, screen
    assert "Traceback" not in screen
    lines = screen.rstrip("\n").split("\n")
    assert all(display_width(line) <= COLUMNS for line in lines), max(lines, key=display_width)
    assert lines[0].split()[0] == sco_data.load(name).columns[0]
    assert len([line for line in lines[1:] if not line.startswith("(")]) == len(sco_data.load(name))


def test_members_on_a_narrow_terminal() -> None:
    code, screen = on_terminal("members", "--on", "2017-12-31", columns=50)
    assert code == 0 and "Traceback" not in screen, screen
    assert all(display_width(line) <= 50 for line in screen.rstrip("\n").split("\n"))
    assert "Kazakhstan" in screen and "18 state(s) on 2017-12-31" in screen


def test_top_level_help_shows_whole_descriptions() -> None:
    text = CliRunner().invoke(main, ["--help"], terminal_width=100).output
    flat = " ".join(text.split())
    assert "..." not in text.split("Commands:")[1]
    for name, command in main.commands.items():
        first = " ".join(command.get_short_help_str(limit=1000).split())
        assert first in flat, (name, first)
        assert not first.endswith("...")


@pytest.mark.parametrize("command", [["show", "--help"], ["export", "--help"]])
def test_help_lists_the_table_names(command: list[str]) -> None:
    text = " ".join(CliRunner().invoke(main, command).output.split())
    assert "Tables: " + ", ".join(table_names()) + "." in text


def test_public_api_is_listed_and_export_is_a_function(tmp_path) -> None:
    assert {"load", "load_all", "validate", "export", "members_on"} <= set(sco_data.__all__)
    for name in sco_data.__all__:
        assert getattr(sco_data, name) is not None, name
    assert callable(sco_data.export)
    written = sco_data.export("json", tmp_path / "states.json", "states")
    assert written == tmp_path / "states.json" and written.exists()


@pytest.mark.parametrize(
    ("day", "error"),
    [
        ("2017", ValueError),
        ("2017-12", ValueError),
        ("31/12/2017", ValueError),
        ("2017-02-30", ValueError),
        (None, TypeError),
        (2017, TypeError),
        (dt.datetime(2017, 12, 31, 12), ValueError),
    ],
)
def test_members_on_refuses_what_is_not_a_day(day: object, error: type) -> None:
    """'2017' silently meant 1 January 2017, and None an empty table."""
    with pytest.raises(error):
        sco_data.members_on(day)


def test_members_on_takes_a_date_or_iso_text() -> None:
    by_text = sco_data.members_on("2017-12-31")
    by_date = sco_data.members_on(dt.date(2017, 12, 31))
    assert list(by_text["iso3"]) == list(by_date["iso3"]) and len(by_text) == 18
