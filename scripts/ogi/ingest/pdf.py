"""Text PDFs → text, with tables rebuilt from the page geometry (pdfplumber).

Each page is read top to bottom: ruled tables come from pdfplumber's table finder (cells from the
ruling lines, merged cells as None) and become grids (grid.py), their cells where the page put them; a
table that goes on over a page break is marked as continuing; the words outside tables become lines, a wide gap between words kept as a column gap
the way `pdftotext -layout` does, which the text parser reads for unruled tables. Running headers,
footers and page numbers are dropped. Pages are separated by form feeds, as pdftotext does, so the
parser can say on which page a table was printed.
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from dataclasses import dataclass

from .. import progress
from .errors import UnreadableInput
from .grid import GridBlock, row_lines, split_grid

MAX_PAGES = 300
# Inflated sizes, checked on the raw bytes before any parsing (page contents are tens of KB, a whole
# embedded CJK font some MB; a few hundred KB of zlib can inflate to gigabytes). Images are not counted:
# they are never decoded.
MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_INFLATED_BYTES = 256 * 1024 * 1024
# Where a page's ruling lines could cross: the table finder's work grows with the square of it. Real
# forms have a few hundred; a page ruled into a 150 × 150 grid (22,801) would take minutes.
MAX_RULING_CROSSINGS = 4_000
MARGIN = 0.08  # top and bottom share of the page where running headers, footers and page numbers sit
_PAGE_NUMBER = re.compile(r"^[-—–－\s]*(?:第\s*)?\d{1,3}\s*(?:页)?(?:\s*[/共]\s*\d{1,3}\s*页?)?[-—–－\s]*$")
_COLUMN_GAP = "    "
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")  # how pdfminer prints a glyph it cannot map to a character


@dataclass
class _Line:
    top: float
    bottom: float
    text: str
    table: GridBlock | None = None  # the table whose row this line shows


def pdf_text(data: bytes) -> tuple[str, list[GridBlock]]:
    """PDF bytes → (text with a form feed between pages, the tables with their lines). Raises
    UnreadableInput with the reason.

    An encrypted PDF that opens without a password (only printing or copying restricted by an owner
    password) whose text pdfminer cannot decode (it leaves the strings of font dictionaries encrypted)
    is read with pdfium instead: its text, without the table geometry."""
    _check_inflated_sizes(data)
    try:
        return _geometry_text(data)
    except _EncryptedText as error:
        return _pdfium_text(data, error.cause), []


class _EncryptedText(UnreadableInput):
    """pdfminer could not read an encrypted PDF; pdfium may (`cause`: what pdfminer ran into)."""

    def __init__(self, cause: str):
        super().__init__(cause)
        self.cause = cause


def _geometry_text(data: bytes) -> tuple[str, list[GridBlock]]:
    import pdfplumber

    encrypted = _is_encrypted(data)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # pdfminer raises many types for broken or encrypted files
        if encrypted:
            raise _EncryptedText(type(_cause(error)).__name__) from error
        raise UnreadableInput(f"PDF 无法打开：{_reason(error)}") from error
    try:
        return _read_pages(pdf, encrypted)
    finally:
        _close(pdf)


def _close(pdf) -> None:
    try:
        pdf.close()
    except Exception:  # noqa: BLE001 — it closes its pages, which a broken page tree cannot list: nothing to free
        pass


def _read_pages(pdf, encrypted: bool) -> tuple[str, list[GridBlock]]:
    try:
        page_count = len(pdf.pages)  # pdfplumber builds every page object here (MediaBox, rotation…)
    except Exception as error:  # a broken page tree fails here in many ways
        raise UnreadableInput(f"PDF 的页面无法读取：{_reason(error)}") from error
    if page_count > MAX_PAGES:
        raise UnreadableInput(f"PDF 有 {page_count} 页（上限 {MAX_PAGES} 页），不像一份年度报告")
    pages, text_chars, images = [], 0, 0
    table_ended_page = False
    for number, page in enumerate(pdf.pages, 1):
        progress.at(f"PDF 第 {number} 页")
        try:
            text_chars += len(page.chars)
            images += len(page.images)
            _check_rulings(page, number)
            lines, table_ended_page = _read_page(page, table_ended_page)
        except UnreadableInput:
            raise
        except Exception as error:
            raise UnreadableInput(f"PDF 第 {number} 页无法读取：{_reason(error)}") from error
        finally:
            page.close()  # drop the page's parsed objects: memory stays flat however long the PDF
        pages.append(lines)
    if text_chars == 0:
        what = f"有 {images} 张图片、没有文字层" if images else "没有任何文字"
        raise UnreadableInput(f"扫描版PDF：{page_count} 页，{what}（不做文字识别）")
    _drop_running_lines(pages)
    text = "\f".join("\n".join(line.text for line in lines) for lines in pages)
    unmapped = len(_UNMAPPED_GLYPH.findall(text))
    if unmapped > 50 and unmapped * 6 > len(text) / 4:
        if encrypted:
            raise _EncryptedText(f"pdfminer：{unmapped} 个字形没有对应的字符")
        raise UnreadableInput(f"PDF 的文字层无法读取：{unmapped} 个字形没有对应的字符（字体缺少 ToUnicode 映射）；"
                              "不做文字识别")
    return text, _table_lines(pages)


def _table_lines(pages: list[list[_Line]]) -> list[GridBlock]:
    """Each table with the lines of the text its rows were written on (what survived the margins)."""
    tables: dict[int, GridBlock] = {}
    number = 0
    for lines in pages:
        for line in lines:
            block = line.table
            if block is not None:
                if id(block) not in tables:
                    tables[id(block)] = block
                    block.first_line, block.line_count = number, 0
                block.line_count = number - block.first_line + 1
            number += 1
    return list(tables.values())


def _pdfium_text(data: bytes, pdfminer_reason: str) -> str:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableInput(f"PDF 已加密：需要密码才能打开，无法读取（{pdfminer_reason}）") from None
        raise UnreadableInput(f"PDF 已加密，无法读取：{error}"[:300]) from None
    try:
        if len(document) > MAX_PAGES:
            raise UnreadableInput(f"PDF 有 {len(document)} 页（上限 {MAX_PAGES} 页），不像一份年度报告")
        pages = []
        for number in range(len(document)):
            progress.at(f"PDF 第 {number + 1} 页（pdfium）")
            try:
                page = document[number]
                pages.append(page.get_textpage().get_text_range().replace("\r\n", "\n"))
            except pypdfium2.PdfiumError as error:  # a damaged page the encrypted file's reader cannot load
                raise UnreadableInput(f"PDF 第 {number + 1} 页已损坏，无法读取：{error}"[:300]) from None
            page.close()
    finally:
        document.close()
    return "\f".join(pages)


def _is_encrypted(data: bytes) -> bool:
    return b"/Encrypt" in data


def _cause(error: Exception) -> Exception:
    """pdfminer's own exception: pdfplumber wraps it in a PdfminerException whose message is empty."""
    cause = error.args[0] if type(error).__name__ == "PdfminerException" and error.args else error
    return cause if isinstance(cause, Exception) else error


def _reason(error: Exception) -> str:
    error = _cause(error)
    name = type(error).__name__
    if "Password" in name or "Encrypt" in name or "password" in str(error).lower():
        return f"PDF 已加密，需要密码才能打开（{name}）"
    return f"{name}: {error}"[:300]


def _check_inflated_sizes(data: bytes) -> None:
    """Refuse a PDF whose zlib streams (other than images) inflate beyond the limits, before parsing it."""
    total = 0
    for match in _STREAM_START.finditer(data):
        head = data[max(0, match.start() - 2048):match.start()]
        head = head[head.rfind(b"obj"):]  # the stream's own dictionary
        if b"Flate" not in head or _IMAGE.search(head):
            continue
        size = _inflated_size(data, match.end(), MAX_STREAM_BYTES)
        total += size
        if size > MAX_STREAM_BYTES or total > MAX_INFLATED_BYTES:
            limit = MAX_STREAM_BYTES if size > MAX_STREAM_BYTES else MAX_INFLATED_BYTES
            raise UnreadableInput(f"PDF 的压缩数据解压后超过 {limit // 1024 // 1024} MB（上限），不像一份年度报告"
                                  "（可能是解压炸弹）")


_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_IMAGE = re.compile(rb"/Subtype\s*/Image")


def _inflated_size(data: bytes, start: int, cap: int) -> int:
    """How many bytes the zlib stream at `start` inflates to, counting no further than just past `cap`."""
    inflater, size = zlib.decompressobj(), 0
    for position in range(start, len(data), 1 << 16):
        pending = data[position:position + (1 << 16)]
        while pending and not inflater.eof:
            try:
                size += len(inflater.decompress(pending, 1 << 20))
            except zlib.error:
                return size
            if size > cap:
                return size
            pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    return size


def _check_rulings(page, number: int) -> None:
    """Refuse a page whose ruling lines cross in more places than any form (see MAX_RULING_CROSSINGS)."""
    columns = {round(edge["x0"] / 3) for edge in page.vertical_edges}
    rows = {round(edge["top"] / 3) for edge in page.horizontal_edges}
    if len(columns) * len(rows) > MAX_RULING_CROSSINGS:
        raise UnreadableInput(f"PDF 第 {number} 页的表格线过密：{len(columns)} 条竖线 × {len(rows)} 条横线"
                              f"（上限 {MAX_RULING_CROSSINGS:,} 个交点），不像一份年度报告")


def _read_page(page, previous_table_ended_page: bool) -> tuple[list[_Line], bool]:
    """The page's lines in reading order, a table's rows in the place of the table; and whether the page's
    last table ends it.

    A table may continue the previous page's when it is the first thing on this page and the previous
    page's last table had nothing after it in the page body."""
    tables = sorted((t for t in page.find_tables() if _has_columns(t)), key=lambda t: t.bbox[1])
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    body_top, body_bottom = MARGIN * page.height, (1 - MARGIN) * page.height
    text = _text_lines(outside)
    body_text = [line for line in text if line.bottom > body_top and line.top < body_bottom]
    blocks: list[tuple[float, list[_Line]]] = [(line.top, [line]) for line in text]
    ends_page = False
    for i, table in enumerate(tables):
        top, bottom = table.bbox[1], table.bbox[3]
        before, grid, after = split_grid(table.extract())
        rows = [_Line(top, bottom, line) for line in before]
        if grid is not None:
            grid.continues = (previous_table_ended_page and i == 0 and not before
                              and not any(line.bottom <= top for line in body_text))
            rows += [_Line(top, bottom, line, grid) for line in row_lines(grid)]
        rows += [_Line(top, bottom, line) for line in after]
        blocks.append((top, rows))
        ends_page = grid is not None and not after
    last_table_ends_page = ends_page and not any(line.top >= tables[-1].bbox[3] for line in body_text)
    blocks.sort(key=lambda block: block[0])
    lines = [line for _, block in blocks for line in block]
    for line in lines:
        line.top, line.bottom = line.top / page.height, line.bottom / page.height
    return lines, last_table_ends_page


def _has_columns(table) -> bool:
    """A ruled box of one column is page layout (a border, a rule under the header), not a data table:
    its content is read as lines, where column gaps survive."""
    return any(sum(cell is not None for cell in row.cells) >= 2 for row in table.rows)


def _text_lines(page) -> list[_Line]:
    """Words → lines: words whose vertical middles are within half a character height share a line."""
    words = sorted(page.extract_words(keep_blank_chars=False, use_text_flow=False),
                   key=lambda w: (round(w["top"]), w["x0"]))
    lines: list[list[dict]] = []
    for word in words:
        middle = (word["top"] + word["bottom"]) / 2
        height = word["bottom"] - word["top"]
        for line in lines[-3:]:  # words come top to bottom: only the latest lines can take this one
            first = line[0]
            if abs((first["top"] + first["bottom"]) / 2 - middle) <= height / 2:
                line.append(word)
                break
        else:
            lines.append([word])
    return [_Line(min(w["top"] for w in line), max(w["bottom"] for w in line), _join_words(line))
            for line in sorted(lines, key=lambda ws: min(w["top"] for w in ws))]


def _join_words(words: list[dict]) -> str:
    words = sorted(words, key=lambda w: w["x0"])
    text = words[0]["text"]
    for before, word in zip(words, words[1:]):
        size = max(word["bottom"] - word["top"], 1.0)
        gap = word["x0"] - before["x1"]
        text += (_COLUMN_GAP if gap > 1.5 * size else " ") + word["text"]
    return text


def _drop_running_lines(pages: list[list[_Line]]) -> None:
    """Remove page numbers and the running header/footer lines repeated in the page margins."""
    def in_margin(line: _Line) -> bool:
        return line.bottom < MARGIN or line.top > 1 - MARGIN

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", "".join(line.text.split()))

    repeats = Counter(k for lines in pages for k in {key(line) for line in lines if in_margin(line)})
    running = {k for k, n in repeats.items() if n >= 2 and n >= len(pages) / 2}
    for lines in pages:
        lines[:] = [line for line in lines
                    if not (in_margin(line) and (_PAGE_NUMBER.match(line.text) or key(line) in running))]
