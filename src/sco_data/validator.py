"""Validate a data package into one report of every problem, with file, row and column.

frictionless checks what only it can: that the descriptor and its Table Schemas follow the
Data Package specification. Everything row-level is done on whole columns, which is what
keeps validation fast on large tables: preflight.py checks bytes (encoding, BOM, line
endings), csvread.py the CSV structure, integrity_problems the hashes and sizes, and pandera
schemas generated from the same Table Schemas (schema.py) check types, constraints and keys
and carry the rules of rules.py. ``frictionless_problems`` runs frictionless's own row-by-row
validation; tests use it to show both validators agree on every constraint.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import rules
from .cast import cast_table, read_text
from .csvread import StructureError
from .descriptor import DescriptorError, Table, read_tables
from .locate import descriptor_path
from .preflight import descriptor_problems, file_problems
from .report import Problem, Report
from .schema import pandera_schema

# pandera's built-in check names -> the Table Schema words a user knows.
_PANDERA_CHECKS = {
    "not_nullable": "required",
    "field_uniqueness": "unique",
    "multiple_fields_uniqueness": "primaryKey",
    "column_in_dataframe": "missing-column",
    "column_in_schema": "extra-column",
    "column_ordered": "column-order",
}

# frictionless error types -> our check names, to recognise a defect both validators found.
_FRICTIONLESS_CHECKS = {
    "type-error": "type",
    "unique-error": "unique",
    "primary-key": "primaryKey",
    "foreign-key": "foreignKey",
}


def validate(path: str | Path | None = None) -> Report:
    """Validate the package at ``path`` (a datapackage.json or its folder), or the shipped one.

    Raises FileNotFoundError when there is no descriptor at ``path``: that is a usage error,
    not an invalid package. Every defect of the package itself is a Problem in the report.
    """
    descriptor = descriptor_path(path)
    if not descriptor.is_file():
        raise FileNotFoundError(f"no data package at {descriptor}")
    report = Report(package=str(descriptor))
    data, unusable = descriptor_problems(descriptor)
    if data is None:  # nothing is read from an unsafe or unreadable descriptor
        report.problems[:] = unusable
        return report
    try:
        tables = read_tables(descriptor)
    except DescriptorError as error:
        report.problems.append(Problem(error.file, None, None, "descriptor", error.message))
        return report
    except (KeyError, TypeError, AttributeError, ValueError) as error:  # malformed schema
        message = f"a resource or its Table Schema is malformed ({type(error).__name__}: {error})"
        report.problems.append(Problem("datapackage.json", None, None, "descriptor", message))
        return report
    bytes_wrong = {
        name: file_problems(descriptor.parent / t.path, t.path) for name, t in tables.items()
    }
    unreadable = {name for name, found in bytes_wrong.items() if found}
    problems = metadata_problems(descriptor)
    found, report.rows = pandera_problems(tables, descriptor.parent, skip=unreadable)
    problems += found + integrity_problems(descriptor, data)
    problems += [p for wrong in bytes_wrong.values() for p in wrong]
    report.files = {name: table.path for name, table in tables.items()}
    report.problems[:] = sorted(problems, key=_order)
    return report


def _order(p: Problem) -> tuple:
    return (p.file, p.row or 0, p.column or "", p.check, p.message)


def _frictionless_failed(what: str, error: Exception) -> Problem:
    message = f"frictionless could not check {what}: {type(error).__name__}: {error}"
    return Problem(
        "datapackage.json", None, None, "frictionless-failed", message, source="frictionless"
    )


def metadata_problems(descriptor: Path) -> list[Problem]:
    """What only frictionless can say: whether the descriptor and its Table Schemas follow
    the Data Package specification. Rows are checked by our own, vectorised checks."""
    from frictionless import Package

    try:
        result = Package.validate_descriptor(str(descriptor))
    except Exception as error:  # a frictionless failure must still end in a report
        return [_frictionless_failed("the descriptor", error)]
    return [
        Problem("datapackage.json", None, None, e.type, _shorten(e.message), source="frictionless")
        for e in result.errors
    ]


def integrity_problems(descriptor: Path, data: dict) -> list[Problem]:
    """Each resource's file against the size and hash the descriptor records."""
    problems = []
    for resource in data["resources"]:
        relative = resource["path"]
        content = (descriptor.parent / relative).read_bytes()
        for check, message in (
            ("byte-count", _bytes_mismatch(resource.get("bytes"), content)),
            ("hash-count", _hash_mismatch(resource.get("hash"), content)),
        ):
            if message:
                problems.append(
                    Problem(relative, None, None, check, message, table=resource.get("name"))
                )
    return problems


def _bytes_mismatch(expected: object, content: bytes) -> str | None:
    if expected is None:
        return None
    if not isinstance(expected, int) or isinstance(expected, bool):
        return f"datapackage.json gives its bytes as {expected!r}, not a whole number"
    if expected != len(content):
        return f"is {len(content)} bytes, but datapackage.json says {expected}{_STALE}"
    return None


def _hash_mismatch(expected: object, content: bytes) -> str | None:
    """Data Package hashes are ``algorithm:hex``; without a prefix the algorithm is MD5."""
    if expected is None:
        return None
    if not isinstance(expected, str):
        return f"datapackage.json gives its hash as {expected!r}, not text such as sha256:<hex>"
    algorithm, _, digest = expected.rpartition(":")
    algorithm = algorithm.lower() or "md5"
    if algorithm not in hashlib.algorithms_available:
        return f"datapackage.json hashes it with {algorithm!r}, which is not a known algorithm"
    actual = hashlib.new(algorithm, content).hexdigest()
    if actual != digest.lower():
        return f"has {algorithm} {actual[:12]}…, but datapackage.json says {digest[:12]}…{_STALE}"
    return None


def frictionless_problems(descriptor: Path) -> list[Problem]:
    """What frictionless finds in the package: metadata, encoding, structure, hashes, keys."""
    import frictionless

    try:
        result = frictionless.validate(str(descriptor)).to_descriptor()
    except Exception as error:  # a frictionless failure must still end in a report
        return [_frictionless_failed("the package", error)]
    problems = [
        Problem("datapackage.json", None, None, e["type"], e["message"], source="frictionless")
        for e in result.get("errors", [])
    ]
    for task in result.get("tasks", []):
        for e in task.get("errors", []):
            problems.append(
                Problem(
                    file=task.get("place", task.get("name", "?")),
                    row=e.get("rowNumber"),
                    column=e.get("fieldName") or None,
                    check=e["type"],
                    message=_shorten(e["message"]) + _HINTS.get(e["type"], ""),
                    table=task.get("name"),
                    source="frictionless",
                )
            )
    return problems


_STALE = (
    "; datapackage.json no longer matches this file: if the edit was intended, run "
    "`python scripts/update_descriptor.py`"
)
_HINTS = {"hash-count": _STALE, "byte-count": _STALE}


def _shorten(message: str, limit: int = 300) -> str:
    """frictionless quotes whole cells; a runaway quoted cell can hold the rest of a file."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def problem_kind(p: Problem) -> str:
    """The constraint or rule a problem breaks, in the same words for both validators."""
    if p.source == "frictionless":
        if p.check == "constraint-error":
            found = re.search(r'constraint "(\w+)"', p.message)
            return found.group(1) if found else p.check
        return _FRICTIONLESS_CHECKS.get(p.check, p.check)
    return p.check.split(":")[0]


def _read(table: Table, base: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The typed table and its type errors, or None (with the reasons) when its structure
    (header, cells per row) is broken and its rows cannot be trusted to line up."""
    try:
        text = read_text(str(base / table.path), table)
    except StructureError as error:
        return None, [
            Problem(table.path, p.line, None, p.kind, p.message, table=table.name)
            for p in error.problems
        ]
    if list(text.columns) != table.field_names:
        return None, [
            Problem(
                table.path,
                1,
                None,
                "header",
                f"header is {', '.join(map(str, text.columns))}; "
                f"the schema expects {', '.join(table.field_names)}",
                table=table.name,
            )
        ]
    typed, bad = cast_table(text, table)
    problems = [
        Problem(
            table.path,
            int(row),
            column,
            "type",
            f"{text.at[row, column]!r} is not a valid {table.field(column).type}"
            + (" (expected YYYY-MM-DD)" if table.field(column).type == "date" else ""),
            table=table.name,
        )
        for column, mask in bad.items()
        for row in mask[mask].index
    ]
    return typed, problems


def pandera_problems(
    tables: dict[str, Table], base: Path, skip: set[str] | frozenset[str] = frozenset()
) -> tuple[list[Problem], dict[str, int]]:
    """What our pandera schemas and rules find, and the rows checked per table. Tables in
    ``skip`` (whose bytes are already known to be wrong) are not parsed."""
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, table in tables.items():
        if name in skip:
            continue
        try:
            typed, read_problems = _read(table, base)
        except Exception as error:  # e.g. a schema naming a type we do not support
            typed, read_problems = (
                None,
                [
                    Problem(
                        table.path,
                        None,
                        None,
                        "validator-error",
                        f"could not be read as its schema says ({type(error).__name__}: {error})",
                        table=table.name,
                    )
                ],
            )
        problems.extend(read_problems)
        if typed is not None:
            frames[name] = typed
            if typed.empty:
                problems.append(
                    Problem(
                        table.path,
                        None,
                        None,
                        "no-rows",
                        "has a header but no rows",
                        table=table.name,
                    )
                )
    typed_cells = {(p.file, p.row, p.column) for p in problems}
    for name, frame in frames.items():
        table = tables[name]
        try:
            schema = pandera_schema(table, frames, extra_checks=rules.checks_for(name, frames))
            found = _run(schema, frame, table)
        except Exception as error:  # a defect we did not foresee must still end in a report
            found = [
                Problem(
                    table.path,
                    None,
                    None,
                    "validator-error",
                    f"could not be checked ({type(error).__name__}: {error}); please report this",
                    table=table.name,
                )
            ]
        problems.extend(p for p in found if (p.file, p.row, p.column) not in typed_cells)
    return problems, {name: len(frame) for name, frame in frames.items()}


def _run(schema: pa.DataFrameSchema, frame: pd.DataFrame, table: Table) -> list[Problem]:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _from_failures(errors.failure_cases, table)
    return []


def _from_failures(cases: pd.DataFrame, table: Table) -> list[Problem]:
    problems: dict[tuple, Problem] = {}
    for case in cases.itertuples(index=False):
        check = _PANDERA_CHECKS.get(str(case.check), str(case.check))
        if check.startswith("dtype("):
            check = "type"
        row = None if pd.isna(case.index) else int(case.index)
        column = _blamed_column(check, case.column, table)
        key = (row, column, check)
        if key not in problems:
            problems[key] = Problem(
                table.path, row, column, check, _message(check, case, table), table=table.name
            )
    return list(problems.values())


def _blamed_column(check: str, column: object, table: Table) -> str | None:
    """Frame-level checks report every column of a failing row; name the one at fault."""
    if check == "primaryKey":
        return ", ".join(table.primary_key)
    if check.startswith("foreignKey:"):
        return check.split(":", 1)[1].split("+")[0]
    if check in rules.RULES:
        return rules.RULES[check].column
    return None if column is None or pd.isna(column) else str(column)


def _shown(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return repr(value)


def _message(check: str, case, table: Table) -> str:
    value = _shown(case.failure_case)
    field = table.field(case.column) if case.column in table.field_names else None
    constraints = field.constraints if field else {}
    if check == "required":
        return "is empty, but a value is required"
    if check == "unique":
        return f"{value} appears in more than one row, but must be unique"
    if check == "primaryKey":
        return f"repeats the primary key ({', '.join(table.primary_key)}) of an earlier row"
    if check == "enum":
        return f"{value} is not one of: {', '.join(map(str, constraints['enum']))}"
    if check == "pattern":
        return f"{value} does not match the pattern {constraints['pattern']}"
    if check in ("minimum", "maximum", "minLength", "maxLength"):
        return f"{value} breaks the constraint {check} = {constraints[check]}"
    if check.startswith("foreignKey:"):
        fk = next(fk for fk in table.foreign_keys if "+".join(fk.fields) == check.split(":", 1)[1])
        return f"has no matching row in {fk.resource} ({', '.join(fk.reference_fields)})"
    if check in rules.RULES:
        return rules.RULES[check].message
    if check == "type":
        return f"column has the wrong type: {case.failure_case}"
    return f"{case.check}: {value}"
