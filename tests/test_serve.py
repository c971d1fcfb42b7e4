"""sco-data serve: Datasette starts on a loopback port and serves the tables with the
package's metadata. The server is stopped at the end; every wait is bounded."""

from __future__ import annotations

import json
import socket
import subprocess
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
