"""Stage 8 and its fix: each resource's ``bytes`` and ``hash`` against its file, and
``refresh``, which rewrites them after an intended edit. Both live here so that what the
check accepts and what the refresh writes cannot drift apart.

Data Package hashes are ``algorithm:hex``; without a prefix the algorithm is MD5. sco-data
accepts md5, sha1, sha256 and sha512 (the ones the spec names); any other is a problem.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .._atomic import write_text
from ._report import Problem

ALGORITHMS = ("md5", "sha1", "sha256", "sha512")
REFRESH_HINT = (
    "; if the edit was intended, run `sco-data refresh` on the package (it rewrites only "
    "bytes and hash in datapackage.json)"
)


def split_hash(value: str) -> tuple[str, str]:
    """(algorithm, hex digest) of a descriptor hash; MD5 when it has no prefix."""
    algorithm, _, digest = value.rpartition(":")
    return (algorithm.lower() or "md5"), digest


def _bytes_mismatch(expected: object, path: Path) -> str | None:
    if expected is None:
        return None
    if not isinstance(expected, int) or isinstance(expected, bool):
        return f"datapackage.json gives its bytes as {expected!r}, not a whole number{REFRESH_HINT}"
    size = path.stat().st_size
    if expected != size:
        return f"is {size} bytes, but datapackage.json says {expected}{REFRESH_HINT}"
    return None


def file_digest(path: Path, algorithm: str) -> str:
    """The file's hex digest, read in chunks: a large table is never held twice in memory."""
    h = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _hash_mismatch(expected: object, path: Path) -> str | None:
    if expected is None:
        return None
    if not isinstance(expected, str):
        return (
            f"datapackage.json gives its hash as {expected!r}, not text such as "
            f"sha256:<hex>{REFRESH_HINT}"
        )
    algorithm, digest = split_hash(expected)
    if algorithm not in ALGORITHMS:
        return (
            f"datapackage.json hashes it with {algorithm!r}; sco-data checks "
            f"{', '.join(ALGORITHMS)}{REFRESH_HINT}"
        )
    actual = file_digest(path, algorithm)
    if actual != digest.lower():
        return f"has {algorithm} {actual[:12]}…, but datapackage.json says {digest[:12]}…{REFRESH_HINT}"
    return None


def integrity_problems(base: Path, resources: list[dict[str, Any]]) -> list[Problem]:
    """Each resource's file against the size and hash the descriptor records."""
    problems = []
    for resource in resources:
        relative = resource["path"]
        path = base / relative
        for check, message in (
            ("byte-count", _bytes_mismatch(resource.get("bytes"), path)),
            ("hash-count", _hash_mismatch(resource.get("hash"), path)),
        ):
            if message:
                problems.append(
                    Problem(
                        relative,
                        None,
                        None,
                        check,
                        message,
                        table=resource.get("name"),
                        stage="integrity",
                    )
                )
    return problems


def file_integrity(path: Path, hash_like: object = None) -> dict[str, Any]:
    """``bytes`` and ``hash`` of a file, hashed with the algorithm ``hash_like`` uses (and in
    its style: an unprefixed MD5 stays unprefixed), sha256 otherwise."""
    algorithm, prefix = "sha256", "sha256:"
    if isinstance(hash_like, str):
        found, _ = split_hash(hash_like)
        if found in ALGORITHMS:
            algorithm = found
            prefix = "" if ":" not in hash_like else f"{hash_like.rpartition(':')[0]}:"
    return {"bytes": path.stat().st_size, "hash": prefix + file_digest(path, algorithm)}


def descriptor_text(descriptor: dict[str, Any]) -> str:
    """The canonical text of a descriptor: two-space indent, UTF-8, final newline."""
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


_DECODER = json.JSONDecoder()


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _object_spans(text: str, i: int) -> tuple[dict[str, tuple[int, int]], int]:
    """Spans of the values of the object starting at ``text[i] == '{'``, and its end."""
    spans: dict[str, tuple[int, int]] = {}
    i = _skip_ws(text, i + 1)
    while text[i] != "}":
        key, i = json.decoder.scanstring(text, i + 1)
        i = _skip_ws(text, i)
        i = _skip_ws(text, i + 1)  # the colon
        _, end = _DECODER.raw_decode(text, i)
        spans[key] = (i, end)
        i = _skip_ws(text, end)
        if text[i] == ",":
            i = _skip_ws(text, i + 1)
    return spans, i


def _resource_spans(text: str) -> list[tuple[dict[str, tuple[int, int]], int]]:
    top, _ = _object_spans(text, _skip_ws(text, 0))
    start, _ = top["resources"]
    out = []
    i = _skip_ws(text, start + 1)
    while text[i] != "]":
        spans, end = _object_spans(text, i)
        out.append((spans, end))
        i = _skip_ws(text, end + 1)
        if text[i] == ",":
            i = _skip_ws(text, i + 1)
    return out


def refresh(descriptor_path: Path) -> list[str]:
    """Rewrite ``bytes`` and ``hash`` of every resource whose file changed; return their
    names. Only those values change: the rest of the descriptor keeps its text, formatting
    and key order. The new text is written beside the old, synced, then renamed over it."""
    descriptor_path = Path(descriptor_path)
    text = descriptor_path.read_text(encoding="utf-8")
    data = json.loads(text)
    edits: list[tuple[int, int, str]] = []
    changed = []
    for resource, (spans, end) in zip(data["resources"], _resource_spans(text), strict=False):
        current = file_integrity(descriptor_path.parent / resource["path"], resource.get("hash"))
        if {k: resource.get(k) for k in current} == current:
            continue
        changed.append(resource["name"])
        missing = []
        for key, value in current.items():
            if key in spans:
                edits.append((*spans[key], json.dumps(value)))
            else:
                missing.append(f"{json.dumps(key)}: {json.dumps(value)}")
        if missing:
            last = max(stop for _, stop in spans.values()) if spans else end
            first = min(start for start, _ in spans.values()) if spans else end
            line_start = text.rfind("\n", 0, last) + 1
            line = text[line_start:last]
            indent = line[: len(line) - len(line.lstrip())]
            sep = ",\n" + indent if "\n" in text[first:last] else ", "
            edits.append((last, last, "".join(sep + m for m in missing)))
    if not changed:
        return []
    for start, stop, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[stop:]
    json.loads(text)  # never write a descriptor that does not parse
    write_text(descriptor_path, text)
    return changed
