"""Keep each resource's ``bytes`` and ``hash`` in the descriptor equal to its file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ._atomic import write_text


def file_integrity(path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def descriptor_text(descriptor: dict[str, Any]) -> str:
    """The canonical text of a descriptor: two-space indent, UTF-8, final newline."""
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def refresh(descriptor_path: Path) -> list[str]:
    """Rewrite the descriptor's ``bytes`` and ``hash`` of every resource; return those changed."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    changed = []
    for resource in descriptor["resources"]:
        current = file_integrity(descriptor_path.parent / resource["path"])
        if {k: resource.get(k) for k in current} != current:
            changed.append(resource["name"])
            resource.update(current)
    write_text(descriptor_path, descriptor_text(descriptor))
    return changed
