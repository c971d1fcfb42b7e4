"""Stage 1 and 2: the descriptor and the files' bytes, checked before any parser reads them.

They catch what parsers either crash on or silently accept: a descriptor that is not JSON or
points outside the package (by ``..``, an absolute path or a symlink) or to the network
(sco-data works offline and never fetches: every URL a library would follow is refused
before any library sees the descriptor), a missing or empty file, a byte-order mark, CRLF
line endings, NUL bytes and bytes that are not UTF-8. The package's CSV convention is UTF-8
without BOM with ``\\n`` line endings; files that break it are rejected with a message saying
how to fix them.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from .._descriptor import DescriptorError, read_json
from ._report import Problem

DESCRIPTOR = "datapackage.json"
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")

# Keys whose values a Data Package library loads (a file, a profile, a schema, a dialect,
# another package). Links under these keys are metadata for people and are never followed.
_LOADED = {"path", "profile", "$schema", "schema", "dialect", "data", "package", "$ref"}
_METADATA = {"licenses", "sources", "contributors", "homepage", "image"}
# The standard profiles name a spec version; libraries recognise them and never fetch them.
STANDARD_PROFILE = re.compile(r"https://datapackage\.org/profiles/[0-9]+\.[0-9]+/[a-z]+\.json")


def _problem(check: str, message: str, file: str = DESCRIPTOR) -> Problem:
    return Problem(file, None, None, check, message, stage="descriptor")


def _read_json(path: Path, name: str) -> tuple[Any, list[Problem]]:
    """The JSON in ``path`` read by the package reader (never its cache: validation reads
    the files as they are now), its error as a problem in the reader's words."""
    try:
        return read_json(path, name), []
    except DescriptorError as error:
        problem = Problem(
            error.file, error.line, None, error.check, error.message, stage="descriptor"
        )
        return None, [problem]


def remote_references(value: Any, where: str = "", key: str = "") -> list[str]:
    """Where ``value`` (a descriptor, schema or dialect) names a URL a library would fetch."""
    found = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in _METADATA:
                continue
            found += remote_references(v, f"{where}.{k}" if where else str(k), str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += remote_references(v, f"{where}[{i}]", key)
    elif (
        isinstance(value, str)
        and key in _LOADED
        and _REMOTE.match(value)
        and not (key in ("$schema", "profile") and STANDARD_PROFILE.fullmatch(value))
    ):
        found.append(f"{where} = {value!r}")
    return found


def _refuse_remote(value: Any, file: str) -> list[Problem]:
    return [
        _problem(
            "remote-path",
            f"{where} is a URL; sco-data works offline and never fetches anything: download "
            "what it names into the package and give its relative path (or its registered "
            "name, such as tabular-data-package)",
            file,
        )
        for where in remote_references(value)
    ]


def descriptor_problems(
    descriptor: Path,
) -> tuple[dict[str, Any] | None, dict[str, Any], list[Problem]]:
    """The parsed descriptor, or None with the problems that make it unusable or unsafe.

    Schema and dialect files it names are read here too (they are part of the descriptor)
    and refused on the same grounds."""
    name = descriptor.name
    data, problems = _read_json(descriptor, name)
    if problems:
        return None, {}, problems
    if not isinstance(data, dict):
        return None, {}, [_problem("descriptor", "must be a JSON object")]
    problems = _refuse_remote(data, DESCRIPTOR)
    resources = data.get("resources")
    if not isinstance(resources, list) or not resources:
        problems.append(
            _problem(
                "descriptor", 'has no resources: a data package lists its tables under "resources"'
            )
        )
        return None, {}, problems
    names = []
    files: dict[str, Any] = {}  # each schema and dialect file, parsed, by its path
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            problems.append(_problem("descriptor", f"resources[{index}] is not an object"))
            continue
        label = resource.get("name") or f"resources[{index}]"
        if not isinstance(resource.get("name"), str) or not resource["name"]:
            problems.append(_problem("descriptor", f"resources[{index}] needs a name (a string)"))
            continue
        names.append(resource["name"])
        problems.extend(_path_problems(descriptor.parent, label, "path", resource.get("path")))
        for key in ("schema", "dialect"):
            value = resource.get(key)
            if isinstance(value, str):
                found = _path_problems(descriptor.parent, label, key, value)
                problems.extend(found)
                if not found:
                    inner, unreadable = _read_json(descriptor.parent / value, value)
                    files[value] = inner
                    problems.extend(unreadable or _refuse_remote(inner, value))
                    if not unreadable and not isinstance(inner, dict):
                        problems.append(_problem("descriptor", "must be a JSON object", value))
            elif key == "schema" and not isinstance(value, dict):
                problems.append(_problem("descriptor", f"resource {label!r} has no schema"))
            elif value is not None and not isinstance(value, dict):
                problems.append(
                    _problem("descriptor", f"resource {label!r}: {key} must be an object or path")
                )
    for repeated in sorted({n for n in names if names.count(n) > 1}):
        problems.append(_problem("descriptor", f"two resources are named {repeated!r}"))
    return (None if problems else data), files, problems


def _path_problems(base: Path, label: str, key: str, value: Any) -> list[Problem]:
    """Why a resource's path, schema or dialect path cannot be read safely, if it cannot."""
    where = f"resource {label!r}: {key}"
    if not isinstance(value, str) or not value:
        return [_problem("descriptor", f"{where} must be a relative file path (one string)")]
    if _REMOTE.match(value):
        return []  # refused once, by _refuse_remote
    if value.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:[\\/]", value):
        return [
            _problem(
                "unsafe-path",
                f"{where} {value!r} is absolute; give a path relative to {DESCRIPTOR}",
            )
        ]
    if ".." in PurePosixPath(value.replace("\\", "/")).parts:
        return [
            _problem(
                "unsafe-path",
                f"{where} {value!r} leaves the package folder; keep every file inside it",
            )
        ]
    target = base / value
    try:
        inside = target.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        inside = False
    if target.exists() and not inside:
        return [
            _problem(
                "unsafe-path",
                f"{where} {value!r} is a symlink to a file outside the package folder; "
                "copy the file into the package instead",
            )
        ]
    if not target.is_file():
        return [
            Problem(
                value,
                None,
                None,
                "missing-file",
                f"does not exist ({where} in {DESCRIPTOR})",
                stage="descriptor",
            )
        ]
    return []


def file_problems(path: Path, relative: str, table: str | None = None) -> list[Problem]:
    """Byte-level problems of one CSV; an empty list means parsers may read it."""
    data = path.read_bytes()

    def problem(row: int | None, check: str, message: str) -> Problem:
        return Problem(relative, row, None, check, message, table=table, stage="bytes")

    if not data or data.isspace():
        return [problem(None, "empty-file", "is empty: a table needs at least its header row")]
    problems = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(
            problem(1, "bom", "starts with a byte-order mark; save it as UTF-8 without BOM")
        )
    if b"\r" in data:
        line = data[: data.index(b"\r")].count(b"\n") + 1
        problems.append(
            problem(
                line,
                "line-ending",
                f"has a carriage return (CRLF or CR line ending) on line {line}; "
                "use \\n line endings",
            )
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        problems.append(problem(line, "nul-byte", f"has a NUL byte on line {line}"))
    bad = _first_non_utf8(data)
    if bad is not None:
        error_start = bad
        line = data[:error_start].count(b"\n") + 1
        problems.append(
            problem(
                line,
                "encoding",
                f"is not UTF-8: byte 0x{data[error_start]:02x} on line {line} "
                "(save the file as UTF-8)",
            )
        )
    return problems


def _first_non_utf8(data: bytes, chunk: int = 1 << 20) -> int | None:
    """The offset of the first byte that is not UTF-8, or None. A valid file is decoded a
    chunk at a time, so that a large table is not held a second time as text; only a file
    that fails is decoded whole, to find the offset exactly."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), chunk):
            decoder.decode(view[start : start + chunk], final=start + chunk >= len(data))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            return error.start
    return None
