"""The stages run in order on one package (see the package docstring)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from .._descriptor import DescriptorError, Table, package_from
from . import _constraints, _frictionless, _profile, _rules, _structure, _types
from ._integrity import integrity_problems
from ._preflight import descriptor_problems, file_problems
from ._report import Problem, Report, Skipped, group, order
from ._support import support

_ROW_STAGES = {"structure", "types", "constraints", "keys"}


def _descriptor_problem(file: str, check: str, message: str) -> Problem:
    return Problem(file, None, None, check, message, stage="descriptor")


def _key_problems(tables: dict[str, Table]) -> tuple[list[Problem], set[tuple[str, int]]]:
    """Keys that name no resource or no field: problems, and the foreign keys (table, index)
    that cannot be checked because of them."""
    problems = []
    broken: set[tuple[str, int]] = set()
    for name, table in tables.items():
        schema_file = (
            table.resource["schema"]
            if isinstance(table.resource.get("schema"), str)
            else "datapackage.json"
        )
        fields = set(table.field_names)
        missing_pk = [f for f in table.primary_key if f not in fields]
        if missing_pk:
            problems.append(
                _descriptor_problem(
                    schema_file,
                    "primaryKey",
                    f"{name}: primaryKey names {', '.join(missing_pk)}, which is not a field",
                )
            )
        for i, fk in enumerate(table.foreign_keys):
            target = tables.get(fk.resource)
            why = None
            if target is None:
                why = (
                    f"references resource {fk.resource!r}, which is not in datapackage.json "
                    f"(its resources: {', '.join(tables)})"
                )
            elif len(fk.fields) != len(fk.reference_fields):
                why = "has a different number of fields and reference fields"
            elif not set(fk.fields) <= fields:
                why = f"names {', '.join(set(fk.fields) - fields)}, which is not a field of {name}"
            elif not set(fk.reference_fields) <= set(target.field_names):
                missing = set(fk.reference_fields) - set(target.field_names)
                why = f"references {', '.join(missing)}, which is not a field of {fk.resource}"
            if why:
                broken.add((name, i))
                problems.append(
                    _descriptor_problem(
                        schema_file,
                        f"foreignKey:{'+'.join(fk.fields)}",
                        f"{name}: foreign key ({', '.join(fk.fields)}) {why}",
                    )
                )
    return problems, broken


def run(descriptor: Path, report: Report) -> None:
    base = descriptor.parent
    data, files, unusable = descriptor_problems(descriptor)
    if data is None:  # nothing is read from an unsafe or unreadable descriptor
        report.problems[:] = unusable
        return
    try:
        tables = package_from(descriptor, data, files).tables  # no file is read again
    except DescriptorError as error:
        report.problems.append(_descriptor_problem(error.file, "descriptor", error.message))
        return
    except (KeyError, TypeError, AttributeError, ValueError) as error:  # malformed schema
        report.problems.append(
            _descriptor_problem(
                "datapackage.json",
                "descriptor",
                f"a resource or its Table Schema is malformed ({type(error).__name__}: {error})",
            )
        )
        return
    report.files = {name: t.path for name, t in tables.items()}
    problems: list[Problem] = []
    metadata_ok = False
    try:
        fast = _profile.problems(data, {name: t.schema for name, t in tables.items()})
        problems += _frictionless.metadata_problems(descriptor) if fast is None else fast
        metadata_ok = not problems
    except Exception as error:  # frictionless's failure on a strange descriptor
        problems.append(
            Problem(
                "datapackage.json",
                None,
                None,
                "frictionless-failed",
                f"frictionless could not check the descriptor ({type(error).__name__}: "
                f"{_frictionless.shorten(str(error))}), so it cannot be called valid",
                source="frictionless",
                stage="descriptor",
            )
        )
    key_problems, broken_fks = _key_problems(tables)
    problems += key_problems
    who = support(tables)
    for name, reasons in who.unsupported.items():
        problems.append(
            Problem(
                tables[name].path,
                None,
                None,
                "unsupported",
                f"uses {', '.join(reasons)}, which sco-data does not validate; the package "
                "cannot be called valid",
                table=name,
                stage="descriptor",
            )
        )

    failed: dict[str, str] = {}
    failed_columns: dict[str, set[str]] = {}
    for name, table in tables.items():
        found = file_problems(base / table.path, table.path, name)
        if found:
            problems += found
            failed[name] = "its bytes are not a UTF-8 CSV with \\n line endings"

    frames: dict[str, pa.Table] = {}
    for name, table in tables.items():
        if name in failed or not who.exact(name):
            continue
        text, found = _structure.read(table, base)
        if text is None:
            problems += found
            failed[name] = "its structure is broken"
            continue
        typed, found = _types.cast(text, table)
        found += _constraints.field_problems(table, text, typed)
        found += _constraints.primary_key_problems(table, typed)
        if typed.num_rows == 0:
            found.append(
                Problem(
                    table.path,
                    None,
                    None,
                    "no-rows",
                    "has a header but no rows",
                    table=name,
                    stage="structure",
                )
            )
        problems += found
        frames[name] = typed
        report.rows[name] = typed.num_rows
        if found:
            kinds = sorted({p.check for p in found})
            failed[name] = f"{', '.join(kinds)} problems"
            failed_columns[name] = {
                c.strip() for p in found if p.column for c in p.column.split(",")
            } | ({"*"} if any(p.check in ("primaryKey", "no-rows") for p in found) else set())

    skipped: list[Skipped] = []
    for name, table in tables.items():
        if name not in frames:
            continue
        for i, fk in enumerate(table.foreign_keys):
            check = f"foreignKey:{'+'.join(fk.fields)} of {name}"
            if (name, i) in broken_fks:
                continue
            if fk.resource not in frames:
                skipped.append(
                    Skipped(check, f"{fk.resource}: {failed.get(fk.resource, 'not read')}")
                )
                continue
            bad_columns = failed_columns.get(fk.resource, set()) & ({"*", *fk.reference_fields})
            if bad_columns and fk.resource != name:
                skipped.append(Skipped(check, f"{fk.resource}: {failed[fk.resource]}"))
                continue
            found = _constraints.foreign_key_problems(
                table, frames[name], fk, tables[fk.resource], frames[fk.resource]
            )
            if found:
                problems += found
                failed.setdefault(name, "foreign key problems")

    rule_problems, rule_skipped, internal = _rules.run(tables, frames, failed)
    problems += rule_problems
    skipped += rule_skipped
    report.internal += internal

    handed = [
        n for n in tables if n in who.frictionless and n not in failed and n not in who.unsupported
    ]
    for name in tables:
        if name in who.frictionless and not who.unsupported.get(name):
            reasons = "; ".join(who.frictionless[name])
            skipped.append(
                Skipped(f"our checks of {name}", f"checked by frictionless instead: {reasons}")
            )
    if handed and not metadata_ok:
        skipped.append(
            Skipped(
                f"frictionless's row checks of {', '.join(handed)}", "the descriptor is invalid"
            )
        )
    elif handed:
        found, rows = _frictionless.row_problems(descriptor, handed)
        problems += found
        report.rows.update(rows)

    problems += integrity_problems(
        base, [r for r in data["resources"] if (base / r["path"]).is_file()]
    )
    report.skipped = skipped
    report.problems[:] = order(group(problems), [t.path for t in tables.values()])
