"""The descriptor check made without frictionless gives frictionless's verdict.

sco_data._validation._profile checks descriptors that use the features it knows against
frictionless's own profiles (vendored); here both judge the shipped descriptor and many
damaged copies of it, and must agree whenever ours claims the descriptor (returns a list).
"""

from __future__ import annotations

import copy
import json
import sys

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sco_data._descriptor import read_tables
from sco_data._validation import _profile

sys.path.insert(0, str(ROOT / "scripts"))

DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
# Three resources keep each frictionless check quick; they use every feature the others do.
SMALL = {**DESCRIPTOR, "resources": DESCRIPTOR["resources"][:3]}
SCHEMAS = {name: t.schema for name, t in read_tables(ROOT / "datapackage.json").items()}


def test_the_vendored_profiles_are_frictionless_s() -> None:
    """Regenerate with scripts/build_profiles.py when frictionless changes its profiles."""
    import build_profiles

    vendored = json.loads(build_profiles.TARGET.read_text(encoding="utf-8"))
    current = json.loads(build_profiles.text())
    vendored.pop("frictionless"), current.pop("frictionless")
    assert vendored == current


def frictionless_verdict(descriptor: dict) -> bool:
    """Whether frictionless finds the descriptor (schemas inline) valid."""
    from frictionless import Package

    try:
        return Package.validate_descriptor(copy.deepcopy(descriptor)).valid
    except Exception:  # frictionless fails on it: not valid either
        return False


def inline(descriptor: dict, schemas: dict) -> dict:
    out = copy.deepcopy(descriptor)
    for resource in out["resources"]:
        resource["schema"] = copy.deepcopy(schemas[resource["name"]])
    return out


def ours(descriptor: dict) -> bool | None:
    schemas = {
        r["name"]: r["schema"]
        for r in descriptor["resources"]
        if isinstance(r, dict)
        and isinstance(r.get("name"), str)
        and isinstance(r.get("schema"), dict)
    }
    found = _profile.problems(descriptor, schemas)
    return None if found is None else not found


def test_the_shipped_descriptor_is_checked_without_frictionless() -> None:
    assert _profile.problems(DESCRIPTOR, SCHEMAS) == []
    assert frictionless_verdict(inline(DESCRIPTOR, SCHEMAS))


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.sampled_from(["", "x", "Bad Name", "a-b", "2026-13-01T00:00:00Z", "2026-01-01T00:00:00Z"]),
    st.sampled_from(["string", "integer", "number", "date", "year", "boolean", "datetime"]),
    st.sampled_from(["data-package", "tabular-data-package", "data-resource", "fiscal"]),
    st.just([]),
    st.just({}),
    st.just(["x"]),
    st.just([{"name": "x"}]),
    st.just([{"title": "no name or path"}]),
)
KEYS = {
    "package": [
        "name",
        "title",
        "profile",
        "created",
        "licenses",
        "keywords",
        "version",
        "resources",
    ],
    "resource": [
        "name",
        "path",
        "profile",
        "title",
        "format",
        "encoding",
        "bytes",
        "hash",
        "dialect",
        "schema",
        "licenses",
    ],
    "schema": ["fields", "primaryKey", "foreignKeys", "missingValues", "title"],
    "field": ["name", "type", "title", "format", "constraints"],
    "constraints": [
        "required",
        "unique",
        "minimum",
        "maximum",
        "pattern",
        "enum",
        "minLength",
        "exclusiveMinimum",
    ],
}


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(data=st.data())
def test_ours_agrees_with_frictionless_on_damaged_descriptors(data) -> None:
    descriptor = inline(SMALL, SCHEMAS)
    for _ in range(data.draw(st.integers(1, 3))):
        level = data.draw(st.sampled_from(list(KEYS)))
        resource = data.draw(st.sampled_from(descriptor["resources"]))
        target = descriptor if level == "package" else resource
        if level in ("schema", "field", "constraints"):
            target = resource.get("schema")
        if level in ("field", "constraints"):
            fields = target.get("fields") if isinstance(target, dict) else None
            target = (
                data.draw(st.sampled_from(fields)) if isinstance(fields, list) and fields else None
            )
        if level == "constraints" and isinstance(target, dict):
            target = target.setdefault("constraints", {})
        if not isinstance(target, dict):
            continue
        key = data.draw(st.sampled_from(KEYS[level]))
        if level == "package" and key == "resources":
            continue
        if data.draw(st.booleans()) and key in target:
            del target[key]
        else:
            target[key] = data.draw(VALUES)
    mine = ours(descriptor) if isinstance(descriptor.get("resources"), list) else None
    if mine is not None:
        assert mine == frictionless_verdict(descriptor), json.dumps(descriptor)[:2000]


def _set(path: list, value) -> object:
    def change(d: dict) -> None:
        target = d
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value

    return change


R0, F1 = ["resources", 0], ["resources", 0, "schema", "fields", 1]
# One change per rule the module makes in Python (beside the profiles).
CURATED = {
    "package name not v1": _set(["name"], "Bad Name"),
    "resource name not v1": _set([*R0, "name"], "Bad Name"),
    "created not a datetime": _set(["created"], "2026-13-01T00:00:00Z"),
    "created not ISO": _set(["created"], "yesterday"),
    "licence without name or path": _set(["licenses"], [{"title": "x"}]),
    "resource licence without name or path": _set([*R0, "licenses"], [{"title": "x"}]),
    "resource not tabular in a tabular package": _set([*R0, "profile"], "data-resource"),
    "tabular resource without schema": _set([*R0, "schema"], KeyError),
    "duplicate resource names": _set(["resources", 1, "name"], "sources"),
    "duplicate field names": _set([*F1, "name"], "source_id"),
    "primary key not a field": _set([*R0, "schema", "primaryKey"], ["nothing"]),
    "primary key as one string": _set([*R0, "schema", "primaryKey"], "source_id"),
    "constraint the type lacks": _set([*F1, "constraints"], {"minimum": 1}),
    "exclusive bound under v1": _set(
        ["resources", 2, "schema", "fields", 2, "constraints"], {"exclusiveMinimum": 0}
    ),
    "unknown field type": _set([*F1, "type"], "colour"),
    "field type not a string": _set([*F1, "type"], 5),
    "title not a string": _set([*F1, "title"], 5),
    "keywords not strings": _set(["keywords"], [1]),
    "bytes not an integer": _set([*R0, "bytes"], "many"),
    "bytes zero": _set([*R0, "bytes"], 0),
    "dialect option of the wrong type": _set([*R0, "dialect", "header"], "yes"),
    "unknown dialect option": _set([*R0, "dialect", "colour"], "red"),
    "missing values not strings": _set([*R0, "schema", "missingValues"], [1]),
    "foreign key field count": _set(
        ["resources", 1, "schema", "foreignKeys", 0, "reference", "fields"], ["a", "b"]
    ),
}


@pytest.mark.parametrize("name", list(CURATED))
def test_ours_agrees_with_frictionless_on_each_rule(name: str) -> None:
    descriptor = inline(SMALL, SCHEMAS)
    CURATED[name](descriptor)
    mine = ours(descriptor)
    if mine is not None:
        assert mine == frictionless_verdict(descriptor)
