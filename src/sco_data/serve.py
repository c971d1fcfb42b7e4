"""Browse the package in Datasette: a SQLite export plus the package's titles, descriptions,
licences and sources as Datasette metadata. Datasette is an optional extra."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from ._metadata import table_sources
from .descriptor import read_tables
from .export import export
from .locate import descriptor_path

DATABASE = "sco"


class ServeError(Exception):
    """Datasette cannot be started; the message says why."""


def metadata(path: str | Path | None = None) -> dict:
    """Datasette metadata taken from the descriptor and the Table Schemas."""
    descriptor = descriptor_path(path)
    d = json.loads(descriptor.read_text(encoding="utf-8"))
    licence = (d.get("licenses") or [{}])[0]
    origins = table_sources(descriptor.parent)
    tables = {
        name: {
            "title": t.title,
            "description": t.description,
            "columns": {f.name: f.description for f in t.fields},
            "source": origins[name]["source"],
            "source_url": _browsable(origins[name]["source_url"]),
        }
        for name, t in read_tables(descriptor).items()
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


def serve(folder: Path, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Prepare the database and run Datasette until it is stopped; return its exit code."""
    database, meta = prepare(folder)
    return subprocess.call(command(database, meta, host, port))
