"""sco-data serve: Datasette starts on a loopback port and serves the tables with the
package's metadata. The server is stopped at the end; every wait is bounded."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import sco_data
from sco_data.serve import DATABASE, command, prepare


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Talk to the loopback server directly, whatever proxy the environment names.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url: str) -> str:
    with OPENER.open(url, timeout=5) as response:
        return response.read().decode("utf-8")


@pytest.fixture
def server(tmp_path: Path):
    database, meta = prepare(tmp_path)
    port = free_port()
    process = subprocess.Popen(
        command(database, meta, "127.0.0.1", port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(base + "/-/versions.json")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"Datasette did not start: {process.stderr.read().decode()}"
                    ) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_table_page_serves_the_rows(server: str) -> None:
    rows = json.loads(get(f"{server}/{DATABASE}/memberships.json?_shape=array&_size=max"))
    assert len(rows) == len(sco_data.load("memberships"))
    assert {"iso3": "IND", "status": "member", "start_date": "2017-06-09"}.items() <= next(
        r for r in rows if r["iso3"] == "IND" and r["status"] == "member"
    ).items()
    html = get(f"{server}/{DATABASE}/memberships")
    assert "One row per period during which a state held one SCO status" in html


def test_metadata_carries_licence_and_column_descriptions(server: str) -> None:
    meta = json.loads(get(f"{server}/-/metadata.json"))
    assert meta["license"] == "CC-BY-4.0"
    columns = meta["databases"][DATABASE]["tables"]["states"]["columns"]
    assert set(columns) == set(sco_data.load("states").columns)


def test_each_table_shows_the_sources_its_rows_come_from(server: str) -> None:
    memberships = get(f"{server}/{DATABASE}/memberships")
    assert "Curated by hand" in memberships
    assert "World Bank" not in memberships
    statistics = get(f"{server}/{DATABASE}/statistics")
    assert "World Bank, World Development Indicators" in statistics
    assert "Curated by hand" not in statistics


def _running(group: int) -> bool:
    """Whether any process of the process group is still alive (zombies aside)."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.parametrize(
    ("how", "signum"), [("SIGTERM to sco-data", signal.SIGTERM), ("Ctrl-C", signal.SIGINT)]
)
def test_stopping_serve_stops_datasette_and_cleans_up(
    tmp_path: Path, how: str, signum: int
) -> None:
    """SIGTERM to `sco-data serve` alone once left Datasette running as an orphan, still
    answering, and its temporary folder behind. Ctrl-C (SIGINT to the terminal's process
    group) must end both quietly: no traceback."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = free_port()
    log = tmp_path / "stderr.txt"  # a file, not a pipe: an orphan holding it cannot block us
    process = subprocess.Popen(
        [sys.executable, "-m", "sco_data.cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        env={**os.environ, "TMPDIR": str(scratch)},
        start_new_session=True,  # its own process group: what a terminal's Ctrl-C reaches
    )
    group = process.pid
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_until(lambda: _answers(base) or process.poll() is not None, 60)
        assert _answers(base), log.read_text()
        assert list(scratch.iterdir()) != []  # the database is in TMPDIR while serving
        if signum == signal.SIGINT:
            os.killpg(group, signal.SIGINT)
        else:
            process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        assert _wait_until(lambda: not _running(group), 15), f"{how}: Datasette left running"
        stderr = log.read_text()
        assert code == 0, (how, stderr)
        assert "Traceback" not in stderr, stderr
        assert not _answers(base)
        assert list(scratch.iterdir()) == [], f"{how}: temporary folder left behind"
    finally:
        if _running(group):
            os.killpg(group, signal.SIGKILL)
        if process.poll() is None:
            process.wait(timeout=10)


def _answers(base: str) -> bool:
    try:
        get(base + "/-/versions.json")
    except OSError:
        return False
    return True
