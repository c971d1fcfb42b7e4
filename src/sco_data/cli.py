"""The ``sco-data`` command line: a thin layer over the library functions.

pandas, pandera and frictionless are imported inside the commands that need them, so that
``sco-data --help`` and ``sco-data --version`` answer at once. Data goes to stdout; progress
and errors go to stderr. Exit codes: 0 success or valid, 1 invalid package, 2 usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from ._version import data_version

    click.echo(f"sco-data {data_version()}")
    ctx.exit()


class _Choices(click.Choice):
    """A choice whose values live in their one home (a Table Schema's enum, a module's list of
    formats) and are looked up only when a command needs them, so the CLI imports nothing
    heavy and a value added there needs no edit here."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        super().__init__(())

    @property
    def choices(self) -> Sequence[str]:
        return tuple(self._load())

    @choices.setter
    def choices(self, _value: Sequence[str]) -> None:  # click's __init__ sets it; ignored
        pass


def _enum(table: str, field: str) -> Callable[[], list[str]]:
    """The enum of ``table.field`` in the shipped package's Table Schema."""

    def load() -> list[str]:
        from ._descriptor import descriptor_path, read_tables

        return [str(v) for v in read_tables(descriptor_path())[table].field(field).enum]

    return load


def _constant(module: str, name: str) -> Callable[[], Sequence[str]]:
    """A list of values defined once in ``sco_data.<module>`` (imported when needed)."""

    def load() -> Sequence[str]:
        from importlib import import_module

        return list(getattr(import_module(f"sco_data.{module}"), name))

    return load


# Shared by the commands that print a table: readable on a terminal, CSV when piped.
table_format = click.option(
    "--format",
    "fmt",
    type=_Choices(_constant("_render", "FORMATS")),
    default=None,
    help="Output format [default: table on a terminal, csv when piped].",
)


class _Group(click.Group):
    """Lists each command with its whole first sentence (click cuts it at about 45 characters
    by default, which left descriptions ending in '...')."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class _ListsTables(click.Command):
    """A command whose help ends with the package's table names (read when help is shown,
    from the descriptor alone, so that importing the CLI stays fast)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from ._catalog import table_names

        formatter.write_paragraph()
        formatter.write_text("Tables: " + ", ".join(table_names()) + ".")
        super().format_epilog(ctx, formatter)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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
    type=_Choices(_constant("_validation._report", "FORMATS")),
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
    from ._descriptor import descriptor_path
    from ._validation._integrity import refresh as run

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
    from ._catalog import table_summaries

    for name, rows, description in table_summaries():
        click.echo(f"{name:<20} {rows:>7}  {description}")


@main.command(cls=_ListsTables)
@click.argument("table")
@table_format
def show(table: str, fmt: str | None) -> None:
    """Print TABLE: fitted to the terminal's width, or CSV (the published file) when piped."""
    from ._catalog import table_names

    names = table_names()
    if table not in names:
        raise click.BadParameter(
            f"no table {table!r}; choose from: {', '.join(names)}", param_hint="TABLE"
        )
    from ._descriptor import descriptor_path, read_tables
    from ._loader import load
    from ._render import render

    schema = read_tables(descriptor_path())[table]
    _echo_table(render(load(table), _table_format(fmt), schema))


def _table_format(fmt: str | None) -> str:
    return fmt or ("table" if sys.stdout.isatty() else "csv")


def _echo_table(text: str) -> None:
    """Print rendered output; a reader that goes away (``| head``) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        import os

        # Point stdout at /dev/null so that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


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
    type=_Choices(_enum("memberships", "status")),
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
    from ._groups import members_on
    from ._render import render

    frame = members_on(when, status)
    _echo_table(render(frame, _table_format(fmt)))
    click.echo(f"{len(frame)} state(s) on {when.isoformat()}", err=True)


@main.command(cls=_ListsTables)
@click.option(
    "--format",
    "fmt",
    type=_Choices(_constant("_export", "FORMATS")),
    required=True,
    help="csv: a data package copy (folder); json: one document; parquet: one file per table "
    "(folder); xlsx: one sheet per table; sqlite: one database; duckdb: one database with "
    "enum types and comments (needs the duckdb extra); zip: the package as one archive.",
)
@click.option(
    "--out",
    required=True,
    help="Folder (csv, parquet) or file to write; given an existing folder, the file formats "
    "write sco-data.<format> inside it. '-' prints one table (csv, json).",
)
@click.option("--table", "tables", multiple=True, help="Only this table (repeatable).")
@click.option(
    "--force",
    is_flag=True,
    help="Replace an earlier sco-data export at --out. Nothing else is ever replaced: not a "
    "file sco-data did not write, not a folder holding other files, not the current folder, "
    "its parents or your home folder (refused with exit 2).",
)
def export(fmt: str, out: str, tables: tuple[str, ...], force: bool) -> None:
    """Export the package (or some tables) in another format: csv, json, parquet, xlsx,
    sqlite, duckdb or zip."""
    from ._export import ExportError, export_text
    from ._export import export as run

    try:
        if out == "-":
            if len(tables) != 1:
                raise ExportError("--out - prints exactly one table: give one --table")
            _echo_table(export_text(fmt, tables[0]))
            return
        written = run(fmt, out, list(tables) or None, force)
    except ExportError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(error.exit_code)
    except OSError as error:
        raise click.ClickException(f"cannot write {out}: {error.strerror or error}") from None
    click.echo(f"wrote {written}", err=True)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=_Choices(_constant("cite", "STYLES")),
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
@click.option(
    "--format",
    "fmt",
    type=_Choices(_constant("diff", "FORMATS")),
    default="markdown",
    show_default=True,
    help="markdown (for CHANGELOG.md) or json.",
)
def diff(old: str, new: str, fmt: str) -> None:
    """What changed between two versions of the package: tables added and removed, and per
    table the rows added, removed and changed, by key, with the columns that changed.

    OLD and NEW are each a datapackage.json or its folder.
    """
    from .diff import FORMATS, diff_packages

    try:
        changes = diff_packages(old, new)
    except (OSError, ValueError, KeyError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(FORMATS[fmt](changes), nl=False)


@main.command()
@click.argument("kind", type=_Choices(_constant("plot", "KINDS")))
@click.option("--out", required=True, help="Image file to write: .png, .svg or .pdf.")
@click.option("--force", is_flag=True, help="Replace an existing picture of that format.")
def plot(kind: str, out: str, force: bool) -> None:
    """Draw a picture of the data: timeline (statuses since 2001) or shares (of the world)."""
    from .plot import PlotError
    from .plot import plot as draw

    try:
        written = draw(kind, out, force=force)
    except PlotError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(error.exit_code)
    click.echo(f"wrote {written}", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
def serve(host: str, port: int) -> None:
    """Browse the tables in Datasette (needs the serve extra), until Ctrl-C."""
    from .serve import ServeError, serve_until_stopped

    try:
        code = serve_until_stopped(host, port)
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
    type=_Choices(_constant("_panel", "RULES")),
    default="dec31",
    show_default=True,
    help="dec31: status on 31 December; any: highest status held on any day of the year; "
    "days: days held per status.",
)
@click.option(
    "--format",
    "fmt",
    type=_Choices(_constant("_panel", "FORMATS")),
    default="csv",
    show_default=True,
    help="Output format (parquet needs --out).",
)
@click.option("--out", default=None, help="File to write [default: standard output].")
@click.option("--force", is_flag=True, help="Replace an existing --out file.")
def panel(start: int, end: int | None, rule: str, fmt: str, out: str | None, force: bool) -> None:
    """One row per state and year with its SCO status under a rule and a COW-IGO-style code."""
    from ._panel import PanelError, frame_text, write_frame
    from ._panel import panel as make

    try:
        frame = make(start, end, rule)
        if out is None or out == "-":
            click.echo(frame_text(frame, fmt), nl=False)
        else:
            click.echo(f"wrote {write_frame(frame, fmt, out, force)}", err=True)
    except PanelError as error:
        raise click.UsageError(str(error)) from None


@main.command()
@click.option(
    "--rule",
    type=_Choices(_constant("_panel", "COUNT_RULES")),
    default="dec31",
    show_default=True,
    help="dec31: status on 31 December; any: highest status held during the year.",
)
@table_format
def counts(rule: str, fmt: str | None) -> None:
    """The number of states in each SCO status, per year."""
    from ._panel import counts as count
    from ._render import render

    frame = count(rule)
    click.echo(render(frame, fmt or ("table" if sys.stdout.isatty() else "csv")), nl=False)


@main.command()
@click.option(
    "--body",
    type=_Choices(_enum("summits", "body")),
    default=None,
    help="Only the meetings of this body [default: all].",
)
@click.option("--from", "start", type=int, default=None, help="Only from this year on.")
@table_format
def summits(body: str | None, start: int | None, fmt: str | None) -> None:
    """List the summits: number, dates, city, host and format (CSV when piped)."""
    from ._panel import summit_list
    from ._render import render

    frame = summit_list(body, start)
    click.echo(render(frame, fmt or ("table" if sys.stdout.isatty() else "csv")), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
