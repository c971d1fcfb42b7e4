"""The version of the data, read from the shipped descriptor (the one place it is written
for the package; pyproject.toml and CITATION.cff repeat it and a test keeps them equal)."""

from __future__ import annotations

from ._descriptor import descriptor_path, read_descriptor


def data_version() -> str:
    return str(read_descriptor(descriptor_path())["version"])
