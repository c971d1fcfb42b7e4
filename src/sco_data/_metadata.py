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

CROISSANT_VERSION = "http://mlcommons.org/croissant/1.0"

# Table Schema type -> Croissant (schema.org) data type. ``format: uri`` strings are URLs.
_DATA_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "datetime": "sc:DateTime",
    "year": "sc:Integer",
}

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


def _read(root: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The descriptor and each resource's Table Schema, keyed by resource name."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        if isinstance(schema, str):
            schema = json.loads((root / schema).read_text(encoding="utf-8"))
        schemas[resource["name"]] = schema
    return descriptor, schemas


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


def _field(table: str, field: dict[str, Any], foreign: dict[str, str]) -> dict[str, Any]:
    data_type = _DATA_TYPES[field["type"]]
    if field["type"] == "string" and field.get("format") == "uri":
        data_type = "sc:URL"
    entry: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table}/{field['name']}",
        "name": field["name"],
        "description": field.get("description", field.get("title", "")),
        "dataType": data_type,
        "source": {
            "fileObject": {"@id": f"{table}.csv"},
            "extract": {"column": field["name"]},
        },
    }
    if field["name"] in foreign:
        entry["references"] = {"field": {"@id": foreign[field["name"]]}}
    return entry


def _record_set(table: str, resource: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    foreign = {}
    for fk in schema.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        targets = fk["reference"]["fields"]
        targets = targets if isinstance(targets, list) else [targets]
        target_table = fk["reference"].get("resource") or table
        for field, target in zip(fields, targets, strict=True):
            foreign[field] = f"{target_table}/{target}"
    key = schema.get("primaryKey", [])
    key = key if isinstance(key, list) else [key]
    return {
        "@type": "cr:RecordSet",
        "@id": table,
        "name": table,
        "description": resource.get("description", ""),
        "key": [{"@id": f"{table}/{name}"} for name in key],
        "field": [_field(table, field, foreign) for field in schema["fields"]],
    }


def croissant(root: Path) -> dict[str, Any]:
    """The Croissant 1.0 description of the package at ``root``: one file object and one
    record set per table, with field types, primary keys and foreign-key references."""
    descriptor, schemas = _read(root)
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
        "recordSet": [_record_set(r["name"], r, schemas[r["name"]]) for r in resources],
    }


def write_json(data: dict[str, Any]) -> str:
    """The exact text written to disk, so that the staleness test compares bytes."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# Table Schema type -> readr column spec. Enums become factors with the schema's levels.
_READR_TYPES = {
    "string": "col_character()",
    "integer": "col_integer()",
    "number": "col_double()",
    "boolean": "col_logical()",
    "date": 'col_date(format = "%Y-%m-%d")',
    "datetime": "col_datetime()",
    "year": "col_integer()",
}


def _r_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _readr_column(field: dict[str, Any]) -> str:
    enum = field.get("constraints", {}).get("enum")
    if enum and field["type"] == "string":
        levels = ", ".join(_r_string(v) for v in enum)
        return f"col_factor(levels = c({levels}))"
    return _READR_TYPES[field["type"]]


def readr_script(root: Path) -> str:
    """An R script that reads every table with readr and the column types of its Table Schema.

    ``na = ""`` because only an empty cell is missing in this package: "NA" is a valid value
    (Namibia's alpha-2 code) and must stay text.
    """
    descriptor, schemas = _read(root)
    lines = [
        "# Read the sco-data tables in R with the types of their Table Schemas.",
        "# Generated from datapackage.json by scripts/build_docs.py; do not edit by hand.",
        "# Usage: source('docs/read_sco_data.R'); tables <- read_sco_data('.')",
        "library(readr)",
        "",
        "sco_data_col_types <- list(",
    ]
    specs = []
    for resource in descriptor["resources"]:
        columns = ",\n".join(
            f"    {field['name']} = {_readr_column(field)}"
            for field in schemas[resource["name"]]["fields"]
        )
        specs.append(f"  {resource['name']} = cols(\n{columns}\n  )")
    lines.append(",\n".join(specs))
    lines += [
        ")",
        "",
        "sco_data_paths <- c(",
        ",\n".join(f"  {r['name']} = {_r_string(r['path'])}" for r in descriptor["resources"]),
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


def _cited(root: Path, table: str, schema: dict[str, Any]) -> set[str]:
    """The source ids that the rows of ``table`` cite in their ``*source_id`` columns."""
    import csv

    columns = [
        f["name"]
        for f in schema["fields"]
        if f["name"] == "source_id" or f["name"].endswith("_source_id")
    ]
    if not columns or table == "sources":
        return set()
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return {row[c] for row in csv.DictReader(f) for c in columns if row[c]}


def table_sources(root: Path) -> dict[str, dict[str, str]]:
    """For each table, where its rows come from: the resource's own ``sources`` in the
    descriptor, and how many entries of the sources table its rows cite. Datasette shows this
    as each table's "Data source"."""
    descriptor, schemas = _read(root)
    result = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        origins = resource.get("sources", [])
        text = "; ".join(s["title"] for s in origins)
        cited = _cited(root, name, schemas[name])
        if cited:
            text += f". Its rows cite {len(cited)} entries of the sources table"
        result[name] = {"source": text, "source_url": origins[0]["path"] if origins else ""}
    return result
