"""Tables read from the file's structure (`Document.tables`: HTML, Word, PDF) → the official tables.

A grid's header rows name its columns: Table 3's applicant columns (自然人 … 总计) and Table 4's fifteen
(行政复议 / 行政诉讼 × 维持 … 总计) are found under their headers, whatever the order, the extra columns
or the empty spacer columns of the source; Table 2's measures are named by the header row of each block.
Each data row's label names its row, and a value is the one cell under its column: cells are never
joined or cut. Nothing is read back from text. A table split over pages is tied together by the column
map its first page names (`Table.continues`). A grid whose rows can be named but whose columns cannot
(its header is in another table) goes to the flattened reader as a stream of its separated cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import vocabulary as V
from ..records import Table, Value
from .cells import grid_events
from .flattened import TableRead, parse_table3, parse_table4
from .rows import TABLE3_SPECS, find_keys, table2_header_layout, table2_specs, text_value

Row = tuple[str | None, ...]


@dataclass(frozen=True)
class ColumnMap:
    """Which grid column holds each official column, for a table of `width` grid columns."""

    width: int
    columns: tuple[int, ...]


@dataclass
class Piece:
    table: Table
    mapping: ColumnMap | None
    first_data_row: int


@dataclass
class Found:
    """An official table among the grids: its pieces (a page each, for a table split over pages)."""

    code: str  # vocabulary.SOURCE_TABLES code, or "comparison"
    pieces: list[Piece] = field(default_factory=list)

    @property
    def pages(self) -> tuple[int, int] | None:
        pages = [p.table.page for p in self.pieces if p.table.page is not None]
        return (pages[0], pages[-1]) if pages else None

    def rows(self) -> list[Row]:
        return [row for piece in self.pieces for row in piece.table.cells[piece.first_data_row:]]


def find_tables(tables: list[Table]) -> dict[str, Found]:
    """The official tables among the grids, in document order; the first grid found for a table wins
    unless a later one continues it."""
    found: dict[str, Found] = {}
    carried: tuple[str, ColumnMap] | None = None
    for table in tables:
        code, mapping, first = _classify(table, carried)
        carried = (code, mapping) if code and mapping else None
        if code is None:
            continue
        entry = found.setdefault(code, Found(code))
        if entry.pieces and not _goes_on(entry, table):
            continue
        entry.pieces.append(Piece(table, mapping, first))
    return found


def _goes_on(entry: Found, table: Table) -> bool:
    """A later grid adds to a table found earlier when it continues it (the next page) or, for Table 2,
    when it is the form's next block in a table of its own."""
    return table.continues or entry.code == "table2"


def _classify(table: Table, carried: tuple[str, ColumnMap] | None) -> tuple[str | None, ColumnMap | None, int]:
    header = table.cells[:table.header_rows]
    paths = column_paths(header, table.width) if header else []
    for code, columns in (("table3", _table3_columns(paths)), ("table4", _table4_columns(paths))):
        if columns:
            return code, ColumnMap(table.width, columns), table.header_rows
    if table.continues and carried and carried[1].width == table.width:
        return carried[0], carried[1], 0
    keys = [_key(cell) for row in table.cells for cell in row if cell]
    if any(_STATISTICS_HEADER.search(key) for key in keys[:12]):
        return "statistics", None, 0
    if any(sum(1 for c in row if c and _YEAR.fullmatch(_key(c))) >= 2 for row in table.cells):
        return "comparison", None, 0
    if _is_table2(table, keys):
        return "table2", None, 0
    if sum(1 for row in table.cells if _row_keys(row, TABLE3_SPECS)) >= 3:
        return "table3", None, 0
    if any("行政复议" in key for key in keys) and any("行政诉讼" in key for key in keys):
        return "table4", None, 0
    return None, None, 0


_STATISTICS_HEADER = re.compile(r"统计指标|指标名称|计量单位|统计数")
_YEAR = re.compile(r"\d{4}年度?")
_TABLE2_WORDS = re.compile(V.TABLE2_2021_HEADER + "|" + V.TABLE2_2019_HEADER + r"|信息内容|第二十条")


def _key(text: str) -> str:
    return "".join(text.split())


def _is_table2(table: Table, keys: list[str]) -> bool:
    if not any(_TABLE2_WORDS.search(key) for key in keys):
        return False
    specs = table2_specs(V.STANDARD_2021) + table2_specs(V.STANDARD_2019)
    return any(_row_keys(row, specs) for row in table.cells)


def _row_keys(row: Row, specs) -> list[str]:
    label = _label(row, len(row))
    return find_keys(label, specs) if label else []


def _label(row: Row, before: int) -> str:
    """The row's own label: its text cells left of the first value column (covered positions skipped)."""
    return "".join(_key(c) for c in row[:before] if c and text_value(c) is None)


# --- Headers → official columns ------------------------------------------------------------------

def column_paths(header: tuple[Row, ...], width: int) -> list[tuple[str, str]]:
    """For each grid column: (the headers above it joined top to bottom, its lowest own header).

    A covered position (None) in a header row belongs to the nearest cell to its left in that row: the
    merged header spans across it."""
    paths = []
    for col in range(width):
        parts, leaf = [], ""
        for row in header:
            own = row[col] if col < len(row) else None
            if own:
                leaf = _key(own)
            spanning = next((row[c] for c in range(min(col, len(row) - 1), -1, -1) if row[c] is not None), None)
            if spanning:
                parts.append(_key(spanning))
        paths.append(("".join(parts), leaf))
    return paths


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


# --- Reading the cells ----------------------------------------------------------------------------

def _values(row: Row, columns: tuple[int, ...], notes: list[str], where: str) -> list[Value]:
    values = []
    for c in columns:
        text = row[c] if c < len(row) else None
        value = text_value(text)
        if value is None:
            notes.append(f"{where}: cell «{text}» is not one number; left blank")
            value = Value.blank(text or "")
        values.append(value)
    return values


def _has_values(row: Row, columns: tuple[int, ...]) -> bool:
    return any(c < len(row) and row[c] not in (None, "") for c in columns)


def read_table3(found: Found) -> TableRead:
    if any(p.mapping is None for p in found.pieces):
        return parse_table3(stream=grid_events([list(r) for r in found.rows()]))
    read = TableRead()
    columns = V.codes(V.TABLE3_COLUMNS)
    for piece in found.pieces:
        mapping = piece.mapping
        for row in piece.table.cells[piece.first_data_row:]:
            if all(c >= len(row) or row[c] is None for c in mapping.columns):
                continue  # a label spanning the value columns: no cells of its own
            keys = [k for k in find_keys(_label(row, min(mapping.columns)), TABLE3_SPECS) if k not in read.grid]
            if not keys:
                if _has_values(row, mapping.columns):
                    read.notes.append(f"Table 3: values without a known row label: {_label(row, len(row)) or '·'}")
                continue
            values = _values(row, mapping.columns, read.notes, f"Table 3 {keys[-1]}")
            read.grid[keys[-1]] = dict(zip(columns, values))
    return read


def read_table4(found: Found) -> TableRead:
    if any(p.mapping is None for p in found.pieces):
        return parse_table4(stream=grid_events([list(r) for r in found.rows()]))
    read = TableRead()
    for piece in found.pieces:
        for row in piece.table.cells[piece.first_data_row:]:
            if _has_values(row, piece.mapping.columns):
                values = _values(row, piece.mapping.columns, read.notes, "Table 4")
                read.grid = {p: dict(zip(V.codes(V.TABLE4_OUTCOMES), values[i * 5:(i + 1) * 5]))
                             for i, p in enumerate(V.codes(V.TABLE4_PROCEEDINGS))}
                return read
    return read


def table2_layout(found: Found) -> str | None:
    return table2_header_layout(" ".join(_key(c) for row in found.rows() for c in row if c))


def read_table2(found: Found, layout: str) -> TableRead:
    """Each block of Table 2 has its header row (信息内容 | 本年制发件数 | …): the measures of the rows
    under it are read from the columns it names."""
    read = TableRead()
    items = {item.term.code: item for item in V.table2_items(layout)}
    header: dict[str, int] = {}
    for row in found.rows():
        named = _measure_columns(row, layout) if not any(_is_number(c) for c in row) else {}
        if named:
            header = named
            continue
        keys = [k for k in find_keys(_label(row, len(row)), table2_specs(layout)) if k not in read.grid]
        if not keys:
            continue
        item = items[keys[-1]]
        measures = [m.code for m in item.measures]
        columns = [header.get(m) for m in measures]
        if None in columns:
            read.notes.append(f"Table 2 {item.term.code}: no header names its columns; cells read in order")
            columns = _columns_in_order(row, len(measures))
        values = [text_value(row[c]) if c is not None and c < len(row) else Value.blank() for c in columns]
        read.grid[item.term.code] = {m: v if v is not None else Value.blank(row[c] or "")
                                     for m, v, c in zip(measures, values, columns)}
    return read


def _is_number(text: str | None) -> bool:
    value = text_value(text) if text else None
    return value is not None and value.known


def _measure_columns(row: Row, layout: str) -> dict[str, int]:
    named = {}
    for item in V.table2_items(layout):
        for measure in item.measures:
            for c, cell in enumerate(row):
                if cell and re.search(measure.pattern, _key(cell)):
                    named.setdefault(measure.code, c)
                    break
    return named


def _columns_in_order(row: Row, n: int) -> list[int | None]:
    """The value cells after the label, in order; short rows leave their last measures without a cell."""
    cells = [c for c, text in enumerate(row) if text is not None and text_value(text) is not None]
    return (cells + [None] * n)[:n]


def statistics_rows(found: Found) -> list[list[str]]:
    """The statistics table's rows as their cells (covered positions left out), for the legacy reader."""
    return [[c for c in row if c is not None] for row in found.rows()]
