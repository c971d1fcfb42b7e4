"""Generated documentation stays in step with the schemas and the data."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import build_docs

from sco_data._descriptor import Field


def test_generated_docs_are_current() -> None:
    for path, text in build_docs.render().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run python scripts/build_docs.py"
        )


def test_data_dictionary_covers_every_field() -> None:
    from sco_data._descriptor import read_tables

    text = (ROOT / "docs/data-dictionary.md").read_text(encoding="utf-8")
    for name, table in read_tables(ROOT / "datapackage.json").items():
        section = text.split(f"## `{name}`")[1].split("\n## ")[0]
        for field in table.fields:
            assert f"| `{field.name}` |" in section, (name, field.name)


def _words(constraints: dict) -> str:
    return build_docs._constraints(Field(name="x", type="string", constraints=constraints))


def test_the_data_dictionary_words_every_kind() -> None:
    """minLength, maxLength and the exclusive bounds used to be left out silently."""
    words = _words(
        {
            "required": True,
            "unique": False,
            "enum": ["a", "b"],
            "pattern": "[a-z]",
            "minLength": 1,
            "maxLength": 2,
            "minimum": 0,
            "maximum": 9,
            "exclusiveMinimum": -1,
            "exclusiveMaximum": 10,
        }
    )
    assert words == (
        "required; one of `a`, `b`; pattern `[a-z]`; length ≥ 1; length ≤ 2; ≥ 0; ≤ 9; > -1; < 10"
    )
