"""A corpus of broken packages: each Defect breaks a valid copy of the package in one way.

Used by tests/test_robustness.py (our validator must catch each one, say where, and never
crash) and by benchmarks/corpus_vs_frictionless.py (which defects the frictionless CLI alone
catches).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sco_data._validation._integrity import refresh


@dataclass(frozen=True)
class Defect:
    name: str
    apply: Callable[[Path], None]  # breaks the package in this folder
    file: str  # the file a problem must name
    row: int | None = None  # the row it must name, where there is one
    column: str | None = None  # the column it must name, where there is one
    exit_code: int = 1
    check: str | None = None  # the check the first problem must name (see CHECKS)


def _csv(folder: Path, table: str) -> Path:
    return folder / "data" / f"{table}.csv"


def _edit_bytes(table: str, change: Callable[[bytes], bytes], rehash: bool = True):
    def apply(folder: Path) -> None:
        path = _csv(folder, table)
        path.write_bytes(change(path.read_bytes()))
        if rehash:  # so that the only defect is the one made
            refresh(folder / "datapackage.json")

    return apply


def _edit_lines(table: str, change: Callable[[list[bytes]], list[bytes]]):
    return _edit_bytes(table, lambda data: b"\n".join(change(data.split(b"\n"))))


def _set_line(index: int, new: bytes):
    def change(lines: list[bytes]) -> list[bytes]:
        lines[index] = new
        return lines

    return change


def _descriptor(change: Callable[[dict], None]):
    def apply(folder: Path) -> None:
        path = folder / "datapackage.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    return apply


def _resource(name: str, key: str, value):
    def change(data: dict) -> None:
        next(r for r in data["resources"] if r["name"] == name)[key] = value

    return _descriptor(change)


def _drop_key(name: str, key: str):
    def change(data: dict) -> None:
        next(r for r in data["resources"] if r["name"] == name).pop(key, None)

    return _descriptor(change)


def _header(table: str, change: Callable[[list[bytes]], list[bytes]]):
    def lines(all_lines: list[bytes]) -> list[bytes]:
        header = all_lines[0].split(b",")
        new = change(header)
        width = len(header)
        out = [b",".join(new)]
        for line in all_lines[1:]:
            if not line:
                out.append(line)
                continue
            cells = line.split(b",")  # statistics has no quoted cells
            assert len(cells) == width
            out.append(b",".join(change(cells)))
        return out

    return _edit_lines(table, lines)


STATS = "data/statistics.csv"
ROW2 = b"AFG,1996,AG.SRF.TOTL.K2,652860"  # the first data row of statistics.csv

CORPUS = [
    Defect("missing file", lambda f: _csv(f, "statistics").unlink(), STATS),
    Defect("empty file", _edit_bytes("statistics", lambda d: b""), STATS),
    Defect("header only", _edit_bytes("statistics", lambda d: d.split(b"\n")[0] + b"\n"), STATS),
    Defect("missing column", _header("statistics", lambda c: c[:3]), STATS, row=1),
    Defect("extra column", _header("statistics", lambda c: [*c, b"extra"]), STATS, row=1),
    Defect(
        "renamed column",
        _header("statistics", lambda c: [*c[:3], b"amount" if c[3] == b"value" else c[3]]),
        STATS,
        row=1,
    ),
    Defect(
        "reordered columns", _header("statistics", lambda c: [c[1], c[0], *c[2:]]), STATS, row=1
    ),
    Defect("extra cell", _edit_lines("statistics", _set_line(1, ROW2 + b",9")), STATS, row=2),
    Defect(
        "missing cell",
        _edit_lines("statistics", _set_line(1, b"AFG,1996,AG.SRF.TOTL.K2")),
        STATS,
        row=2,
    ),
    Defect(
        "unbalanced quote",
        _edit_lines("statistics", _set_line(1, b'AFG,1996,"AG.SRF.TOTL.K2,652860')),
        STATS,
    ),
    Defect(
        "blank line",
        _edit_lines("statistics", lambda ls: [ls[0], ls[1], b"", *ls[2:]]),
        STATS,
        row=3,
    ),
    Defect(
        "byte-order mark", _edit_bytes("statistics", lambda d: b"\xef\xbb\xbf" + d), STATS, row=1
    ),
    Defect(
        "CRLF line endings",
        _edit_bytes("statistics", lambda d: d.replace(b"\n", b"\r\n")),
        STATS,
        row=1,
    ),
    Defect(
        "latin-1 byte",
        _edit_bytes(
            "memberships",
            lambda d: d.replace(b"Granted at the Beijing", b"Granted at the Caf\xe9 Beijing", 1),
        ),
        "data/memberships.csv",
        row=2,
    ),
    Defect(
        "latin-1 file, no declared encoding",
        lambda f: (
            _edit_bytes(
                "memberships",
                lambda d: d.replace(
                    b"Granted at the Beijing", b"Granted at the Caf\xe9 Beijing", 1
                ),
            )(f),
            _resource("memberships", "encoding", None)(f),
            _drop_key("memberships", "encoding")(f),
        ),
        "data/memberships.csv",
        row=2,
    ),
    Defect(
        "invalid UTF-8",
        _edit_lines("statistics", _set_line(2, b"AFG,1996,SP.POP.TOTL,17763266\xff")),
        STATS,
        row=3,
    ),
    Defect("NUL byte", _edit_lines("statistics", _set_line(1, ROW2 + b"\x00")), STATS, row=2),
    Defect(
        "integer type error",
        _edit_lines("statistics", _set_line(1, b"AFG,x96,AG.SRF.TOTL.K2,652860")),
        STATS,
        row=2,
        column="year",
    ),
    Defect(
        "43.0 in an integer field",
        _edit_lines("statistics", _set_line(1, b"AFG,1996.0,AG.SRF.TOTL.K2,652860")),
        STATS,
        row=2,
        column="year",
    ),
    Defect(
        "number type error",
        _edit_lines("statistics", _set_line(1, b"AFG,1996,AG.SRF.TOTL.K2,652,860")),
        STATS,
        row=2,
    ),
    Defect(
        "number with a thousands separator",
        _edit_lines("statistics", _set_line(1, b'AFG,1996,AG.SRF.TOTL.K2,"652,860"')),
        STATS,
        row=2,
        column="value",
    ),
    Defect(
        "date type error",
        _edit_bytes(
            "memberships",
            lambda d: d.replace(b"AFG,observer,2012-06-07", b"AFG,observer,2012/06/07", 1),
        ),
        "data/memberships.csv",
        row=2,
        column="start_date",
    ),
    Defect(
        "boolean type error",
        _edit_bytes("states", lambda d: d.replace(b",Q889,false,", b",Q889,no,", 1)),
        "data/states.csv",
        row=2,
        column="shanghai_five",
    ),
    Defect(
        "duplicate primary key",
        _edit_lines("statistics", lambda ls: [ls[0], ls[1], ls[1], *ls[2:]]),
        STATS,
        row=3,
    ),
    Defect(
        "broken foreign key",
        _edit_lines("statistics", _set_line(1, b"ZZZ,1996,AG.SRF.TOTL.K2,652860")),
        STATS,
        row=2,
        column="iso3",
    ),
    Defect(
        "constraint: value below minimum",
        _edit_lines("statistics", _set_line(1, b"AFG,1996,AG.SRF.TOTL.K2,-1")),
        STATS,
        row=2,
        column="value",
    ),
    Defect(
        "rule: overlapping periods",
        _edit_bytes(
            "memberships",
            lambda d: d.replace(
                b"AFG,observer,2012-06-07,day,2025-09-01",
                b"AFG,observer,2012-06-07,day,2025-09-02",
                1,
            ),
        ),
        "data/memberships.csv",
        column="start_date",
    ),
    Defect(
        "rule: end before start",
        _edit_bytes(
            "memberships",
            lambda d: d.replace(
                b"AFG,observer,2012-06-07,day,2025-09-01",
                b"AFG,observer,2012-06-07,day,2011-09-01",
                1,
            ),
        ),
        "data/memberships.csv",
        row=2,
        column="end_date",
    ),
    Defect(
        "rule: aggregate edited by hand",
        _edit_lines("aggregates", lambda ls: [ls[0], ls[1].replace(b",6,6,", b",6,5,"), *ls[2:]]),
        "data/aggregates.csv",
        row=2,
    ),
    Defect("wrong hash", _resource("statistics", "hash", "sha256:" + "0" * 64), STATS),
    Defect("wrong byte count", _resource("statistics", "bytes", 12), STATS),
    Defect("hash that is not text", _resource("statistics", "hash", 12345), "datapackage.json"),
    Defect(
        "one byte changed, hash not refreshed",
        _edit_bytes("statistics", lambda d: d.replace(b"652860", b"652861", 1), rehash=False),
        STATS,
    ),
    Defect(
        "descriptor is not JSON",
        lambda f: (f / "datapackage.json").write_text('{"name": '),
        "datapackage.json",
        row=1,
    ),
    Defect(
        "descriptor lacks resources", _descriptor(lambda d: d.pop("resources")), "datapackage.json"
    ),
    Defect(
        "descriptor names a missing schema",
        _resource("statistics", "schema", "schemas/nothing.json"),
        "schemas/nothing.json",
    ),
    Defect(
        "path escapes the package",
        _resource("statistics", "path", "../statistics.csv"),
        "datapackage.json",
    ),
    Defect("absolute path", _resource("statistics", "path", "/etc/passwd"), "datapackage.json"),
    Defect(
        "path is a URL (never fetched)",
        _resource("statistics", "path", "https://example.org/statistics.csv"),
        "datapackage.json",
    ),
]


def _delete_state(iso3: bytes):
    return _edit_lines(
        "states", lambda ls: [line for line in ls if not line.startswith(iso3 + b",")]
    )


def _schema(table: str, change: Callable[[dict], None]):
    def apply(folder: Path) -> None:
        path = folder / "schemas" / f"{table}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    return apply


def _field(table: str, name: str, **changes):
    def change(schema: dict) -> None:
        next(f for f in schema["fields"] if f["name"] == name).update(changes)

    return _schema(table, change)


def _symlink_outside(folder: Path) -> None:
    outside = folder.parent / f"{folder.name}-outside.csv"
    target = _csv(folder, "indicators")
    outside.write_bytes(target.read_bytes())
    target.unlink()
    os.symlink(outside, target)


MEMBERS = "data/memberships.csv"
SOURCES = "data/sources.csv"
# Single planted defects of the kinds issue 11 names: each must come first, with at most ten
# problems in all.
CORPUS += [
    Defect(
        "one bad date in memberships",
        _edit_bytes(
            "memberships",
            lambda d: d.replace(b"AFG,observer,2012-06-07", b"AFG,observer,2012-13-07", 1),
        ),
        MEMBERS,
        row=2,
        column="start_date",
    ),
    # The deleted row cannot be shown; the first table (in descriptor order) that names it is.
    Defect("one state deleted", _delete_state(b"KAZ"), "data/summits.csv", column="host_iso3"),
    Defect(
        "a date beyond 2262 is a date: only the overlap it makes is reported",
        _edit_bytes(
            "memberships",
            lambda d: d.replace(
                b"AFG,observer,2012-06-07,day,2025-09-01",
                b"AFG,observer,2012-06-07,day,2300-01-01",
                1,
            ),
        ),
        MEMBERS,
        row=3,
        column="start_date",
    ),
    Defect(
        "integer beyond 64 bits",
        _edit_bytes(
            "summits",
            lambda d: d.replace(b",heads_of_state,1,", b",heads_of_state,99999999999999999999,", 1),
        ),
        "data/summits.csv",
        row=26,
        column="number",
    ),
    Defect(
        "source url that is not a URI",
        _edit_bytes("sources", lambda d: d.replace(b",https://", b",not a url at all https://", 1)),
        SOURCES,
        row=2,
        column="url",
    ),
    Defect(
        "foreign key to a resource not in the descriptor",
        _schema(
            "statistics",
            lambda s: s["foreignKeys"].append(
                {"fields": ["iso3"], "reference": {"resource": "countries", "fields": ["iso3"]}}
            ),
        ),
        "schemas/statistics.json",
    ),
    Defect(
        "unknown hash algorithm",
        _resource("statistics", "hash", "shake_128:" + "0" * 32),
        STATS,
    ),
    Defect("symlink to a file outside the package", _symlink_outside, "datapackage.json"),
    Defect(
        "schema given as a URL",
        _resource("statistics", "schema", "https://example.org/statistics.json"),
        "datapackage.json",
    ),
    Defect(
        "package profile given as a URL",
        _descriptor(lambda d: d.update(profile="https://example.org/profile.json")),
        "datapackage.json",
    ),
    Defect(
        "dialect delimiter the file does not use",
        _resource("statistics", "dialect", {"delimiter": ";"}),
        STATS,
    ),
]

# The check the first problem of each defect must name.
CHECKS = {
    "missing file": "missing-file",
    "empty file": "empty-file",
    "header only": "no-rows",
    "missing column": "header",
    "extra column": "header",
    "renamed column": "header",
    "reordered columns": "header",
    "extra cell": "extra-cell",
    "missing cell": "missing-cell",
    "unbalanced quote": "missing-cell",
    "blank line": "blank-row",
    "byte-order mark": "bom",
    "CRLF line endings": "line-ending",
    "latin-1 byte": "encoding",
    "latin-1 file, no declared encoding": "encoding",
    "invalid UTF-8": "encoding",
    "NUL byte": "nul-byte",
    "integer type error": "type",
    "43.0 in an integer field": "type",
    "number type error": "extra-cell",
    "number with a thousands separator": "type",
    "date type error": "type",
    "boolean type error": "type",
    "duplicate primary key": "primaryKey",
    "broken foreign key": "foreignKey:iso3",
    "constraint: value below minimum": "minimum",
    "rule: overlapping periods": "periods_do_not_overlap",
    "rule: end before start": "membership_end_not_before_start",
    "rule: aggregate edited by hand": "aggregates_match_inputs",
    "wrong hash": "hash-count",
    "wrong byte count": "byte-count",
    "hash that is not text": "frictionless-failed",
    "one byte changed, hash not refreshed": "hash-count",
    "descriptor is not JSON": "json",
    "descriptor lacks resources": "descriptor",
    "descriptor names a missing schema": "missing-file",
    "path escapes the package": "unsafe-path",
    "absolute path": "unsafe-path",
    "path is a URL (never fetched)": "remote-path",
    "one bad date in memberships": "type",
    "one state deleted": "foreignKey:host_iso3",
    "a date beyond 2262 is a date: only the overlap it makes is reported": "periods_do_not_overlap",
    "integer beyond 64 bits": "type",
    "source url that is not a URI": "type",
    "foreign key to a resource not in the descriptor": "foreignKey:iso3",
    "unknown hash algorithm": "hash-count",
    "symlink to a file outside the package": "unsafe-path",
    "schema given as a URL": "remote-path",
    "package profile given as a URL": "remote-path",
    "dialect delimiter the file does not use": "header",
}
CORPUS = [replace(d, check=CHECKS[d.name]) for d in CORPUS]
