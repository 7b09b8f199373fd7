"""The accounting identities (勾稽关系) of the standard forms, defined once, as data.

The digit splitter uses them to choose among cuts, the headline derivation to fill a blank total, and the
checks to test every report. An identity says: along one axis of a table, the cells named on the left add
up to the cells named on the right, and this holds in every line of the other axis (H1: in every column
of Table 3, rows 一 + 二 = rows 三(七) + 四).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import vocabulary as V

Number = int | float
# A table as numbers: row code → column code → number (None for a blank, a dash or an unknown cell).
Grid = Mapping[str, Mapping[str, Number | None]]


@dataclass(frozen=True)
class Identity:
    check: str  # vocabulary.CHECKS code
    table: str  # vocabulary.SOURCE_TABLES code
    along: str  # "rows": left and right name rows, it holds in each column; "columns": the other way round
    left: tuple[str, ...]
    right: tuple[str, ...]
    each: tuple[str, ...] = ()  # the lines it holds in; () = every line the table has
    partial_right: bool = False  # the right side sums the names present (each generation has its own rows)


TABLE3_APPLICANTS = tuple(V.codes(V.TABLE3_COLUMNS)[:6])
# Every outcome row of both generations: a table has the rows of its own generation only.
TABLE3_OUTCOME_ROWS = tuple(t.code for t in V.TABLE3_ROWS if t.group in V.codes(V.TABLE3_OUTCOME_GROUPS))
TABLE4_PARTS = ("upheld", "corrected", "other", "pending")

H1 = Identity("H1", "table3", "rows", ("new_received", "carried_over"), ("total_processed", "carried_forward"),
              tuple(V.codes(V.TABLE3_COLUMNS)))
H2 = Identity("H2", "table3", "rows", ("total_processed",), TABLE3_OUTCOME_ROWS, tuple(V.codes(V.TABLE3_COLUMNS)),
              partial_right=True)
H3 = Identity("H3", "table3", "columns", ("total",), TABLE3_APPLICANTS)
H4 = Identity("H4", "table4", "columns", ("total",), TABLE4_PARTS, tuple(V.codes(V.TABLE4_PROCEEDINGS)))

TABLE3 = (H1, H2, H3)
TABLE4 = (H4,)
# 行政诉讼 in the headline figures: the two kinds of lawsuit of Table 4, each its 总计.
LITIGATION_PARTS = ("litigation_direct", "litigation_after_review")


@dataclass(frozen=True)
class Outcome:
    """One identity in one line: the two sums, or None where a cell it needs is unknown."""

    identity: Identity
    line: str
    left: Number | None
    right: Number | None
    present: bool  # the table has every row (or column) the identity needs in this line

    @property
    def holds(self) -> bool | None:
        if self.left is None or self.right is None:
            return None
        return abs(self.left - self.right) < 1e-9


def _cell(grid: Grid, identity: Identity, line: str, name: str) -> Number | None:
    if identity.along == "rows":
        return grid.get(name, {}).get(line)
    return grid.get(line, {}).get(name)


def _names_present(grid: Grid, identity: Identity, names: tuple[str, ...], line: str) -> tuple[str, ...]:
    if identity.along == "rows":
        return tuple(n for n in names if n in grid)
    return tuple(n for n in names if n in grid.get(line, {}))


def _sum(values: list[Number | None]) -> Number | None:
    return None if any(v is None for v in values) else sum(values)


def lines_of(identity: Identity, grid: Grid) -> tuple[str, ...]:
    if identity.each:
        return identity.each
    return tuple(grid) if identity.along == "columns" else ()


def evaluate(identity: Identity, grid: Grid) -> list[Outcome]:
    """The identity in each of its lines; a line where the table lacks a row (or column) it needs is not
    `present` and has no sums."""
    outcomes = []
    for line in lines_of(identity, grid):
        left_names = _names_present(grid, identity, identity.left, line)
        right_names = _names_present(grid, identity, identity.right, line)
        complete_right = bool(right_names) if identity.partial_right else len(right_names) == len(identity.right)
        present = len(left_names) == len(identity.left) and complete_right
        left = _sum([_cell(grid, identity, line, n) for n in left_names]) if present else None
        right = _sum([_cell(grid, identity, line, n) for n in right_names]) if present else None
        outcomes.append(Outcome(identity, line, left, right, present))
    return outcomes


def consistent(grid: Grid, identities: Iterable[Identity]) -> bool:
    """No identity fails where every cell it needs is known (the splitter's test of a candidate)."""
    return all(outcome.holds is not False for identity in identities for outcome in evaluate(identity, grid))


def row_total_holds(cells: tuple[Number, ...]) -> bool:
    """H3 on one Table 3 row given as its seven cells in the official column order."""
    return sum(cells[:6]) == cells[6]


def groups_hold(cells: tuple[Number, ...]) -> bool:
    """H4 on Table 4 given as its (first) cells in the official order: each whole group of five adds up."""
    return all(sum(cells[g:g + 4]) == cells[g + 4] for g in range(0, len(cells) - len(cells) % 5, 5))


def derive_blank(values: Mapping[str, Number | None], identity: Identity) -> tuple[str, Number] | None:
    """The one unknown name of an identity in one line, solved from the others; None when not exactly one
    is unknown (or the solution is negative, which no count can be)."""
    names = identity.left + identity.right
    unknown = [n for n in names if values.get(n) is None]
    if len(unknown) != 1:
        return None
    name = unknown[0]
    left = sum(values[n] for n in identity.left if n != name)
    right = sum(values[n] for n in identity.right if n != name)
    solved = right - left if name in identity.left else left - right
    return (name, solved) if solved >= 0 else None
