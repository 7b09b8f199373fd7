"""Word .docx → text: body paragraphs and real tables in document order (python-docx).

Merged cells (gridSpan across, vMerge down) are read once, at their first grid position, and the
positions they cover are None, so the shared grid reader lines values up with their headers.
"""

from __future__ import annotations

import io
import zipfile

from .errors import UnreadableInput
from .grid import ColumnMap, Grid, grid_lines

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a larger .docx is a zip bomb, not a report


def is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def docx_text(data: bytes) -> str:
    """DOCX bytes → text lines. Raises UnreadableInput with the reason."""
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableInput(f"Word file unpacks to {unpacked} bytes (limit {MAX_UNPACKED_BYTES})")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx and lxml raise several types for broken packages
        raise UnreadableInput(f"Word file could not be read: {type(error).__name__}: {error}"[:300]) from error
    lines: list[str] = []
    carried: ColumnMap | None = None
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append(Paragraph(block, document).text)
        elif block.tag == qn("w:tbl"):
            rows, carried = grid_lines(table_grid(Table(block, document)), carried)
            lines.extend(rows)
    return "\n".join(lines)


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
