"""The validation report: problems in root-cause order, checks skipped, internal errors.

The JSON shape is part of the public contract (see docs/validation-report.md); add keys,
never rename or remove them. Every problem is an error: ``severity`` is kept in the JSON for
readers written against the first version, and is always ``"error"``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

# Stages in the order a defect propagates: a problem of an earlier stage is a root cause of
# problems of later ones, so reports list problems in this order.
STAGES = ("descriptor", "bytes", "structure", "types", "constraints", "keys", "rules", "integrity")


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule, located as precisely as the defect allows.

    ``row`` is the row number in the CSV as a spreadsheet shows it (the header is row 1);
    ``row`` and ``column`` are None for problems of a whole file or table. A problem found
    in many rows is one Problem: ``row`` is the first, ``rows`` all of them (``count`` long).
    """

    file: str
    row: int | None
    column: str | None
    check: str
    message: str
    table: str | None = None
    source: str = "schema"
    severity: str = "error"
    stage: str = "constraints"
    rows: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        return max(len(self.rows), 1)


@dataclass(frozen=True)
class Skipped:
    """A check that was not run because its inputs failed earlier checks."""

    check: str
    reason: str


@dataclass
class Report:
    package: str
    origin: str = "the package at the given path"
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # table name -> CSV path
    skipped: list[Skipped] = field(default_factory=list)
    internal: list[str] = field(default_factory=list)  # bugs in a check, never data problems
    max_problems: int | None = None

    @property
    def errors(self) -> list[Problem]:
        return list(self.problems)

    @property
    def valid(self) -> bool:
        return not self.problems and not self.internal

    @property
    def exit_code(self) -> int:
        """0 valid, 1 invalid, 3 a check failed (an internal error: please report it)."""
        if self.internal:
            return 3
        return 0 if self.valid else 1

    @property
    def shown(self) -> list[Problem]:
        """The problems a report prints: the first ``max_problems`` (all when None)."""
        return self.problems if self.max_problems is None else self.problems[: self.max_problems]

    def summary(self) -> dict[str, tuple[int, int]]:
        """Per check: (problems, rows), in report order."""
        out: dict[str, tuple[int, int]] = {}
        for p in self.problems:
            n, rows = out.get(p.check, (0, 0))
            out[p.check] = (n + 1, rows + p.count)
        return out

    def to_dict(self) -> dict:
        return {
            "valid": self.valid,
            "package": self.package,
            "origin": self.origin,
            "errors": len(self.problems),
            "warnings": 0,
            "exit_code": self.exit_code,
            "internal_errors": list(self.internal),
            "skipped": [asdict(s) for s in self.skipped],
            "tables": self.rows,
            "summary": {k: {"problems": n, "rows": r} for k, (n, r) in self.summary().items()},
            "problems": [_problem_dict(p) for p in self.shown],
            "problems_not_shown": len(self.problems) - len(self.shown),
        }


def _problem_dict(p: Problem) -> dict:
    d = asdict(p)
    d["rows"] = list(p.rows) if p.rows else ([p.row] if p.row is not None else [])
    d["count"] = p.count
    return d


def order(problems: list[Problem], files: list[str]) -> list[Problem]:
    """Root causes first: by stage, then by the file's place in the descriptor, then row."""
    rank = {f: i for i, f in enumerate(files)}

    def key(p: Problem) -> tuple:
        return (
            STAGES.index(p.stage) if p.stage in STAGES else len(STAGES),
            rank.get(p.file, -1 if p.file.endswith(".json") else len(rank)),
            p.file,
            p.row or 0,
            p.column or "",
            p.check,
            p.message,
        )

    return sorted(problems, key=key)


def group(problems: list[Problem], limit: int = 8) -> list[Problem]:
    """One problem per (file, column, check, message) found in several rows: "in 149 rows
    (2, 3, 4, ...): ..." instead of 149 lines, so that one defect gives one line."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        # frictionless's messages quote each row's number and cells: group on the check
        message = None if p.source == "frictionless" else p.message
        groups.setdefault((p.file, p.column, p.check, message, p.row is None), []).append(p)
    out = []
    for members in groups.values():
        first = members[0]
        if len(members) == 1 or first.row is None:
            out.extend(members)
            continue
        rows = tuple(sorted({r for p in members for r in (p.rows or (p.row,))}))
        shown = ", ".join(map(str, rows[:limit])) + (", …" if len(rows) > limit else "")
        message = f"in {len(rows)} rows ({shown}): {first.message}"
        if first.source == "frictionless":
            message = f"in {len(rows)} rows ({shown}), the first: {first.message}"
        out.append(replace(first, row=rows[0], rows=rows, message=message))
    return out


def location(p: Problem) -> str:
    """``file, row N, column 'c'`` as far as known, for humans and for CI annotations."""
    where = p.file
    if p.row is not None:
        where += f", row {p.row}"
    if p.column is not None:
        where += f", column {p.column!r}"
    return where


def _skipped_line(report: Report) -> str | None:
    if not report.skipped:
        return None
    by_reason: dict[str, list[str]] = {}
    for s in report.skipped:
        by_reason.setdefault(s.reason, []).append(s.check)
    parts = [f"{', '.join(checks)} ({reason})" for reason, checks in by_reason.items()]
    return f"skipped {len(report.skipped)} check(s) whose inputs failed: " + "; ".join(parts)


def _summary_lines(report: Report) -> list[str]:
    return [
        f"summary: {check}: {n} problem(s) in {rows} row(s) or file(s)"
        for check, (n, rows) in report.summary().items()
    ]


def _verdict(report: Report) -> str:
    if report.internal:
        return "INTERNAL ERROR (a check failed; exit 3; please report it)"
    return "valid" if report.valid else "INVALID"


def as_text(report: Report) -> str:
    lines = [f"Validating {report.package} ({report.origin})"]
    lines += [f"internal error: {message}" for message in report.internal]
    lines += [f"error: {location(p)}: {p.message} [{p.check}]" for p in report.shown]
    hidden = len(report.problems) - len(report.shown)
    if hidden:
        lines.append(f"... {hidden} more problem(s) not shown (--max-problems)")
    skipped = _skipped_line(report)
    if skipped:
        lines.append(skipped)
    lines += _summary_lines(report)
    checked = ", ".join(f"{name} {n}" for name, n in report.rows.items())
    lines.append(
        f"{report.package}: {_verdict(report)}: {len(report.problems)} error(s); "
        f"rows checked: {checked or 'none'}"
    )
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def as_junit(report: Report) -> str:
    """JUnit XML: one test case per file, failing with every problem found in it, so that
    any CI that shows test results shows where the package is broken. Internal errors are
    JUnit ``error`` elements (a broken test, not a failed one)."""
    from xml.etree import ElementTree as ET

    shown = report.shown
    files = list(dict.fromkeys([p.file for p in shown] + list(report.files.values())))
    suite = ET.Element(
        "testsuite",
        name=f"sco-data validate {report.package}",
        tests=str(len(files) + (1 if report.internal else 0)),
        failures=str(len({p.file for p in shown})),
        errors=str(1 if report.internal else 0),
    )
    if report.internal:
        case = ET.SubElement(suite, "testcase", classname="sco-data.validate", name="checks")
        error = ET.SubElement(case, "error", message="internal error", type="internal")
        error.text = "\n".join(report.internal)
    for file in files:
        case = ET.SubElement(suite, "testcase", classname="sco-data.validate", name=file)
        errors = [p for p in shown if p.file == file]
        if errors:
            failure = ET.SubElement(
                case, "failure", message=f"{len(errors)} problem(s)", type="invalid"
            )
            failure.text = "\n".join(f"{location(p)}: {p.message} [{p.check}]" for p in errors)
    skipped = _skipped_line(report)
    if skipped:
        ET.SubElement(suite, "system-out").text = skipped
    body = ET.tostring(suite, encoding="unicode")
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


def as_github(report: Report, prefix: str = "") -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its file and
    line (the CSV row number, which is the line number when no cell spans lines).
    ``prefix`` is the package folder relative to the repository root, where GitHub looks
    for annotated files."""
    lines = [f"Validating {report.package} ({report.origin})"]
    for message in report.internal:
        lines.append(f"::error title=internal error::{_escape_data(message)}")
    for p in report.shown:
        props = [f"file={_escape_property(prefix + p.file)}"]
        if p.row is not None:
            props.append(f"line={p.row}")
        props.append(f"title={_escape_property(p.check)}")
        where = f"column {p.column}: " if p.column else ""
        lines.append(f"::error {','.join(props)}::{_escape_data(where + p.message)}")
    skipped = _skipped_line(report)
    if skipped:
        lines.append(skipped)
    lines += _summary_lines(report)
    lines.append(f"sco-data validate: {_verdict(report)}, {len(report.problems)} problem(s)")
    return "\n".join(lines) + "\n"


FORMATS = {"text": as_text, "json": as_json, "junit": as_junit, "github": as_github}
