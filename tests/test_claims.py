"""docs/claims.md is current, and its verdicts are the ones we have looked at.

A change in the data that changes a verdict fails here until someone updates VERDICTS (and
rereads the page): the verdict is a statement about the article, not only about the data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT, copy_package, read_rows, write_rows

sys.path.insert(0, str(ROOT / "scripts"))
import build_claims

VERDICTS = {
    "population": build_claims.WITH_OBSERVERS,
    "four_nuclear_powers": build_claims.SUPPORTED,
    "half_of_nuclear_states": build_claims.NOT_AS_WORDED,
    "astana_admission": build_claims.SUPPORTED,
    "largest_regional_organisation": build_claims.NOT_CHECKABLE,
    "lianyungang_to_kaliningrad": build_claims.SUPPORTED,
}


def test_claims_page_is_current() -> None:
    text = (ROOT / "docs/claims.md").read_text(encoding="utf-8")
    assert text == build_claims.render(), "docs/claims.md is out of date: run scripts/build_docs.py"


def test_verdicts() -> None:
    assert {c.key: c.verdict for c in build_claims.evaluate()} == VERDICTS


def test_figures() -> None:
    got = {c.key: c.result for c in build_claims.evaluate()}
    assert round(got["population"]["members"], 4) == 0.4190
    assert round(got["population"]["members_and_observers"], 4) == 0.4365
    assert got["four_nuclear_powers"]["nuclear_members"] == ["CHN", "IND", "PAK", "RUS"]
    half = got["half_of_nuclear_states"]
    assert (half["nuclear_members"], half["world"], half["world_tested"]) == (4, 9, 8)


def test_every_claim_is_on_the_page_with_its_query() -> None:
    text = (ROOT / "docs/claims.md").read_text(encoding="utf-8")
    for claim in build_claims.CLAIMS:
        assert claim.query in text, claim.key
        assert f"**Verdict: {VERDICTS[claim.key]}.**" in text, claim.key


def test_a_change_in_the_data_changes_a_verdict(tmp_path: Path) -> None:
    """Without Israel in the table, four of eight is half: the verdict flips."""
    descriptor = copy_package(tmp_path)
    path = tmp_path / "data/nuclear_armed_states.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r[0] != "ISR"])
    verdicts = {c.key: c.verdict for c in build_claims.evaluate(descriptor.parent)}
    assert verdicts["half_of_nuclear_states"] == build_claims.SUPPORTED
    assert verdicts != VERDICTS
