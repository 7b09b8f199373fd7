"""A table read from a file's real structure (HTML, PDF geometry, Word): its grid, and its lines of text.

A `Grid` is rows of cells laid out on the table's column grid: a string for a cell (empty when the cell is
empty, which is a blank), None for a position covered by a merged cell. The grid itself goes to the
parser as a `records.Table` (what the cells mean is the parser's business: ingest knows no vocabulary);
its rows are also written into the document's text, one line a row, for sections and search to show.
Rows holding a single cell before or after the table's body (a heading, a paragraph of a page-sized
layout box) are text, not table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Grid = list[list[str | None]]

_NUMBER_CELL = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$")


@dataclass
class GridBlock:
    """The body of a table as an extractor found it, and the lines of the extracted text it was written on
    (counting form feeds as line breaks, as the normaliser does)."""

    rows: Grid
    first_line: int = 0
    line_count: int = 0
    continues: bool = False  # first thing on its page, after a page whose last table ended it


def cell_text(text: str | None) -> str | None:
    """One line per cell: CJK text wrapped inside a cell is joined without a space."""
    if text is None:
        return None
    lines = [" ".join(line.split()) for line in text.splitlines()]
    joined = ""
    for line in filter(None, lines):
        ascii_join = joined and joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() and line[0].isalnum()
        joined += (" " if ascii_join else "") + line
    return joined


def split_grid(grid: Grid) -> tuple[list[str], GridBlock | None, list[str]]:
    """Grid → (text lines before the table's body, the body, text lines after it). A grid with no row of
    two cells or more is a layout box: all text."""
    grid = [[cell_text(c) for c in row] for row in grid]
    body = [i for i, row in enumerate(grid) if sum(c is not None for c in row) >= 2 and any(row)]
    if not body:
        return [line for row in grid for line in _single_cell_lines(row)], None, []
    first, last = body[0], body[-1]
    before = [line for row in grid[:first] for line in _single_cell_lines(row)]
    after = [line for row in grid[last + 1:] for line in _single_cell_lines(row)]
    return before, GridBlock(grid[first:last + 1]), after


def _single_cell_lines(row: list[str | None]) -> list[str]:
    return [c for c in row if c]


def row_lines(block: GridBlock) -> list[str]:
    """The body's rows as lines of text, for people to read: `| a | b |`, a single cell as itself."""
    lines = []
    for row in block.rows:
        present = [c for c in row if c is not None]
        if not any(present):
            lines.append("")
        elif len(present) == 1:
            lines.append(present[0])
        else:
            lines.append("| " + " | ".join(present) + " |")
    return lines


def header_row_count(rows: Grid) -> int:
    """The rows above the first row that holds a number."""
    for r, row in enumerate(rows):
        if any(c and _NUMBER_CELL.match(c.replace(" ", "")) for c in row):
            return r
    return len(rows)


def add_grid(lines: list[str], grid: Grid, blocks: list[GridBlock]) -> None:
    """Append a grid to an extractor's lines (single-line strings) and its body to `blocks`."""
    before, block, after = split_grid(grid)
    lines.extend(before)
    if block is not None:
        rendered = row_lines(block)
        block.first_line, block.line_count = len(lines), len(rendered)
        lines.extend(rendered)
        blocks.append(block)
    lines.extend(after)
