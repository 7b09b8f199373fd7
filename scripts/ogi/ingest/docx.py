"""Word .docx → text and tables: body paragraphs and real tables in document order (python-docx).

Merged cells (gridSpan across, vMerge down) are read once, at their first grid position, and the
positions they cover are None, so the shared grid reader lines values up with their headers.
"""

from __future__ import annotations

import io
import re
import zipfile

from .errors import UnreadableInput
from .grid import Grid, GridBlock, add_grid

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a larger .docx is a zip bomb, not a report


def is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def docx_text(data: bytes) -> tuple[str, list[GridBlock]]:
    """DOCX bytes → (text, the tables' bodies with their lines). Raises UnreadableInput with the reason."""
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableInput(f"Word file unpacks to {unpacked} bytes (limit {MAX_UNPACKED_BYTES})")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx and lxml raise several types for broken packages
        raise UnreadableInput(f"Word file could not be read: {type(error).__name__}: {error}"[:300]) from error
    lines: list[str] = []
    tables: list[GridBlock] = []
    _read_blocks(document.element.body, document, lines, tables)
    return "\n".join(lines), tables


MAX_NESTING = 8  # layout boxes inside layout boxes; deeper tables are read as grids


def _read_blocks(parent, document, lines: list[str], tables: list[GridBlock], depth: int = 0) -> None:
    """Paragraphs and tables of a body or a table cell, in order. A table whose cells hold tables is a
    layout box around the report, not a data table: its cells are read as blocks in turn."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in parent.iterchildren():
        if block.tag == qn("w:p"):
            # A line break (w:br) starts a new line; the normaliser counts \r and \f as line breaks too.
            lines.extend(re.split(r"\r\n|[\r\n\f]", Paragraph(block, document).text))
        elif block.tag == qn("w:tbl"):
            table = Table(block, document)
            if depth < MAX_NESTING and block.find(".//" + qn("w:tbl")) is not None:
                for cell in _unique_cells(table):
                    _read_blocks(cell._tc, document, lines, tables, depth + 1)
            else:  # a Word table is whole: its header is in it, nothing to carry over
                add_grid(lines, table_grid(table), tables)


def _unique_cells(table):
    """Each cell once, though a merged cell appears at every grid position it covers."""
    seen: dict[int, object] = {}  # the elements are kept so that their ids stay theirs
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen[id(cell._tc)] = cell._tc
                yield cell


def table_grid(table) -> Grid:
    grid: Grid = []
    above: list = []
    for row in table.rows:
        cells = list(row.cells)
        out: list[str | None] = []
        for c, cell in enumerate(cells):
            spans_across = c > 0 and cells[c - 1]._tc is cell._tc
            spans_down = c < len(above) and above[c]._tc is cell._tc
            out.append(None if spans_across or spans_down else cell.text)
        grid.append(out)
        above = cells
    return grid
