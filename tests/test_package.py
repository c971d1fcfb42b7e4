"""The descriptor, schemas and CSVs follow the conventions users rely on."""

from __future__ import annotations

import json
import re
import tomllib

import pandas as pd
import pytest
from conftest import ROOT

import sco_data
from sco_data._csvfile import csv_text
from sco_data._descriptor import read_tables

DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
TABLES = read_tables(ROOT / "datapackage.json")
CONTRACT = [
    "states",
    "memberships",
    "summits",
    "documents",
    "principles",
    "indicators",
    "statistics",
    "aggregates",
    "sources",
]


def test_the_nine_contract_tables_exist() -> None:
    assert set(CONTRACT) <= set(TABLES)


def test_descriptor_metadata() -> None:
    for key in (
        "name",
        "title",
        "description",
        "version",
        "created",
        "keywords",
        "licenses",
        "sources",
    ):
        assert DESCRIPTOR.get(key), key
    assert re.fullmatch(r"\d+\.\d+\.\d+", DESCRIPTOR["version"])
    assert DESCRIPTOR["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in DESCRIPTOR["resources"]:
        assert resource["hash"].startswith("sha256:")
        assert resource["bytes"] == (ROOT / resource["path"]).stat().st_size


def test_one_version_everywhere() -> None:
    """datapackage.json, pyproject.toml, CITATION.cff and CHANGELOG.md name the same version."""
    import yaml

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    latest = re.search(r"^## (\d+\.\d+\.\d+)", changelog, re.M).group(1)
    assert project["version"] == DESCRIPTOR["version"] == sco_data.__version__
    assert str(citation["version"]) == latest == DESCRIPTOR["version"]
    assert citation["title"] == DESCRIPTOR["title"]


@pytest.mark.parametrize("name", list(TABLES))
def test_every_field_is_described(name: str) -> None:
    for field in TABLES[name].fields:
        assert field.type and field.title and len(field.description) > 10, field.name


def test_every_source_id_is_a_foreign_key() -> None:
    for table in TABLES.values():
        for field in table.field_names:
            if field.endswith("source_id") and table.name != "sources":
                assert any(
                    fk.fields == [field] and fk.resource == "sources" for fk in table.foreign_keys
                ), (table.name, field)


@pytest.mark.parametrize("name", list(TABLES))
def test_csv_is_in_canonical_form(name: str) -> None:
    """UTF-8 without BOM, \\n endings, schema column order, ISO dates, sorted by primary key:
    re-serialising the loaded table reproduces the file byte for byte."""
    raw = (ROOT / TABLES[name].path).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert csv_text(sco_data.load(name), TABLES[name]).encode("utf-8") == raw


def test_every_fact_row_cites_a_source() -> None:
    """Every table whose schema has a source_id column (statistics cite through indicators)."""
    citing = [name for name, table in TABLES.items() if "source_id" in table.field_names]
    assert {"states", "memberships", "summits", "documents", "principles"} <= set(citing)
    for name in citing:
        frame = sco_data.load(name)
        assert frame["source_id"].notna().all(), name


def test_statuses_on_known_days() -> None:
    """Spot checks of the status history against the events the sources describe."""
    observers_2017 = sco_data.members_on("2017-12-31", "observer")
    assert sorted(observers_2017["iso3"]) == ["AFG", "BLR", "IRN", "MNG"]
    at_end_2025 = sco_data.members_on("2025-12-31")
    assert (at_end_2025["status"] == "member").sum() == 10
    assert (at_end_2025["status"] == "partner").sum() == 17
    assert not at_end_2025["status"].isin(["observer", "dialogue_partner"]).any()
    assert len(sco_data.members_on("2001-06-14")) == 0
    assert sorted(sco_data.members_on("2001-06-15")["iso3"]) == [
        "CHN",
        "KAZ",
        "KGZ",
        "RUS",
        "TJK",
        "UZB",
    ]


def test_members_on_rejects_an_unknown_status() -> None:
    with pytest.raises(ValueError, match="observer"):
        sco_data.members_on("2020-01-01", "observers")


def test_dates_load_as_timestamps() -> None:
    assert sco_data.load("summits")["start_date"].min() == pd.Timestamp("1996-04-26")


def test_lowest_constraints_pin_every_floor_pyproject_claims() -> None:
    """CI runs the suite a second time with constraints/lowest.txt: each `>=` floor of a
    dependency (and of each extra) must be pinned there, so the floors claimed are tested."""
    import re
    import tomllib

    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = dict(
        re.findall(
            r"^([A-Za-z0-9_.-]+)==(\S+)",
            (ROOT / "constraints/lowest.txt").read_text(encoding="utf-8"),
            re.MULTILINE,
        )
    )
    claimed = list(project["dependencies"])
    for extra in ("xlsx", "plot", "serve", "duckdb"):
        claimed += project["optional-dependencies"][extra]
    for requirement in claimed:
        name, floor = re.match(r"([A-Za-z0-9_.-]+)>=([0-9.]+)", requirement).groups()
        assert name in pins and Version(pins[name]) == Version(floor), (name, floor, pins.get(name))
    assert project["requires-python"] == ">=3.11"  # the only Python CI has
