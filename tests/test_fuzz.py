"""Random damage to CSVs and descriptors always ends in a report, never an exception, and
never in a false "valid": a changed CSV under its recorded hash is invalid, and whatever we
call valid frictionless calls valid too."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import frictionless_problems

from sco_data import validate
from sco_data._export import export
from sco_data._validation._report import FORMATS

# A smaller package (the tables without statistics and aggregates) keeps each example fast.
SMALL = [
    "sources",
    "states",
    "summits",
    "memberships",
    "documents",
    "principles",
    "secretaries_general",
]


@pytest.fixture(scope="module")
def small_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export("csv", tmp_path_factory.mktemp("small") / "pkg", SMALL)


def _mutate_bytes(data: bytes, draw) -> bytes:
    kind = draw(
        st.sampled_from(["replace", "insert", "delete", "truncate", "dup-line", "drop-line"])
    )
    if not data:
        return draw(st.binary(max_size=20))
    at = draw(st.integers(0, len(data) - 1))
    if kind == "replace":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 1 :]
    if kind == "insert":
        chunk = draw(
            st.sampled_from(
                [b",", b'"', b"\n", b"\r\n", b"\x00", b"\xff", b"\xef\xbb\xbf", b"=1+1", b"NA"]
            )
        )
        return data[:at] + chunk + data[at:]
    if kind == "delete":
        return data[:at] + data[at + draw(st.integers(1, 40)) :]
    if kind == "truncate":
        return data[:at]
    lines = data.split(b"\n")
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "dup-line":
        return b"\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    return b"\n".join(lines[:i] + lines[i + 1 :])


def _mutate_descriptor(data: bytes, draw) -> bytes:
    descriptor = json.loads(data)
    resource = draw(st.sampled_from(descriptor["resources"]))
    key = draw(st.sampled_from(["path", "schema", "hash", "bytes", "name", "dialect", "encoding"]))
    value = draw(
        st.one_of(
            st.none(),
            st.integers(),
            st.text(max_size=12),
            st.just("../x.csv"),
            st.just("http://example.org/x.csv"),
            st.just({}),
            st.just([]),
        )
    )
    if draw(st.booleans()):
        resource[key] = value
    else:
        resource.pop(key, None)
    return json.dumps(descriptor).encode()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=bool(os.environ.get("CI")),  # CI replays the same examples; local runs explore
)
@given(data=st.data())
def test_any_damage_ends_in_a_report(small_package: Path, data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pkg"
        shutil.copytree(small_package, folder)
        descriptor = folder / "datapackage.json"
        hashed = data.draw(st.booleans())
        if not hashed:  # the content checks alone must then catch the damage
            plain = json.loads(descriptor.read_bytes())
            for resource in plain["resources"]:
                resource.pop("hash", None)
                resource.pop("bytes", None)
            descriptor.write_text(json.dumps(plain), encoding="utf-8")
        target = data.draw(st.sampled_from(["datapackage.json", *(f"data/{n}.csv" for n in SMALL)]))
        path = folder / target
        original = path.read_bytes()
        if target == "datapackage.json" and data.draw(st.booleans()):
            path.write_bytes(_mutate_descriptor(path.read_bytes(), data.draw))
        else:
            for _ in range(data.draw(st.integers(1, 3))):
                path.write_bytes(_mutate_bytes(path.read_bytes(), data.draw))
        changed = path.read_bytes() != original
        report = validate(folder)  # must not raise
        for render in FORMATS.values():
            assert isinstance(render(report), str)
        assert all(p.file for p in report.problems)
        assert report.internal == [], report.internal
        if changed and hashed and target != "datapackage.json":
            assert not report.valid, "a CSV changed under its recorded hash was called valid"
        if report.valid and changed:
            # provably still valid: the oracle finds nothing either
            assert frictionless_problems(descriptor) == [], "we called valid what is not"
