"""Checks of the descriptor and the files' bytes, made before any parser reads them.

They catch what parsers either crash on or silently accept: a descriptor that is not JSON or
points outside the package or to the network (sco-data works offline and never fetches), a
missing or empty file, a byte-order mark, CRLF line endings, NUL bytes and bytes that are not
UTF-8. The package's CSV convention is UTF-8 without BOM with ``\\n`` line endings; files that
break it are rejected with a message saying how to fix them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from .report import Problem

DESCRIPTOR = "datapackage.json"
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def descriptor_problems(descriptor: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The parsed descriptor, or None with the problems that make it unusable."""
    name = descriptor.name
    try:
        text = descriptor.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                name, None, None, "encoding", f"is not UTF-8 ({error.reason} at byte {error.start})"
            )
        ]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [
            Problem(
                name,
                error.lineno,
                None,
                "json",
                f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            )
        ]
    if not isinstance(data, dict):
        return None, [Problem(name, None, None, "descriptor", "must be a JSON object")]
    resources = data.get("resources")
    if not isinstance(resources, list) or not resources:
        return None, [
            Problem(
                name,
                None,
                None,
                "descriptor",
                'has no resources: a data package lists its tables under "resources"',
            )
        ]
    problems = []
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            problems.append(
                Problem(name, None, None, "descriptor", f"resources[{index}] is not an object")
            )
            continue
        label = resource.get("name") or f"resources[{index}]"
        if not isinstance(resource.get("name"), str) or not resource["name"]:
            problems.append(
                Problem(
                    name, None, None, "descriptor", f"resources[{index}] needs a name (a string)"
                )
            )
            continue
        problems.extend(_path_problems(descriptor.parent, label, "path", resource.get("path")))
        schema = resource.get("schema")
        if isinstance(schema, str):
            problems.extend(_path_problems(descriptor.parent, label, "schema", schema))
        elif not isinstance(schema, dict):
            problems.append(
                Problem(name, None, None, "descriptor", f"resource {label!r} has no schema")
            )
    return (None if problems else data), problems


def _path_problems(base: Path, label: str, key: str, value: Any) -> list[Problem]:
    """Why a resource's path or schema path cannot be read safely, if it cannot."""
    where = f"resource {label!r}: {key}"
    if not isinstance(value, str) or not value:
        return [_descriptor_problem("descriptor", f"{where} must be a relative file path")]
    if _REMOTE.match(value):
        return [
            _descriptor_problem(
                "remote-path",
                f"{where} {value!r} is a URL; sco-data works offline and never fetches data: "
                "download the file into the package and give its relative path",
            )
        ]
    if value.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:[\\/]", value):
        return [
            _descriptor_problem(
                "unsafe-path",
                f"{where} {value!r} is absolute; give a path relative to {DESCRIPTOR}",
            )
        ]
    if ".." in PurePosixPath(value.replace("\\", "/")).parts:
        return [
            _descriptor_problem(
                "unsafe-path",
                f"{where} {value!r} leaves the package folder; keep every file inside it",
            )
        ]
    if not (base / value).is_file():
        return [
            Problem(value, None, None, "missing-file", f"does not exist ({where} in {DESCRIPTOR})")
        ]
    return []


def _descriptor_problem(check: str, message: str) -> Problem:
    return Problem(DESCRIPTOR, None, None, check, message)


def file_problems(path: Path, relative: str) -> list[Problem]:
    """Byte-level problems of one CSV; an empty list means parsers may read it."""
    data = path.read_bytes()
    if not data.strip():
        return [
            Problem(
                relative,
                None,
                None,
                "empty-file",
                "is empty: a table needs at least its header row",
            )
        ]
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                relative,
                1,
                None,
                "bom",
                "starts with a byte-order mark; save it as UTF-8 without BOM",
            )
        )
    if b"\r" in data:
        line = data[: data.index(b"\r")].count(b"\n") + 1
        problems.append(
            Problem(
                relative,
                line,
                None,
                "line-ending",
                f"has a carriage return (CRLF or CR line ending) on line {line}; "
                "use \\n line endings",
            )
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.append(Problem(relative, line, None, "nul-byte", f"has a NUL byte on line {line}"))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                relative,
                line,
                None,
                "encoding",
                f"is not UTF-8: byte 0x{data[error.start]:02x} on line {line} "
                "(save the file as UTF-8)",
            )
        )
    return problems
