"""Rows of the official tables, whatever path read them: labels → row codes, cells → values, and runs of
digits → values with what decided them (or `ambiguous`, with the candidates, when nothing did).

Shared by the structured path (grids) and the flattened-text path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import identities
from .. import vocabulary as V
from ..records import DigitRun, Number, Value
from .cells import Cell, cell_number, read_cell
from .split import consensus

Grid = dict[str, dict[str, Value]]


@dataclass(frozen=True, eq=False)  # identity hash: a tuple of specs is a cheap cache key
class RowSpec:
    code: str
    pattern: re.Pattern
    n: int


TABLE3_SPECS = tuple(RowSpec(t.code, re.compile(t.pattern), 7) for t in V.TABLE3_ROWS)


@lru_cache(maxsize=None)
def table2_specs(layout: str) -> tuple[RowSpec, ...]:
    return tuple(RowSpec(i.term.code, re.compile(i.term.pattern), len(i.measures)) for i in V.table2_items(layout))


def find_keys(text: str, specs: tuple[RowSpec, ...]) -> list[str]:
    if len(text) > 200:
        return _find_keys(text, specs)
    return list(_find_keys_cached(text, specs))


@lru_cache(maxsize=8192)
def _find_keys_cached(text: str, specs: tuple[RowSpec, ...]) -> tuple[str, ...]:
    """Row labels repeat across reports: a short label's rows are looked up once."""
    return tuple(_find_keys(text, specs))


def _find_keys(text: str, specs: tuple[RowSpec, ...]) -> list[str]:
    hits = []
    for spec in specs:
        match = spec.pattern.search(text)
        if match:
            hits.append((match.start(), spec.code))
    keys = [code for _, code in sorted(hits)]
    # A 2019-style 其他处理 label directly followed by a sub-row label is only the block heading.
    if "other" in keys and keys.index("other") < len(keys) - 1:
        keys.remove("other")
    return keys


def table2_header_layout(text: str) -> str | None:
    """The Table 2 generation its column headers name, if they tell."""
    n2021 = len(re.findall(V.TABLE2_2021_HEADER, text))
    n2019 = len(re.findall(V.TABLE2_2019_HEADER, text))
    if n2021 > n2019:
        return V.STANDARD_2021
    if n2019 > n2021:
        return V.STANDARD_2019
    return None


# --- Cells → values -------------------------------------------------------------------------------

def cell_value(cell: Cell) -> Value:
    if cell.kind == "blank":
        return Value.blank()
    if cell.kind == "dash":
        return Value(None, "dash", cell.raw)
    return Value(cell_number(cell), "reported", cell.raw)


def text_value(text: str | None) -> Value | None:
    """A grid cell's text as one value; None when it holds something other than one number, a dash or
    nothing (a label, two numbers)."""
    cell = read_cell(text or "")
    return None if cell is None else cell_value(cell)


# --- Digit runs → values --------------------------------------------------------------------------

def split_values(candidates: list[tuple[Number, ...]], digits: str, evidence: str, n: int) -> list[Value]:
    """Each cell: the value every surviving cut agrees on (`recovered`, with the evidence), else
    `ambiguous` with the values the cuts give it (none survived: blank)."""
    if not candidates:
        return [Value.blank(digits) for _ in range(n)]
    agreed = consensus(candidates)
    values = []
    for position, value in enumerate(agreed):
        if value is not None:
            values.append(Value(value, "recovered", digits, evidence))
        else:
            options = tuple(sorted({c[position] for c in candidates}))
            values.append(Value(None, "ambiguous", digits, candidates=options))
    return values


def digit_run(table: str, row: str, digits: str, candidates: list[tuple[Number, ...]], evidence: str) -> DigitRun:
    return DigitRun(table, row, digits, sorted(set(candidates)), evidence if len(set(candidates)) == 1 else "")


# Bounds the form implies on a document row of Table 2 (a document issued this year and not abolished is
# in force at its end; what was ever published includes this year's).
TABLE2_BOUNDS = {
    ("issued", "abolished", "in_force"): lambda c: c[2] >= c[0],
    ("newly_made", "newly_published", "total_published"): lambda c: c[2] >= c[1],
}


def choose_table2_split(item: str, measures: tuple[str, ...], candidates: list[tuple[Number, ...]],
                        stated: dict[tuple[str, str], Number]) -> tuple[list[tuple[Number, ...]], str]:
    """Narrow a document row's cuts by the form's bounds, then by figures the prose states; → (cuts left,
    what narrowed them last: the evidence of the cells they agree on)."""
    evidence = "only_split"  # until something narrows the cuts, a cell they agree on is agreed by all
    bound = TABLE2_BOUNDS.get(measures)
    if bound is not None and len(candidates) > 1:
        kept = [c for c in candidates if bound(c)]
        if kept and len(kept) < len(candidates):
            candidates, evidence = kept, "bounds"
    said = {measures.index(m): n for (i, m), n in stated.items() if i == item and m in measures}
    if said and len(candidates) > 1:
        kept = [c for c in candidates if all(c[p] == n for p, n in said.items())]
        if kept and len(kept) < len(candidates):
            candidates, evidence = kept, "prose"
    return candidates, evidence


def table3_consistent(rows: dict[str, list[Number | None]]) -> bool:
    """H1 and H2 on every column where the cells involved are known (rows in the official column order)."""
    columns = V.codes(V.TABLE3_COLUMNS)
    grid = {row: dict(zip(columns, cells)) for row, cells in rows.items()}
    return identities.consistent(grid, (identities.H1, identities.H2))
