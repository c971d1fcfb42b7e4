"""The ``sco-data`` command line: a thin layer over the library functions.

pandas, pandera and frictionless are imported inside the commands that need them, so that
``sco-data --help`` and ``sco-data --version`` answer at once. Data goes to stdout; progress
and errors go to stderr. Exit codes: 0 success or valid, 1 invalid package, 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .version import data_version

    click.echo(f"sco-data {data_version()}")
    ctx.exit()


# Shared by the commands that print a table: readable on a terminal, CSV when piped.
table_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default=None,
    help="Output format [default: table on a terminal, csv when piped].",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version of the data and exit.",
)
def main() -> None:
    """The reference open dataset on the Shanghai Cooperation Organisation (SCO).

    Tables of member states and every other status, summits, founding documents and
    principles, and statistics, as a Frictionless data package.
    """


@main.command()
@click.argument("path", required=False, type=click.Path(dir_okay=True, file_okay=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit", "github"]),
    default="text",
    show_default=True,
    help="Report format: text, json (docs/validation-report.md), junit (JUnit XML) or github "
    "(workflow annotations).",
)
@click.option(
    "--max-problems",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="List at most this many problems (after grouping); the summary counts them all.",
)
def validate(path: str | None, fmt: str, max_problems: int) -> None:
    """Validate the data package at PATH.

    PATH is a datapackage.json or the folder holding one. Without PATH: ./datapackage.json
    when the current folder holds one, else the package installed with sco-data; the
    report's first line says which. Checks the descriptor, bytes, structure, types,
    constraints, keys, rules and hashes; lists root causes first, each with its file, row
    and column. Exit 0 valid, 1 invalid, 2 usage error, 3 internal error (a check failed:
    a bug in sco-data, please report it).
    """
    from ._validation import validate as run
    from ._validation._report import FORMATS, as_github

    origin = "the given path"
    if path is None and Path("datapackage.json").is_file():
        path, origin = "datapackage.json", "the datapackage.json in the current folder"
    elif path is None:
        origin = "the package installed with sco-data"
    try:
        report = run(path, max_problems=max_problems, origin=origin)
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from None
    if fmt == "github":
        click.echo(as_github(report, prefix=_repository_prefix(Path(report.package))), nl=False)
    else:
        click.echo(FORMATS[fmt](report), nl=False)
    sys.exit(report.exit_code)


def _repository_prefix(descriptor: Path) -> str:
    """The package folder relative to the repository root, with a trailing slash ("" at the
    root), so that GitHub finds annotated files. The root is GITHUB_WORKSPACE when set (the
    checkout a workflow runs in), else the enclosing git work tree, else the current folder."""
    import os

    folder = descriptor.resolve().parent
    root = os.environ.get("GITHUB_WORKSPACE")
    if root:
        top = Path(root).resolve()
    else:
        top = next(
            (p for p in (folder, *folder.parents) if (p / ".git").exists()), Path.cwd().resolve()
        )
    try:
        relative = folder.relative_to(top).as_posix()
    except ValueError:  # the package lies outside the repository: paths from the package
        return ""
    return "" if relative == "." else relative + "/"


@main.command()
@click.argument("path", required=False, type=click.Path(dir_okay=True, file_okay=True))
def refresh(path: str | None) -> None:
    """Rewrite the bytes and hash of each edited resource of the package at PATH.

    PATH is a datapackage.json or its folder (default: ./datapackage.json). Run it after an
    intended edit of a CSV; only the bytes and hash of changed resources are rewritten, the
    rest of the descriptor keeps its text. The file is replaced atomically.
    """
    from ._validation._integrity import refresh as run
    from .locate import descriptor_path

    descriptor = descriptor_path(path or ".")
    if not descriptor.is_file():
        raise click.UsageError(f"no data package at {descriptor}")
    try:
        changed = run(descriptor)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise click.ClickException(f"{descriptor}: cannot refresh: {error}") from None
    click.echo(
        f"{descriptor}: refreshed {', '.join(changed) if changed else 'nothing (all current)'}"
    )


@main.command()
def tables() -> None:
    """List the tables with their row counts and descriptions."""
    from .catalog import table_summaries

    for name, rows, description in table_summaries():
        click.echo(f"{name:<20} {rows:>7}  {description}")


@main.command()
@click.argument("table")
@table_format
def show(table: str, fmt: str | None) -> None:
    """Print TABLE: readable on a terminal, CSV when piped."""
    from .catalog import table_names
    from .render import render

    names = table_names()
    if table not in names:
        raise click.BadParameter(
            f"no table {table!r}; choose from: {', '.join(names)}", param_hint="TABLE"
        )
    fmt = fmt or ("table" if sys.stdout.isatty() else "csv")
    from .loader import load

    click.echo(render(load(table), fmt), nl=False)


@main.command()
@click.option(
    "--on",
    "day",
    default=None,
    metavar="DATE",
    help="Day to ask about, YYYY-MM-DD [default: today].",
)
@click.option(
    "--status",
    type=click.Choice(["member", "observer", "dialogue_partner", "partner"]),
    default=None,
    help="Only this status.",
)
@table_format
def members(day: str | None, status: str | None, fmt: str | None) -> None:
    """List the states that held an SCO status on a day (default: today)."""
    import datetime as dt

    try:
        when = dt.date.fromisoformat(day) if day else dt.date.today()
    except ValueError:
        raise click.BadParameter(
            f"{day!r} is not a date of the form YYYY-MM-DD", param_hint="--on"
        ) from None
    from .groups import members_on
    from .render import render

    frame = members_on(when.isoformat(), status)
    click.echo(render(frame, fmt or ("table" if sys.stdout.isatty() else "csv")), nl=False)
    click.echo(f"{len(frame)} state(s) on {when.isoformat()}", err=True)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "parquet", "xlsx", "sqlite", "zip"]),
    required=True,
    help="csv: a data package copy; json: one document; parquet: one file per table; "
    "xlsx: one sheet per table; sqlite: one database; zip: the package as one archive.",
)
@click.option(
    "--out", required=True, help="File or folder to write; '-' prints one table (csv, json)."
)
@click.option("--table", "tables", multiple=True, help="Only this table (repeatable).")
@click.option("--force", is_flag=True, help="Replace an existing output.")
def export(fmt: str, out: str, tables: tuple[str, ...], force: bool) -> None:
    """Export the package (or some tables) in another format."""
    from .export import ExportError, export_text
    from .export import export as run

    try:
        if out == "-":
            if len(tables) != 1:
                raise ExportError("--out - prints exactly one table: give one --table")
            click.echo(export_text(fmt, tables[0]), nl=False)
            return
        written = run(fmt, out, list(tables) or None, force)
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror or error}") from None
    click.echo(f"wrote {written}", err=True)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "bibtex"]),
    default="text",
    show_default=True,
    help="Citation style.",
)
def cite(fmt: str) -> None:
    """Print how to cite this version of the dataset."""
    from .cite import citation

    click.echo(citation(fmt), nl=False)


@main.command()
@click.argument("old", type=click.Path(exists=True))
@click.argument("new", type=click.Path(exists=True))
def diff(old: str, new: str) -> None:
    """Rows added, removed and changed per table between two versions of the package
    (OLD and NEW: a datapackage.json or its folder), as Markdown for CHANGELOG.md."""
    from .diff import as_markdown, diff_packages

    try:
        changes = diff_packages(old, new)
    except (OSError, ValueError, KeyError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(as_markdown(changes), nl=False)


@main.command()
@click.argument("kind", type=click.Choice(["timeline", "shares"]))
@click.option("--out", required=True, help="Image file to write (.png or .svg).")
def plot(kind: str, out: str) -> None:
    """Draw a picture of the data: timeline (statuses since 2001) or shares (of the world)."""
    from .plot import PlotError
    from .plot import plot as draw

    try:
        written = draw(kind, out)
    except PlotError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"wrote {written}", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
def serve(host: str, port: int) -> None:
    """Browse the tables in Datasette (needs the serve extra), until Ctrl-C."""
    import tempfile

    from .serve import ServeError
    from .serve import serve as run

    with tempfile.TemporaryDirectory() as folder:
        try:
            code = run(Path(folder), host, port)
        except ServeError as error:
            raise click.ClickException(str(error)) from None
    sys.exit(code)


# The state-year panel, counts per status and the summit list (sco_data._panel): each command
# is a thin layer over the library function of the same name.


@main.command()
@click.option("--from", "start", type=int, default=2001, show_default=True, help="First year.")
@click.option(
    "--to",
    "end",
    type=int,
    default=None,
    help="Last year [default: last complete year of the data].",
)
@click.option(
    "--rule",
    type=click.Choice(["dec31", "any", "days"]),
    default="dec31",
    show_default=True,
    help="dec31: status on 31 December; any: highest status held on any day of the year; "
    "days: days held per status.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "parquet"]),
    default="csv",
    show_default=True,
    help="Output format (parquet needs --out).",
)
@click.option("--out", default=None, help="File to write [default: standard output].")
def panel(start: int, end: int | None, rule: str, fmt: str, out: str | None) -> None:
    """One row per state and year with its SCO status under a rule and a COW-IGO-style code."""
    from ._panel import PanelError, frame_text, write_frame
    from ._panel import panel as make

    try:
        frame = make(start, end, rule)
        if out is None or out == "-":
            click.echo(frame_text(frame, fmt), nl=False)
        else:
            click.echo(f"wrote {write_frame(frame, fmt, out)}", err=True)
    except PanelError as error:
        raise click.UsageError(str(error)) from None


@main.command()
@click.option(
    "--rule",
    type=click.Choice(["dec31", "any"]),
    default="dec31",
    show_default=True,
    help="dec31: status on 31 December; any: highest status held during the year.",
)
@table_format
def counts(rule: str, fmt: str | None) -> None:
    """The number of states in each SCO status, per year."""
    from ._panel import counts as count
    from .render import render

    frame = count(rule)
    click.echo(render(frame, fmt or ("table" if sys.stdout.isatty() else "csv")), nl=False)


@main.command()
@click.option(
    "--body",
    type=click.Choice(["heads_of_state", "heads_of_government", "shanghai_five"]),
    default=None,
    help="Only the meetings of this body [default: all].",
)
@click.option("--from", "start", type=int, default=None, help="Only from this year on.")
@table_format
def summits(body: str | None, start: int | None, fmt: str | None) -> None:
    """List the summits: number, dates, city, host and format (CSV when piped)."""
    from ._panel import summit_list
    from .render import render

    frame = summit_list(body, start)
    click.echo(render(frame, fmt or ("table" if sys.stdout.isatty() else "csv")), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
