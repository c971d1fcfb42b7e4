"""frictionless as the test oracle: what ``frictionless validate`` finds in a package, as our
Problems, and the constraint or key a problem breaks in the same words for both validators."""

from __future__ import annotations

import re
from pathlib import Path

from sco_data._validation._frictionless import map_error, shorten
from sco_data._validation._report import Problem

_KINDS = {
    "type-error": "type",
    "unique-error": "unique",
    "primary-key": "primaryKey",
    "foreign-key": "foreignKey",
}


def frictionless_problems(descriptor: Path, resource: str | None = None) -> list[Problem]:
    """Every error ``frictionless validate`` reports for the package (or for one of its
    resources, with the package around it so that foreign keys resolve), row errors located."""
    import frictionless

    if resource is None:
        result = frictionless.validate(str(descriptor)).to_descriptor()
    else:
        package = frictionless.Package(str(descriptor))
        result = package.get_resource(resource).validate().to_descriptor()
    problems = [
        Problem(
            "datapackage.json", None, None, e["type"], shorten(e["message"]), source="frictionless"
        )
        for e in result.get("errors", [])
    ]
    for task in result.get("tasks", []):
        file = task.get("place", task.get("name", "?"))
        for e in task.get("errors", []):
            p = Problem(
                file,
                e.get("rowNumber"),
                e.get("fieldName") or (", ".join(e.get("fieldNames") or []) or None),
                e["type"],
                shorten(e["message"]),
                table=task.get("name"),
                source="frictionless",
            )
            problems.append(p)
    return problems


def problem_kind(p: Problem) -> str:
    """The constraint or key a problem breaks, in the same words for both validators."""
    if p.source == "frictionless":
        if p.check == "constraint-error":
            found = re.search(r'constraint "(\w+)"', p.message)
            return found.group(1) if found else p.check
        return _KINDS.get(p.check, p.check)
    return p.check.split(":")[0]


__all__ = ["frictionless_problems", "map_error", "problem_kind"]
