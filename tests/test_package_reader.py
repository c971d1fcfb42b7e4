"""One package reader: every command reads datapackage.json and each Table Schema once,
through sco_data._descriptor, and reports an unreadable one in the same words."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import copy_package

import sco_data
from sco_data import serve
from sco_data._descriptor import DescriptorError, read_package
from sco_data._panel import summit_list
from sco_data.diff import diff_packages
from sco_data.plot import plot

_COUNTING: list[Counter] = []  # the counter of the test now running, if any


def _count_opens(event: str, args: tuple) -> None:
    if _COUNTING and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        _COUNTING[-1][Path(os.fsdecode(args[0])).resolve()] += 1


sys.addaudithook(_count_opens)  # a hook cannot be removed; it counts only inside a test


def _opens(call: Callable[[], object]) -> Counter:
    counter: Counter = Counter()
    _COUNTING.append(counter)
    try:
        call()
    finally:
        _COUNTING.pop()
    return counter


CALLS = {
    "validate": lambda p, out: sco_data.validate(p),
    "load_all": lambda p, out: sco_data.load_all(p),
    "panel": lambda p, out: sco_data.panel(path=p),
    "export": lambda p, out: sco_data.export("sqlite", out / "sco.sqlite", path=p),
    "serve metadata": lambda p, out: serve.metadata(p),
    "members_on": lambda p, out: sco_data.members_on("2017-06-09", path=p),
    "summit list": lambda p, out: summit_list(path=p),
    "plot timeline": lambda p, out: plot("timeline", out / "t.png", path=p),
}


@pytest.mark.parametrize("name", CALLS)
def test_a_command_reads_the_descriptor_and_each_schema_once(
    package: Path, tmp_path: Path, name: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    opened = _opens(lambda: CALLS[name](package, out))
    descriptor = package.resolve()
    schemas = sorted((package.parent / "schemas").resolve().glob("*.json"))
    assert opened[descriptor] == 1, f"{name} opened datapackage.json {opened[descriptor]} times"
    assert {s.name: opened[s] for s in schemas} == {s.name: 1 for s in schemas}


def test_every_reader_names_a_broken_schema_in_the_same_words(package: Path) -> None:
    schema = package.parent / "schemas/states.json"
    schema.write_text('{"fields": [', encoding="utf-8")
    with pytest.raises(DescriptorError) as caught:
        read_package(package)
    problem = sco_data.validate(package).problems[0]
    assert (problem.file, problem.check, problem.message) == (
        caught.value.file,
        caught.value.check,
        caught.value.message,
    )
    assert problem.file == "schemas/states.json"
    assert problem.row == caught.value.line == 1
    assert problem.message.startswith("is not valid JSON")


def test_diff_reads_each_package_once(package: Path, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    other = copy_package(tmp_path / "other")
    opened = _opens(lambda: diff_packages(package, other))
    assert opened[package.resolve()] == 1
    assert opened[other.resolve()] == 1
