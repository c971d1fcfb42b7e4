"""The differential test: small packages exercising every field type, format, constraint,
dialect option, missing-value rule, key and descriptor feature of the Table Schema and Data
Package specs, valid and invalid, run through both validators. Ours may be stricter (it says
so in the message), but it must never call a package valid that ``frictionless validate``
calls invalid, and where both point at a row they must point at the same row and column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from oracle import frictionless_problems

from sco_data import validate


@dataclass(frozen=True)
class Pkg:
    name: str
    fields: list[dict[str, Any]]
    csv: str  # the data rows, header added from the fields
    schema: dict[str, Any] = field(default_factory=dict)  # extra Table Schema keys
    resource: dict[str, Any] = field(default_factory=dict)  # extra resource keys
    header: str | None = None  # the header line as written, when not the field names
    others: tuple = ()  # more resources: (name, fields, csv, schema extras)
    package: dict[str, Any] = field(default_factory=dict)
    network: bool = False  # frictionless would fetch: only ours runs
    ours_stricter: bool = False  # ours may say invalid where frictionless says valid


def F(name: str, type: str | None = "string", **kw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name}
    if type is not None:
        out["type"] = type
    out.update(kw)
    return out


def C(**constraints: Any) -> dict[str, Any]:
    return {"constraints": constraints}


def one(type_: str, value: str, **kw: Any) -> tuple[list[dict[str, Any]], str]:
    return [F("id", "integer"), F("v", type_, **kw)], f"1,{value}\n"


def cell(name: str, type_: str, value: str, stricter: bool = False, **kw: Any) -> Pkg:
    fields, csv = one(type_, value, **kw)
    return Pkg(name, fields, csv, ours_stricter=stricter)


V2 = "https://datapackage.org/profiles/2.0/datapackage.json"


def v2(case: Pkg) -> Pkg:
    """The case in a Data Package v2 package (a standard profile URL, never fetched)."""
    return Pkg(**{**case.__dict__, "name": case.name + " (v2)", "package": {"$schema": V2}})


CASES: list[Pkg] = [
    # types, default format
    cell("string", "string", "abc"),
    cell("integer ok", "integer", "-12"),
    cell("integer bad", "integer", "1.5"),
    cell("integer beyond 64 bits", "integer", "99999999999999999999", stricter=True),
    cell("number ok", "number", "1.5e3"),
    cell("number NaN", "number", "NaN"),
    cell("number bad", "number", "1,5"),
    cell("boolean ok", "boolean", "TRUE"),
    cell("boolean bad", "boolean", "yes"),
    cell("boolean trueValues", "boolean", "yes", trueValues=["yes"], falseValues=["no"]),
    cell("boolean trueValues bad", "boolean", "true", trueValues=["yes"], falseValues=["no"]),
    cell("date ok", "date", "2020-01-31"),
    cell("date beyond pandas ns", "date", "2300-01-01"),
    cell("date bad", "date", "2020/01/31"),
    cell("date impossible", "date", "2020-02-30"),
    cell("date custom format", "date", "31/01/2020", format="%d/%m/%Y"),
    cell("date custom format bad", "date", "2020-01-31", format="%d/%m/%Y"),
    cell("date any format", "date", "31 Jan 2020", format="any"),
    cell("year ok", "year", "2020"),
    cell("year five digits", "year", "20201"),
    cell("year bad", "year", "20x0"),
    cell("datetime ok", "datetime", "2020-01-31T10:00:00Z"),
    cell("datetime bad", "datetime", "yesterday"),
    cell("time ok", "time", "10:00:00"),
    cell("time bad", "time", "25:00:00"),
    cell("yearmonth ok", "yearmonth", "2020-01"),
    cell("yearmonth bad", "yearmonth", "2020-13"),
    cell("duration ok", "duration", "P1Y2M"),
    cell("duration bad", "duration", "one year"),
    cell("geopoint ok", "geopoint", '"10.0, 20.0"'),
    cell("geopoint bad", "geopoint", "here"),
    cell("object ok", "object", '"{""a"": 1}"'),
    cell("object bad", "object", "nope"),
    cell("array ok", "array", '"[1, 2]"'),
    cell("array bad", "array", "nope"),
    cell("any", "any", "whatever"),
    Pkg("no type (any)", [F("id", "integer"), F("v", None)], "1,x\n"),
    # string formats
    cell("uri ok", "string", "https://example.org/a", format="uri"),
    cell("uri bad", "string", "not a url at all", format="uri"),
    cell("email ok", "string", "someone@example.org", format="email"),
    cell("email bad", "string", "someone", format="email"),
    cell("uuid ok", "string", "1b4e28ba-2fa1-11d2-883f-0016d3cca427", format="uuid"),
    cell("uuid bad", "string", "1234", format="uuid"),
    cell("binary ok", "string", "aGVsbG8=", format="binary"),
    # number options
    cell("bareNumber false", "integer", "$12", bareNumber=False),
    cell("bareNumber false number", "number", "12.5%", bareNumber=False),
    cell("decimalChar", "number", '"1,5"', decimalChar=","),
    cell("groupChar", "number", '"1,000.5"', groupChar=","),
    cell("groupChar bad", "number", "abc", groupChar=","),
    cell("floatNumber", "number", "1.5", floatNumber=True),
    # constraints, valid and broken
    cell("required ok", "string", "a", **C(required=True)),
    cell("required bad", "string", "", **C(required=True)),
    Pkg("unique bad", [F("id", "integer"), F("v", **C(unique=True))], "1,a\n2,a\n"),
    Pkg(
        "unique number bad",
        [F("id", "integer"), F("v", "number", **C(unique=True))],
        "1,1.0\n2,1\n",
    ),
    cell("enum ok", "string", "b", **C(enum=["a", "b"])),
    cell("enum bad", "string", "c", **C(enum=["a", "b"])),
    cell("enum integer bad", "integer", "3", **C(enum=[1, 2])),
    cell("enum integer ok", "integer", "2", **C(enum=[1, 2])),
    cell("enum date ok", "date", "2020-01-01", **C(enum=["2020-01-01"])),
    cell("enum date bad", "date", "2020-01-02", **C(enum=["2020-01-01"])),
    cell("enum number bad", "number", "0.30000000000000004", **C(enum=[0.3])),
    cell("pattern ok", "string", "AB1", **C(pattern="[A-Z]+[0-9]")),
    cell("pattern bad", "string", "ab1", **C(pattern="[A-Z]+[0-9]")),
    cell("pattern alternation", "string", "axx", stricter=True, **C(pattern="a|b")),
    cell("minLength bad", "string", "ab", **C(minLength=3)),
    cell("maxLength bad", "string", "abcd", **C(maxLength=3)),
    cell("maxLength unicode ok", "string", "ééé", **C(maxLength=3)),
    cell("minimum integer bad", "integer", "4", **C(minimum=5)),
    cell("minimum integer ok", "integer", "5", **C(minimum=5)),
    cell("maximum number bad", "number", "5.5", **C(maximum=5)),
    cell("maximum number tie beyond float", "number", "0.10000000000000001", **C(maximum=0.1)),
    cell("minimum NaN", "number", "NaN", **C(minimum=0)),
    cell("minimum nan lower case", "number", "nan", **C(minimum=0)),
    cell("maximum -nan", "number", "-nan", **C(maximum=0)),
    cell("maximum inf", "number", "inf", **C(maximum=10)),
    cell("number Infinity", "number", "Infinity"),
    cell("number 1e999 under a maximum", "number", "1e999", **C(maximum=1)),
    cell("number with a space", "number", " 1", stricter=True),
    cell("number with an underscore", "number", "1_000", stricter=True),
    cell("integer with a plus", "integer", "+7", **C(maximum=6)),
    cell("year with a plus", "year", "+123", stricter=True),
    cell("exclusiveMinimum under v1", "integer", "6", **C(exclusiveMinimum=5)),
    v2(cell("exclusiveMinimum bad", "integer", "5", **C(exclusiveMinimum=5))),
    v2(cell("exclusiveMinimum ok", "integer", "6", **C(exclusiveMinimum=5))),
    v2(cell("exclusiveMaximum bad", "number", "5", **C(exclusiveMaximum=5))),
    v2(cell("exclusiveMaximum ok", "number", "4.9", **C(exclusiveMaximum=5))),
    v2(cell("exclusiveMinimum date bad", "date", "2000-01-01", **C(exclusiveMinimum="2000-01-01"))),
    cell("minimum date bad", "date", "1999-12-31", **C(minimum="2000-01-01")),
    cell("maximum date ok", "date", "1999-12-31", **C(maximum="2000-01-01")),
    cell("maximum year bad", "year", "2031", **C(maximum=2030)),
    cell("constraint on a type error", "integer", "x", **C(minimum=5)),
    # missing values
    Pkg(
        "missingValues NA",
        [F("id", "integer"), F("v", **C(required=True))],
        "1,NA\n",
        schema={"missingValues": ["NA"]},
    ),
    Pkg(
        "missingValues keeps empty string",
        [F("id", "integer"), F("v", **C(required=True))],
        "1,\n",
        schema={"missingValues": ["NA"]},
    ),
    Pkg(
        "missingValues none",
        [F("id", "integer"), F("v", "integer")],
        "1,\n",
        schema={"missingValues": []},
    ),
    Pkg(
        "field missingValues", [F("id", "integer"), F("v", "integer", missingValues=["-"])], "1,-\n"
    ),
    Pkg(
        "field missingValues bad",
        [F("id", "integer"), F("v", "integer", missingValues=["-"])],
        "1,?\n",
    ),
    # dialect
    Pkg(
        "delimiter ;",
        [F("id", "integer"), F("v", "number")],
        "1;2.5\n",
        header="id;v",
        resource={"dialect": {"delimiter": ";"}},
    ),
    Pkg(
        "delimiter ; bad",
        [F("id", "integer"), F("v", "number")],
        "1;x\n",
        header="id;v",
        resource={"dialect": {"delimiter": ";"}},
    ),
    Pkg(
        "quoteChar",
        [F("id", "integer"), F("v")],
        "1,'a,b'\n",
        resource={"dialect": {"quoteChar": "'"}},
    ),
    Pkg(
        "skipInitialSpace",
        [F("id", "integer"), F("v", "integer")],
        "1, 2\n",
        resource={"dialect": {"skipInitialSpace": True}},
    ),
    Pkg(
        "header false",
        [F("id", "integer"), F("v", "integer")],
        "1,2\n",
        header="3,4",
        resource={"dialect": {"header": False}},
    ),
    Pkg(
        "commentChar",
        [F("id", "integer"), F("v", "integer")],
        "# note\n1,2\n",
        resource={"dialect": {"commentChar": "#"}},
    ),
    Pkg(
        "default dialect spelled out",
        [F("id", "integer"), F("v")],
        "1,a\n",
        resource={
            "dialect": {
                "delimiter": ",",
                "doubleQuote": True,
                "lineTerminator": "\n",
                "header": True,
            }
        },
    ),
    # structure
    Pkg("extra cell", [F("id", "integer"), F("v")], "1,a,b\n"),
    Pkg("missing cell", [F("id", "integer"), F("v")], "1\n"),
    Pkg("blank row", [F("id", "integer"), F("v")], "1,a\n,\n2,b\n"),
    Pkg("header differs", [F("id", "integer"), F("v")], "1,a\n", header="id,w"),
    Pkg("header reordered", [F("id", "integer"), F("v")], "1,a\n", header="v,id"),
    Pkg("duplicate header", [F("id", "integer"), F("v")], "1,a\n", header="id,id"),
    # keys
    Pkg(
        "primary key bad", [F("id", "integer"), F("v")], "1,a\n1,b\n", schema={"primaryKey": ["id"]}
    ),
    Pkg(
        "composite primary key bad",
        [F("id", "integer"), F("v")],
        "1,a\n1,a\n2,a\n",
        schema={"primaryKey": ["id", "v"]},
    ),
    Pkg(
        "composite primary key ok",
        [F("id", "integer"), F("v")],
        "1,a\n1,b\n",
        schema={"primaryKey": ["id", "v"]},
    ),
    Pkg(
        "primary key all empty",
        [F("id", "integer"), F("v")],
        "1,a\n,\n",
        schema={"primaryKey": ["v"]},
    ),
    Pkg(
        "foreign key bad",
        [F("id", "integer"), F("code")],
        "1,AA\n2,ZZ\n",
        schema={
            "foreignKeys": [
                {"fields": ["code"], "reference": {"resource": "codes", "fields": ["code"]}}
            ]
        },
        others=(("codes", [F("code")], "AA\nBB\n", {"primaryKey": ["code"]}),),
    ),
    Pkg(
        "foreign key ok with empty",
        [F("id", "integer"), F("code")],
        "1,AA\n2,\n",
        schema={
            "foreignKeys": [
                {"fields": ["code"], "reference": {"resource": "codes", "fields": ["code"]}}
            ]
        },
        others=(("codes", [F("code")], "AA\nBB\n", {"primaryKey": ["code"]}),),
    ),
    Pkg(
        "composite foreign key partly empty",
        [F("id", "integer"), F("a"), F("b")],
        "1,x,\n",
        schema={
            "foreignKeys": [
                {"fields": ["a", "b"], "reference": {"resource": "pairs", "fields": ["a", "b"]}}
            ]
        },
        others=(("pairs", [F("a"), F("b")], "x,y\n", {}),),
    ),
    Pkg(
        "self-referencing foreign key bad",
        [F("id", "integer"), F("parent", "integer")],
        "1,\n2,1\n3,9\n",
        schema={
            "primaryKey": ["id"],
            "foreignKeys": [
                {"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}}
            ],
        },
    ),
    Pkg(
        "foreign key to a resource not in the package",
        [F("id", "integer"), F("code")],
        "1,AA\n",
        schema={
            "foreignKeys": [
                {"fields": ["code"], "reference": {"resource": "nowhere", "fields": ["code"]}}
            ]
        },
    ),
    Pkg(
        "foreign key across types",
        [F("id", "integer"), F("code", "integer")],
        "1,1\n",
        schema={
            "foreignKeys": [
                {"fields": ["code"], "reference": {"resource": "codes", "fields": ["code"]}}
            ]
        },
        others=(("codes", [F("code")], "01\n", {}),),
    ),
    Pkg(
        "foreign key into a table frictionless checks",
        [F("id", "integer"), F("code")],
        "1,AA\n2,CC\n",
        schema={
            "foreignKeys": [
                {"fields": ["code"], "reference": {"resource": "codes", "fields": ["code"]}}
            ]
        },
        others=(("codes", [F("code", "string", format="email")], "AA\nBB\n", {}),),
    ),
    # descriptor features
    Pkg(
        "encoding latin-1", [F("id", "integer"), F("v")], "1,a\n", resource={"encoding": "latin-1"}
    ),
    Pkg(
        "uniqueKeys",
        [F("id", "integer"), F("v")],
        "1,a\n2,a\n",
        schema={"uniqueKeys": [["v"]]},
        ours_stricter=True,
    ),
    Pkg("categories", [F("id", "integer"), F("v", categories=["a"])], "1,b\n", ours_stricter=True),
    Pkg(
        "fieldsMatch subset",
        [F("id", "integer"), F("v"), F("w")],
        "1,a\n",
        header="id,v",
        schema={"fieldsMatch": "subset"},
    ),
    Pkg("resource rows wrong", [F("id", "integer"), F("v")], "1,a\n2,b\n", resource={"rows": 5}),
    Pkg("resource rows right", [F("id", "integer"), F("v")], "1,a\n2,b\n", resource={"rows": 2}),
    Pkg(
        "constraint not for the type",
        [F("id", "integer"), F("v", "integer", **C(pattern="[0-9]"))],
        "1,5\n",
    ),
    Pkg(
        "profile URL",
        [F("id", "integer"), F("v")],
        "1,a\n",
        package={"profile": "https://example.org/p.json"},
        network=True,
    ),
    Pkg(
        "$schema URL",
        [F("id", "integer"), F("v")],
        "1,a\n",
        package={"$schema": "https://example.org/p.json"},
        network=True,
    ),
    Pkg(
        "schema URL",
        [F("id", "integer"), F("v")],
        "1,a\n",
        resource={"schema": "https://example.org/s.json"},
        network=True,
    ),
    Pkg(
        "dialect URL",
        [F("id", "integer"), F("v")],
        "1,a\n",
        resource={"dialect": "https://example.org/d.json"},
        network=True,
    ),
    Pkg(
        "inline data",
        [F("id", "integer"), F("v")],
        "1,a\n",
        resource={"data": [["id", "v"], [1, "a"]]},
    ),
]


def _write(folder: Path, case: Pkg) -> Path:
    def resource(
        name: str, fields, csv: str, schema: dict, header: str | None, extra: dict
    ) -> dict:
        path = folder / f"{name}.csv"
        head = header if header is not None else ",".join(f["name"] for f in fields)
        path.write_text(head + "\n" + csv, encoding="utf-8", newline="")
        out = {
            "name": name,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "schema": {"fields": fields, **schema},
        }
        out.update(extra)
        return out

    resources = [resource("main", case.fields, case.csv, case.schema, case.header, case.resource)]
    for name, fields, csv, schema in case.others:
        resources.append(resource(name, fields, csv, schema, None, {}))
    descriptor = {
        "name": "case",
        "profile": "tabular-data-package",
        "resources": resources,
        **case.package,
    }
    path = folder / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return path


def _rows(problems) -> set[tuple[str, int, str | None]]:
    return {(p.file, r, p.column) for p in problems for r in (p.rows or (p.row,)) if r is not None}


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither validator may reach for the network on any case."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("a validator tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_never_valid_where_frictionless_is_not(tmp_path: Path, case: Pkg) -> None:
    descriptor = _write(tmp_path, case)
    ours = validate(descriptor)
    assert ours.internal == [], ours.internal
    if case.network:  # refused before any library could fetch it
        assert any(p.check == "remote-path" for p in ours.problems), ours.problems
        return
    theirs = frictionless_problems(descriptor)
    if theirs:
        assert not ours.valid, f"frictionless found {theirs}, we found nothing"
    elif not ours.valid:
        # stricter than frictionless only where this corpus says so, or where we say why
        assert case.ours_stricter or all(
            p.check in ("unsupported", "type") and ("sco-data" in p.message) for p in ours.problems
        ), ours.problems
    located = [p for p in theirs if p.row is not None]
    mine = _rows(ours.problems)
    if located and any(r[0] == located[0].file for r in mine):
        first = located[0]
        if first.check == "primary-key" or first.column is None:
            assert (first.file, first.row) in {(f, r) for f, r, _ in mine}, (theirs, ours.problems)
        else:
            assert (first.file, first.row, first.column) in mine, (theirs, ours.problems)


def test_the_corpus_covers_every_type_and_constraint_of_the_spec() -> None:
    from frictionless import Field as FrictionlessField
    from frictionless import system

    used_types = {f.get("type", "any") for c in CASES for f in c.fields}
    used_constraints = {k for c in CASES for f in c.fields for k in f.get("constraints", {})}
    spec_types = (
        {cls.type for cls in system.get_field_classes().values()}
        if hasattr(system, "get_field_classes")
        else set()
    )
    spec_constraints = set(
        FrictionlessField.metadata_profile["properties"]["constraints"]["properties"]
    )
    assert spec_constraints <= used_constraints
    assert spec_types - {"list", "geojson"} <= used_types | {"any"}
