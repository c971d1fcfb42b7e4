"""Metadata for dataset finders, generated from ``datapackage.json`` and the Table Schemas.

Search engines (Google Dataset Search) read schema.org ``Dataset`` JSON-LD; ML catalogues read
Croissant, the MLCommons extension of it that also describes files, record sets, field types
and keys. Both are derived here from the descriptor, so that nothing about the package is
written a second time by hand: ``scripts/build_docs.py`` writes ``croissant.json`` and
``docs/dataset.jsonld`` and a test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._descriptor import Field, Package, Table, read_package
from ._tableschema.types import type_of

CROISSANT_VERSION = "http://mlcommons.org/croissant/1.0"

# The JSON-LD context of Croissant 1.0, as the specification and mlcroissant give it.
_CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}


def _read(root: Path) -> tuple[dict[str, Any], dict[str, Table]]:
    """The descriptor and its tables, read by the package's one descriptor reader."""
    package = read_package(root)
    return package.descriptor, package.tables


def _citation(descriptor: dict[str, Any]) -> str:
    from .cite import bibtex_entry

    return bibtex_entry(descriptor)


def _licence_urls(descriptor: dict[str, Any]) -> list[str]:
    return [lic.get("path") or lic["name"] for lic in descriptor.get("licenses", [])]


def _about(descriptor: dict[str, Any], organisation: str) -> dict[str, Any]:
    """What schema.org and Croissant say alike of the dataset, from the descriptor."""
    return {
        "description": descriptor["description"],
        "version": descriptor["version"],
        "keywords": descriptor.get("keywords", []),
        "license": _licence_urls(descriptor),
        "creator": [
            {"@type": organisation, "name": c["title"]} for c in descriptor.get("contributors", [])
        ],
    }


def schema_org(root: Path) -> dict[str, Any]:
    """A compact schema.org ``Dataset`` for a landing page's ``<script type="application/ld+json">``."""
    descriptor, _ = _read(root)
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        **_about(descriptor, "Organization"),
        "name": descriptor["title"],
        "alternateName": descriptor["name"],
        "dateCreated": descriptor["created"][:10],
        "isBasedOn": [s["path"] for s in descriptor.get("sources", []) if "://" in s["path"]],
        "temporalCoverage": _temporal_coverage(root),
        "spatialCoverage": "Eurasia: the member, observer and partner states of the SCO",
        "distribution": [
            {
                "@type": "DataDownload",
                "name": resource["name"],
                "contentUrl": resource["path"],
                "encodingFormat": resource.get("mediatype", "text/csv"),
            }
            for resource in descriptor["resources"]
        ],
        "citation": _citation(descriptor),
    }


def _temporal_coverage(root: Path) -> str:
    """First Shanghai Five summit year to the last statistics year, from the data itself."""
    import csv

    with (root / "data" / "summits.csv").open(encoding="utf-8", newline="") as f:
        starts = [row["start_date"] for row in csv.DictReader(f) if row["start_date"]]
    with (root / "data" / "aggregates.csv").open(encoding="utf-8", newline="") as f:
        years = [int(row["year"]) for row in csv.DictReader(f)]
    return f"{min(starts)[:4]}/{max(years)}"


def _field(table: str, field: Field, foreign: dict[str, str]) -> dict[str, Any]:
    # The Croissant (schema.org) data type of the field's type and format, from the type
    # registry: ``format: uri`` strings are URLs; another format keeps its type's default.
    formats = type_of(field.type).formats
    data_type = formats.get(field.format, formats["default"])
    entry: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table}/{field.name}",
        "name": field.name,
        "description": field.description or field.title,
        "dataType": data_type,
        "source": {
            "fileObject": {"@id": f"{table}.csv"},
            "extract": {"column": field.name},
        },
    }
    if field.name in foreign:
        entry["references"] = {"field": {"@id": foreign[field.name]}}
    return entry


def _record_set(table: Table) -> dict[str, Any]:
    foreign = {
        mine: f"{fk.resource}/{theirs}"
        for fk in table.foreign_keys
        for mine, theirs in zip(fk.fields, fk.reference_fields, strict=True)
    }
    return {
        "@type": "cr:RecordSet",
        "@id": table.name,
        "name": table.name,
        "description": table.description,
        "key": [{"@id": f"{table.name}/{name}"} for name in table.primary_key],
        "field": [_field(table.name, field, foreign) for field in table.fields],
    }


def croissant(root: Path) -> dict[str, Any]:
    """The Croissant 1.0 description of the package at ``root``: one file object and one
    record set per table, with field types, primary keys and foreign-key references."""
    descriptor, tables = _read(root)
    resources = descriptor["resources"]
    return {
        "@context": _CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CROISSANT_VERSION,
        **_about(descriptor, "sc:Organization"),
        "name": descriptor["name"],
        "alternateName": descriptor["title"],
        "datePublished": descriptor["created"][:10],
        "citeAs": _citation(descriptor),
        "isLiveDataset": False,
        "distribution": [
            {
                "@type": "cr:FileObject",
                "@id": f"{r['name']}.csv",
                "name": f"{r['name']}.csv",
                "description": r.get("title", r["name"]),
                "contentUrl": r["path"],
                "contentSize": f"{r['bytes']} B",
                "encodingFormat": r.get("mediatype", "text/csv"),
                "sha256": r["hash"].split(":", 1)[1],
            }
            for r in resources
        ],
        "recordSet": [_record_set(table) for table in tables.values()],
    }


def write_json(data: dict[str, Any]) -> str:
    """The exact text written to disk, so that the staleness test compares bytes."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _r_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _readr_column(field: Field) -> str:
    """The readr column spec of the field's type (type registry); enums become factors
    with the schema's levels."""
    if field.enum and type_of(field.type).categorical:
        levels = ", ".join(_r_string(v) for v in field.enum)
        return f"col_factor(levels = c({levels}))"
    return type_of(field.type).readr


def readr_script(root: Path) -> str:
    """An R script that reads every table with readr and the column types of its Table Schema.

    ``na = ""`` because only an empty cell is missing in this package: "NA" is a valid value
    (Namibia's alpha-2 code) and must stay text.
    """
    _, tables = _read(root)
    lines = [
        "# Read the sco-data tables in R with the types of their Table Schemas.",
        "# Generated from datapackage.json by scripts/build_docs.py; do not edit by hand.",
        "# Usage: source('docs/read_sco_data.R'); tables <- read_sco_data('.')",
        "library(readr)",
        "",
        "sco_data_col_types <- list(",
    ]
    specs = []
    for table in tables.values():
        columns = ",\n".join(f"    {f.name} = {_readr_column(f)}" for f in table.fields)
        specs.append(f"  {table.name} = cols(\n{columns}\n  )")
    lines.append(",\n".join(specs))
    lines += [
        ")",
        "",
        "sco_data_paths <- c(",
        ",\n".join(f"  {t.name} = {_r_string(t.path)}" for t in tables.values()),
        ")",
        "",
        "# One table, typed; empty cells are missing, nothing else is.",
        'read_sco_table <- function(name, root = ".") {',
        "  read_csv(file.path(root, sco_data_paths[[name]]), col_types = sco_data_col_types[[name]],",
        '           na = "", locale = locale(encoding = "UTF-8"), progress = FALSE)',
        "}",
        "",
        "# Every table, as a named list of tibbles.",
        'read_sco_data <- function(root = ".") {',
        "  sapply(names(sco_data_paths), read_sco_table, root = root, simplify = FALSE)",
        "}",
        "",
    ]
    return "\n".join(lines)


def _cited(root: Path, table: Table) -> set[str]:
    """The source ids that the rows of ``table`` cite in their ``*source_id`` columns."""
    import csv

    columns = [n for n in table.field_names if n == "source_id" or n.endswith("_source_id")]
    if not columns or table.name == "sources":
        return set()
    with (root / table.path).open(encoding="utf-8", newline="") as f:
        return {row[c] for row in csv.DictReader(f) for c in columns if row[c]}


def table_sources(root: Path | Package) -> dict[str, dict[str, str]]:
    """For each table, where its rows come from: the resource's own ``sources`` in the
    descriptor, and how many entries of the sources table its rows cite. Datasette shows this
    as each table's "Data source"."""
    result = {}
    package = read_package(root)
    for name, table in package.tables.items():
        origins = table.resource.get("sources", [])
        text = "; ".join(s["title"] for s in origins)
        cited = _cited(package.base, table)
        if cited:
            text += f". Its rows cite {len(cited)} entries of the sources table"
        result[name] = {"source": text, "source_url": origins[0]["path"] if origins else ""}
    return result
