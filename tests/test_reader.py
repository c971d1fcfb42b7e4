"""The package reader (sco_data._descriptor): every part of sco_data gets the descriptor and
its Table Schemas from it, parsed once per file version, with one set of messages."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from conftest import ROOT

import sco_data
from sco_data._descriptor import (
    DescriptorError,
    descriptor_path,
    read_descriptor,
    read_json,
    read_tables,
)

OLD = 1_000_000_000  # a modification time long past (2001), so that the file is cached


def _age(path: Path, seconds: int = OLD) -> None:
    os.utime(path, (seconds, seconds))


def test_the_shipped_descriptor_is_parsed_once() -> None:
    first = read_descriptor(descriptor_path())
    assert read_descriptor(descriptor_path()) is first
    assert first == json.loads(descriptor_path().read_text(encoding="utf-8"))


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps({"name": "a", "resources": []}), encoding="utf-8")
    _age(path)
    assert read_descriptor(path)["name"] == "a"
    assert read_descriptor(path) is read_descriptor(path)
    path.write_text(json.dumps({"name": "b", "resources": []}), encoding="utf-8")
    _age(path, OLD + 1)  # same size, another stamp
    assert read_descriptor(path)["name"] == "b"


def test_a_file_written_just_now_is_not_cached(tmp_path: Path) -> None:
    """Two writes within one tick of a coarse file-system clock look alike by their stamp:
    a fresh file is read every time until it has settled."""
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps({"name": "a"}), encoding="utf-8")
    first = read_descriptor(path)
    assert read_descriptor(path) is not first
    assert read_descriptor(path) == first


def test_a_changed_schema_file_is_read_again(package: Path) -> None:
    schema_path = package.parent / "schemas" / "summits.json"
    for file in (package, schema_path):
        _age(file)
    before = read_tables(package)["summits"]
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"][0]["description"] = "Changed"
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    _age(schema_path, OLD + 1)
    after = read_tables(package)["summits"]
    assert before.fields[0].description != "Changed"
    assert after.fields[0].description == "Changed"


def test_unreadable_json_has_one_message_for_readers_and_validation(package: Path) -> None:
    package.write_text('{"name": "x",\n  "resources": [}', encoding="utf-8")
    try:
        read_json(package)
    except DescriptorError as error:
        expected = error
    else:
        raise AssertionError("broken JSON was read")
    assert expected.check == "json" and expected.line == 2
    assert re.fullmatch(r"is not valid JSON: .+ \(line 2, column \d+\)", expected.message)
    report = sco_data.validate(package)
    assert not report.valid
    assert [(p.file, p.row, p.check, p.message) for p in report.problems] == [
        ("datapackage.json", 2, "json", expected.message)
    ]


def test_a_missing_file_reads_the_same_everywhere(tmp_path: Path) -> None:
    missing = tmp_path / "datapackage.json"
    try:
        read_descriptor(missing)
    except DescriptorError as error:
        assert error.message == "file not found"
    else:
        raise AssertionError("a missing file was read")


def test_only_the_reader_parses_a_package_s_json() -> None:
    """JSON is parsed by the package reader; the exceptions are named and say why."""
    allowed = {
        "_descriptor.py",  # the reader
        "_integrity.py",  # refresh rewrites the descriptor's text as it is on disk
        "_export.py",  # its own marker file and the check that a file is its own export
        "_profile.py",  # the vendored JSON Schema profiles
    }
    parsing = {
        path.name
        for path in (ROOT / "src" / "sco_data").rglob("*.py")
        if re.search(r"json\.loads?\(", path.read_text(encoding="utf-8"))
    }
    assert parsing == allowed
