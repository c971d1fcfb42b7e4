"""The version of the data, read from the shipped descriptor (the one place it is written
for the package; pyproject.toml and CITATION.cff repeat it and a test keeps them equal)."""

from __future__ import annotations

import json

from ._locate import package_dir


def data_version() -> str:
    with open(package_dir() / "datapackage.json", encoding="utf-8") as handle:
        return str(json.load(handle)["version"])
