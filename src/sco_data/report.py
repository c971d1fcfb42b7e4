"""The validation report: one list of problems, whichever validator found them.

The JSON shape is part of the public contract (see docs/validation-report.md); add keys,
never rename or remove them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule, located as precisely as the defect allows.

    ``row`` is the line's row number in the CSV as a spreadsheet shows it (the header is
    row 1); ``row`` and ``column`` are None for problems of a whole file or table.
    """

    file: str
    row: int | None
    column: str | None
    check: str
    message: str
    table: str | None = None
    source: str = "schema"
    severity: str = "error"


@dataclass
class Report:
    package: str
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # table name -> CSV path

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict:
        return {
            "valid": self.valid,
            "package": self.package,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "tables": self.rows,
            "problems": [asdict(p) for p in self.problems],
        }


def location(p: Problem) -> str:
    """``file:row column`` as far as known, for humans and for CI annotations."""
    where = p.file
    if p.row is not None:
        where += f", row {p.row}"
    if p.column is not None:
        where += f", column {p.column!r}"
    return where


def as_text(report: Report) -> str:
    lines = []
    for p in report.problems:
        lines.append(f"{p.severity}: {location(p)}: {p.message} [{p.check}]")
    checked = ", ".join(f"{name} {n}" for name, n in report.rows.items())
    verdict = "valid" if report.valid else "INVALID"
    lines.append(
        f"{report.package}: {verdict}: {len(report.errors)} error(s), "
        f"{len(report.warnings)} warning(s); rows checked: {checked or 'none'}"
    )
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def as_junit(report: Report) -> str:
    """JUnit XML: one test case per file, failing with every problem found in it, so that
    any CI that shows test results shows where the package is broken."""
    from xml.etree import ElementTree as ET

    files = sorted({p.file for p in report.problems} | set(report.files.values()))
    suite = ET.Element(
        "testsuite",
        name="sco-data validate",
        tests=str(len(files)),
        failures=str(len({p.file for p in report.errors})),
        errors="0",
    )
    for file in files:
        case = ET.SubElement(suite, "testcase", classname="sco-data.validate", name=file)
        errors = [p for p in report.errors if p.file == file]
        if errors:
            failure = ET.SubElement(
                case, "failure", message=f"{len(errors)} problem(s)", type="invalid"
            )
            failure.text = "\n".join(f"{location(p)}: {p.message} [{p.check}]" for p in errors)
    body = ET.tostring(ET.ElementTree(suite).getroot(), encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _escape_property(value: str) -> str:
    return (
        value.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def as_github(report: Report) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its file and
    line (the CSV row number, which is the line number when no cell spans lines)."""
    lines = []
    for p in report.problems:
        props = [f"file={_escape_property(p.file)}"]
        if p.row is not None:
            props.append(f"line={p.row}")
        props.append(f"title={_escape_property(p.check)}")
        where = f"column {p.column}: " if p.column else ""
        lines.append(f"::{p.severity} {','.join(props)}::{_escape_data(where + p.message)}")
    verdict = "valid" if report.valid else "invalid"
    lines.append(f"sco-data validate: {verdict}, {len(report.errors)} error(s)")
    return "\n".join(lines) + "\n"


FORMATS = {"text": as_text, "json": as_json, "junit": as_junit, "github": as_github}
