"""Croissant and schema.org metadata: generated from the descriptor, current, and readable by
the reference Croissant loader with the same values that sco_data.load gives."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest
from conftest import ROOT

from sco_data._metadata import croissant, schema_org, write_json

sys.path.insert(0, str(ROOT / "scripts"))
import build_docs

mlc = pytest.importorskip("mlcroissant")


def test_metadata_files_are_current() -> None:
    rendered = build_docs.render()
    for name in ("croissant.json", "docs/dataset.jsonld"):
        assert (ROOT / name).read_text(encoding="utf-8") == rendered[ROOT / name], (
            f"{name} is out of date: run python scripts/build_docs.py"
        )


def test_croissant_passes_the_reference_validator() -> None:
    # mlcroissant raises ValidationError on any error; warnings are collected in ctx.issues.
    dataset = mlc.Dataset(jsonld=str(ROOT / "croissant.json"))
    assert not dataset.metadata.ctx.issues.errors
    assert not dataset.metadata.ctx.issues.warnings


def test_croissant_has_a_record_set_per_table_with_its_keys() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    dataset = mlc.Dataset(jsonld=str(ROOT / "croissant.json"))
    record_sets = {rs.name: rs for rs in dataset.metadata.record_sets}
    assert set(record_sets) == {r["name"] for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        schema = json.loads((ROOT / resource["schema"]).read_text(encoding="utf-8"))
        rs = record_sets[resource["name"]]
        assert [f.name for f in rs.fields] == [f["name"] for f in schema["fields"]]
        assert list(rs.key) == [f"{resource['name']}/{k}" for k in schema["primaryKey"]]


def _cell(value: object) -> object:
    """One cell as plain Python: text decoded, missing as None, dates as Timestamps."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value
    return value.item() if hasattr(value, "item") else value


def _through_croissant(table: str) -> list[dict[str, object]]:
    dataset = mlc.Dataset(jsonld=str(ROOT / "croissant.json"))
    return [
        {key.split("/", 1)[1]: _cell(value) for key, value in record.items()}
        for record in dataset.records(record_set=table)
    ]


def _through_sco_data(table: str) -> list[dict[str, object]]:
    import sco_data

    frame = sco_data.load(table, ROOT).astype(object)
    return [{k: _cell(v) for k, v in row.items()} for row in frame.to_dict("records")]


@pytest.mark.parametrize("table", ["memberships", "summits"])
def test_croissant_reads_the_same_values_as_sco_data(table: str) -> None:
    assert _through_croissant(table) == _through_sco_data(table)


def test_croissant_loader_drops_leading_zeros_of_m49_as_the_readme_says() -> None:
    # mlcroissant reads CSV with pandas' type inference, so the text code "004" comes back as
    # "4". The README warns Croissant users; this test notices if the loader changes.
    croissant_rows = _through_croissant("states")
    ours = _through_sco_data("states")
    differing = {
        column
        for theirs, mine in zip(croissant_rows, ours, strict=True)
        for column in mine
        if theirs[column] != mine[column]
    }
    assert differing == {"m49"}
    assert [r["m49"] for r in croissant_rows] == [str(int(r["m49"])) for r in ours]


def test_schema_org_block_names_every_table_and_the_licence() -> None:
    block = schema_org(ROOT)
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert block["@type"] == "Dataset"
    assert [d["contentUrl"] for d in block["distribution"]] == [
        r["path"] for r in descriptor["resources"]
    ]
    assert block["license"] == ["https://creativecommons.org/licenses/by/4.0/"]


def test_croissant_file_hashes_match_the_files() -> None:
    import hashlib

    data = croissant(ROOT)
    for entry in data["distribution"]:
        content = (ROOT / entry["contentUrl"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(content).hexdigest(), entry["contentUrl"]
    assert write_json(data).endswith("}\n")


def test_every_table_says_where_its_rows_come_from() -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert resource.get("sources"), f"{resource['name']} has no sources in datapackage.json"
        for source in resource["sources"]:
            assert source["title"] and source["path"], resource["name"]
