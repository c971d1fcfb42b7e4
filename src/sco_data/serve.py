"""Browse the package in Datasette: a SQLite export plus the package's titles, descriptions,
licences and sources as Datasette metadata. Datasette is an optional extra.

Datasette runs as a child process. Whatever ends ``sco-data serve`` ends it too: Ctrl-C
(SIGINT), SIGTERM (as a service manager or ``kill`` sends) and SIGHUP (the terminal closed)
stop the child, wait for it, and remove the temporary folder holding the database, then
exit 0 without a traceback. Only SIGKILL, which no process can catch, leaves the child behind.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ._descriptor import read_package
from ._export import export
from ._metadata import table_sources

DATABASE = "sco"


class ServeError(Exception):
    """Datasette cannot be started; the message says why."""


def metadata(path: str | Path | None = None) -> dict:
    """Datasette metadata taken from the descriptor and the Table Schemas."""
    package = read_package(path)
    d = package.descriptor
    licence = (d.get("licenses") or [{}])[0]
    origins = table_sources(package)
    tables = {
        name: {
            "title": t.title,
            "description": t.description,
            "columns": {f.name: f.description for f in t.fields},
            "source": origins[name]["source"],
            "source_url": _browsable(origins[name]["source_url"]),
        }
        for name, t in package.tables.items()
    }
    return {
        "title": d.get("title", ""),
        "description": d.get("description", ""),
        "license": licence.get("name", ""),
        "license_url": licence.get("path", ""),
        "source": "; ".join(s.get("title", "") for s in d.get("sources", [])[:3]),
        "databases": {DATABASE: {"tables": tables}},
    }


def _browsable(url: str) -> str:
    """A package path such as data/sources.csv becomes that table's page in Datasette."""
    if url.startswith("data/") and url.endswith(".csv"):
        return f"/{DATABASE}/{url[len('data/') : -len('.csv')]}"
    return url


def prepare(folder: Path, path: str | Path | None = None) -> tuple[Path, Path]:
    """Write the SQLite database and the metadata file into ``folder``."""
    database = export("sqlite", folder / f"{DATABASE}.db", force=True, path=path)
    meta = folder / "metadata.json"
    meta.write_text(json.dumps(metadata(path), indent=2, ensure_ascii=False), encoding="utf-8")
    return database, meta


def command(database: Path, meta: Path, host: str, port: int) -> list[str]:
    """The Datasette command line; raises ServeError when Datasette is not installed."""
    executable = shutil.which("datasette") or str(Path(sys.executable).parent / "datasette")
    if not Path(executable).exists():
        raise ServeError("browsing needs Datasette: pip install 'sco-data[serve]'")
    return [
        executable,
        "serve",
        str(database),
        "--metadata",
        str(meta),
        "--host",
        host,
        "--port",
        str(port),
    ]


class _Stopped(Exception):
    """A signal asked sco-data serve to stop."""


def _raise_stopped(signum: int, _frame: object) -> None:
    raise _Stopped(signum)


STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
STOP_TIMEOUT = 10  # seconds Datasette gets to stop before it is killed


def serve(folder: Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Prepare the database in ``folder`` and run Datasette until it ends or this process is
    interrupted or terminated; the child is stopped in every case. Return 0 when stopped on
    request, else Datasette's exit code."""
    database, meta = prepare(folder)
    process = subprocess.Popen(command(database, meta, host, port))
    try:
        return process.wait()
    except (KeyboardInterrupt, _Stopped):
        print("sco-data serve: stopping", file=sys.stderr)
        return 0
    finally:
        if process.poll() is None:
            # No second Ctrl-C or SIGTERM may interrupt the clean-up itself.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            for signum in STOP_SIGNALS:
                signal.signal(signum, signal.SIG_IGN)
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def serve_until_stopped(host: str = "127.0.0.1", port: int = 8001) -> int:
    """``serve`` in a temporary folder that is removed however it ends (what the CLI runs)."""
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in STOP_SIGNALS}
    try:
        with tempfile.TemporaryDirectory(prefix="sco-data-serve-") as folder:
            return serve(Path(folder), host, port)
    except (KeyboardInterrupt, _Stopped):  # while the database was being written
        print("sco-data serve: stopped", file=sys.stderr)
        return 0
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
