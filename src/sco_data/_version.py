"""The version of the data, read from the shipped descriptor (the one place it is written
for the package; pyproject.toml and CITATION.cff repeat it and a test keeps them equal)."""

from __future__ import annotations

from ._descriptor import read_json
from ._locate import descriptor_path


def data_version() -> str:
    return str(read_json(descriptor_path())["version"])
