"""R users read the published CSVs with the generated readr column specs (docs/read_sco_data.R).

CI installs R and readr from the system's package manager (.ci/run), so a change that breaks R
readers fails CI; elsewhere the test is skipped when Rscript is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from conftest import ROOT

import sco_data

# What readr's class() gives for each Table Schema type (enums are factors).
_R_CLASS = {
    "string": "character",
    "integer": "integer",
    "number": "numeric",
    "boolean": "logical",
    "date": "Date",
    "year": "integer",
}

_DRIVER = r"""
source(file.path(Sys.getenv("SCO_ROOT"), "docs", "read_sco_data.R"))
tables <- read_sco_data(Sys.getenv("SCO_ROOT"))
out <- lapply(tables, function(t) list(
  rows = nrow(t),
  problems = nrow(problems(t)),
  classes = lapply(t, function(col) class(col)[1]),
  missing = lapply(t, function(col) sum(is.na(col)))
))
cat(paste0("{", paste(sprintf('"%s": %s', names(out), sapply(out, function(o) {
  classes <- paste(sprintf('"%s": "%s"', names(o$classes), unlist(o$classes)), collapse = ", ")
  missing <- paste(sprintf('"%s": %d', names(o$missing), unlist(o$missing)), collapse = ", ")
  sprintf('{"rows": %d, "problems": %d, "classes": {%s}, "missing": {%s}}',
          o$rows, o$problems, classes, missing)
})), collapse = ", "), "}"))
"""


@pytest.fixture(scope="module")
def r_summary() -> dict:
    if shutil.which("Rscript") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install R (r-base-core, r-cran-readr): see .ci/run")
        pytest.skip("Rscript is not installed")
    run = subprocess.run(
        ["Rscript", "--vanilla", "-e", _DRIVER],
        capture_output=True,
        text=True,
        env={**os.environ, "SCO_ROOT": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_r_reads_every_table_without_a_parsing_problem(r_summary: dict) -> None:
    frames = sco_data.load_all(ROOT)
    assert set(r_summary) == set(frames)
    for name, frame in frames.items():
        assert r_summary[name]["problems"] == 0, name
        assert r_summary[name]["rows"] == len(frame), name


def test_r_column_types_follow_the_table_schemas(r_summary: dict) -> None:
    from sco_data._descriptor import read_tables

    for name, table in read_tables(ROOT / "datapackage.json").items():
        for field in table.fields:
            expected = "factor" if field.constraints.get("enum") else _R_CLASS[field.type]
            assert r_summary[name]["classes"][field.name] == expected, (name, field.name)


def test_r_sees_the_same_missing_cells_as_pandas(r_summary: dict) -> None:
    # Only an empty cell is missing: "NA" and "null" stay text in R as they do in pandas.
    for name, frame in sco_data.load_all(ROOT).items():
        for column in frame.columns:
            assert r_summary[name]["missing"][column] == int(frame[column].isna().sum()), (
                name,
                column,
            )
