"""A table read from a file's real structure (HTML, PDF geometry, Word) → text rows the parser reads.

A `Grid` is rows of cells laid out on the table's column grid: a string for a cell (empty when the
cell is empty, which is a blank), None for a position covered by a merged cell. Where the header
names the columns of Table 3 (自然人 … 总计) or Table 4 (行政复议 / 行政诉讼 × 维持 … 总计), each value
is taken from the column under its header, so the row comes out in the official column order whatever
the reading order, the extra columns or the empty spacer columns of the source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import vocabulary as V

Grid = list[list[str | None]]

_NUMBER_CELL = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$")


@dataclass(frozen=True)
class ColumnMap:
    """Which grid column holds each official column, for a table of `width` grid columns."""

    width: int
    columns: tuple[int, ...]


def cell_text(text: str | None) -> str | None:
    """One line per cell: CJK text wrapped inside a cell is joined without a space; `|` is escaped."""
    if text is None:
        return None
    lines = [" ".join(line.split()) for line in text.replace("|", "｜").splitlines()]
    joined = ""
    for line in filter(None, lines):
        ascii_join = joined and joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() and line[0].isalnum()
        joined += (" " if ascii_join else "") + line
    return joined


def grid_lines(grid: Grid, carried: ColumnMap | None = None) -> tuple[list[str], ColumnMap | None]:
    """Grid → text lines, and the column map found (to carry over to the table's next page).

    A row with one cell spanning the table (a heading, or prose in a page-sized layout box) becomes a
    plain line; other rows become `| a | b |` rows with covered positions left out."""
    grid = [[cell_text(c) for c in row] for row in grid]
    header = header_rows(grid)  # may be the whole grid: a header at the foot of a page, rows on the next
    mapping = find_column_map(grid, header)
    first_data_row = len(header) if mapping else 0
    if mapping is None and carried and grid and carried.width == len(grid[0]):
        mapping = carried  # the table's continuation on the next page, without its header
    lines = []
    for r, row in enumerate(grid):
        present = [c for c in row if c is not None]
        if not any(present):
            continue
        if len(present) == 1:
            lines.append(present[0])
        elif mapping and r >= first_data_row:  # blank cells too are taken from under their header
            lines.append(_pipe(_mapped_row(row, mapping)))
        else:
            lines.append(_pipe(present))
    return lines, mapping


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _mapped_row(row: list[str | None], mapping: ColumnMap) -> list[str]:
    first_value = min(mapping.columns)
    labels = [c for c in row[:first_value] if c]
    values = [(row[c] or "") if c < len(row) else "" for c in mapping.columns]
    return labels + values


# --- Headers → official columns ------------------------------------------------------------------

def _header_key(text: str) -> str:
    from . import to_simplified

    return to_simplified("".join(unicodedata.normalize("NFKC", text).split()))


def header_rows(grid: Grid) -> list[list[str | None]]:
    """The rows above the first row that holds a number."""
    rows = []
    for row in grid:
        if any(c and _NUMBER_CELL.match(c.replace(" ", "")) for c in row):
            break
        rows.append(row)
    return rows


def column_paths(header: list[list[str | None]], width: int) -> list[tuple[str, str]]:
    """For each grid column: (the headers above it joined top to bottom, its lowest own header).

    A covered position (None) in a header row belongs to the nearest cell to its left in that row: the
    merged header spans across it."""
    paths = []
    for col in range(width):
        parts, leaf = [], ""
        for row in header:
            own = row[col] if col < len(row) else None
            if own:
                leaf = _header_key(own)
            spanning = next((row[c] for c in range(min(col, len(row) - 1), -1, -1) if row[c] is not None), None)
            if spanning:
                parts.append(_header_key(spanning))
        paths.append(("".join(parts), leaf))
    return paths


def find_column_map(grid: Grid, header: list[list[str | None]]) -> ColumnMap | None:
    """The official columns named by `header` (the grid's header rows), if they are Table 3's or 4's."""
    if not header:
        return None
    width = max(len(row) for row in grid)
    paths = column_paths(header, width)
    for columns in (_table3_columns(paths), _table4_columns(paths)):
        if columns:
            return ColumnMap(width, columns)
    return None


def _table3_columns(paths: list[tuple[str, str]]) -> tuple[int, ...] | None:
    if not any("自然人" in leaf for _, leaf in paths):
        return None
    found = []
    for term in V.TABLE3_COLUMNS:
        hits = [i for i, (_, leaf) in enumerate(paths) if re.search(term.pattern, leaf)]
        if len(hits) != 1:
            return None
        found.append(hits[0])
    return tuple(found) if len(set(found)) == len(found) else None


def _table4_columns(paths: list[tuple[str, str]]) -> tuple[int, ...] | None:
    found = []
    for proceeding in V.TABLE4_PROCEEDINGS:
        for outcome in V.TABLE4_OUTCOMES:
            hits = [i for i, (path, leaf) in enumerate(paths)
                    if _proceeding_of(path) == proceeding.code and re.search(outcome.pattern, leaf)]
            if len(hits) != 1:
                return None
            found.append(hits[0])
    return tuple(found) if len(set(found)) == len(found) else None


def _proceeding_of(path: str) -> str | None:
    """The most specific proceeding named in a header path (复议后起诉 before 行政复议)."""
    for term in reversed(V.TABLE4_PROCEEDINGS):
        if re.search(term.pattern, path):
            return term.code
    return None
