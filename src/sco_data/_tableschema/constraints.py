"""The constraint table: one entry per Table Schema constraint kind.

Each entry says everything sco-data does with the kind: which types it applies to, which of
the validator's vectorised tests checks it (the tests themselves are in
``sco_data._validation._constraints``; pandera runs the same tests through ``_schema``),
its comparison, the SQL it becomes in the SQLite and DuckDB exports, how the data dictionary
words it and how the validation report words a cell that breaks it, and whether
frictionless accepts it only in a v2 descriptor. Nothing else in sco_data names a kind, so
adding one (``exclusiveMinimum`` was the example) is one entry here plus its tests; a test
checks that the kinds are exactly the constraints of frictionless's Table Schema profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .types import TypeSpec

DIALECTS = frozenset({"sqlite", "duckdb"})


@dataclass(frozen=True)
class Constraint:
    """One Table Schema constraint kind. Every field is required (no defaults), so an entry
    that forgets one does not construct; ``None`` is a deliberate "not in this layer"."""

    name: str
    # the types it applies to: "any", "ordered" (TypeSpec.ordered: numbers, years, dates) or
    # "textual" (TypeSpec.textual: strings); frictionless applies it to the same ones
    applies_to: str
    # the validator's test: one of _validation._constraints.TESTS ("bound" and "length"
    # compare with ``operator``, the others are the kind's own test)
    test: str
    # the comparison a bound or a length must pass (">=", "<=", ">", "<"), else None
    operator: str | None
    # SQL: a column clause when the value is true (the kind is a flag), else None ...
    column: str | None
    # ... or a CHECK condition: {name} is the quoted column, {value} the bound (a literal of
    # the column's type), {text} the value as a plain literal (a pattern), {count} a length,
    # {values} the enum's literals
    check: str | None
    # the databases whose CHECK enforces it (SQLite has no regular expressions; DuckDB
    # declares an ENUM type for enum strings instead)
    dialects: frozenset[str]
    # the data dictionary: a flag's word, else a template with {value} ({values}: the enum)
    wording: str
    # the validation report for a cell that breaks it: {cell}, {value}, {values}, {kind}
    message: str
    # frictionless accepts it only in a datapackage v2 descriptor
    needs_v2: bool

    @property
    def flag(self) -> bool:
        """A yes/no property of the whole column (required, unique)."""
        return self.column is not None

    def applies(self, spec: TypeSpec) -> bool:
        """Whether the kind applies to fields of the type ``spec``."""
        if self.applies_to == "ordered":
            return spec.ordered
        if self.applies_to == "textual":
            return spec.textual
        return True

    def describe(self, value: Any) -> str:
        """The data dictionary's words for this constraint with ``value`` ('' for a false flag)."""
        if self.flag:
            return self.wording if value else ""
        values = ", ".join(f"`{v}`" for v in value) if isinstance(value, list) else ""
        return self.wording.format(value=value, values=values)


_BOTH = DIALECTS
_BROKEN = "{cell} breaks the constraint {kind} = {value}"

_KINDS = (
    Constraint(
        name="required",
        applies_to="any",
        test="required",
        operator=None,
        column="NOT NULL",
        check=None,
        dialects=_BOTH,
        wording="required",
        message="is empty, but a value is required",
        needs_v2=False,
    ),
    Constraint(
        name="unique",
        applies_to="any",
        test="unique",
        operator=None,
        column="UNIQUE",
        check=None,
        dialects=_BOTH,
        wording="unique",
        message="{cell} appears in an earlier row, but must be unique",
        needs_v2=False,
    ),
    Constraint(
        name="enum",
        applies_to="any",
        test="enum",
        operator=None,
        column=None,
        check="{name} IN ({values})",
        dialects=frozenset({"sqlite"}),
        wording="one of {values}",
        message="{cell} is not one of: {values}",
        needs_v2=False,
    ),
    Constraint(
        name="pattern",
        applies_to="textual",
        test="pattern",
        operator=None,
        column=None,
        check="regexp_full_match({name}, {text})",
        dialects=frozenset({"duckdb"}),
        wording="pattern `{value}`",
        message="{cell} does not match the pattern {value}",
        needs_v2=False,
    ),
    Constraint(
        name="minLength",
        applies_to="textual",
        test="length",
        operator=">=",
        column=None,
        check="length({name}) >= {count}",
        dialects=_BOTH,
        wording="length ≥ {value}",
        message=_BROKEN,
        needs_v2=False,
    ),
    Constraint(
        name="maxLength",
        applies_to="textual",
        test="length",
        operator="<=",
        column=None,
        check="length({name}) <= {count}",
        dialects=_BOTH,
        wording="length ≤ {value}",
        message=_BROKEN,
        needs_v2=False,
    ),
    Constraint(
        name="minimum",
        applies_to="ordered",
        test="bound",
        operator=">=",
        column=None,
        check="{name} >= {value}",
        dialects=_BOTH,
        wording="≥ {value}",
        message=_BROKEN,
        needs_v2=False,
    ),
    Constraint(
        name="maximum",
        applies_to="ordered",
        test="bound",
        operator="<=",
        column=None,
        check="{name} <= {value}",
        dialects=_BOTH,
        wording="≤ {value}",
        message=_BROKEN,
        needs_v2=False,
    ),
    Constraint(
        name="exclusiveMinimum",
        applies_to="ordered",
        test="bound",
        operator=">",
        column=None,
        check="{name} > {value}",
        dialects=_BOTH,
        wording="> {value}",
        message=_BROKEN,
        needs_v2=True,
    ),
    Constraint(
        name="exclusiveMaximum",
        applies_to="ordered",
        test="bound",
        operator="<",
        column=None,
        check="{name} < {value}",
        dialects=_BOTH,
        wording="< {value}",
        message=_BROKEN,
        needs_v2=True,
    ),
)

# The kinds by name, in the order the data dictionary and the SQL CHECKs list them.
KINDS: Mapping[str, Constraint] = MappingProxyType({k.name: k for k in _KINDS})


def kinds_for(spec: TypeSpec) -> frozenset[str]:
    """The constraint kinds that apply to fields of the type ``spec``."""
    return frozenset(k.name for k in _KINDS if k.applies(spec))
