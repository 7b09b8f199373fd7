"""Ingest: raw bytes of an input file → a normalised Document, or the reason it cannot be read.

Entry point: `read_document(path, reports_dir)`. Text PDFs (`pdf.py`) and Word files (`docx.py`) are
read with their real table structure, HTML (`html.py`) with its table markup; plain text is decoded
(detected, never assumed). All of them become text, then are normalised for matching (NFKC,
Traditional → Simplified, no injected pinyin, page markers or web chrome) while a display copy keeps
the original script, line for line (text.py). The tables of PDF, Word and HTML files are kept as grids
beside the text (`Document.tables`), each with the lines of the text that show it. Page breaks (form
feeds, from PDFs and pdftotext output) are remembered as the line each page starts on.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from pathlib import Path

from charset_normalizer import from_bytes

from ..records import Document, SourceFile, Table
from ..text import aligned_line, detect_script, nfkc, remove_spans
from . import docx, html, pdf
from .errors import UnreadableInput
from .grid import GridBlock, header_row_count

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}

# Binary formats recognised by their first bytes, so that a renamed file gets a useful reason.
_MAGIC = (
    (b"\x89PNG", "a PNG image, not a report text"),
    (b"\xff\xd8\xff", "a JPEG image, not a report text"),
    (b"GIF8", "a GIF image, not a report text"),
    (b"PK\x03\x04", "a ZIP archive that is not a Word .docx (.xlsx, .pptx and .zip are not supported)"),
    (b"\xd0\xcf\x11\xe0", "a legacy Word/Excel file (.doc/.xls): this binary format is not supported, "
                           "save it as .docx or PDF"),
)

MAX_INPUT_BYTES = 64 * 1024 * 1024


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_file(path: Path, reports_dir: Path, data: bytes) -> SourceFile:
    return SourceFile(path=path.relative_to(reports_dir).as_posix(), sha256=sha256_of(data), size=len(data))


def read_document(path: Path, reports_dir: Path, data: bytes | None = None) -> tuple[SourceFile, Document]:
    """Read and normalise one input. Raises UnreadableInput with the reason when it is not text."""
    data = path.read_bytes() if data is None else data
    source = source_file(path, reports_dir, data)
    text, encoding, source_format, html_title, grids = extract_text(path, data)
    display, simplified, script, page_starts, kept_lines = normalise_lines(text)
    if not simplified.strip():
        raise UnreadableInput("empty: no text after decoding and cleaning")
    tables = [table for grid in grids
              if (table := _table(grid, kept_lines, page_starts, script, source_format)) is not None]
    return source, Document(source=source, encoding=encoding, script=script, display_text=display,
                            text=simplified, html_title=html_title, source_format=source_format,
                            page_starts=page_starts, tables=tables)


def extract_text(path: Path, data: bytes) -> tuple[str, str, str, str, list[GridBlock]]:
    """Bytes → (text, encoding, source format, HTML title, tables), by what the bytes are, not the file name."""
    if not data.strip():
        raise UnreadableInput("empty file" if not data else "whitespace only")
    if len(data) > MAX_INPUT_BYTES:
        raise UnreadableInput(f"too large: {len(data)} bytes (limit {MAX_INPUT_BYTES})")
    if b"%PDF-" in data[:1024]:  # the PDF header may follow up to 1 KB of junk
        text, tables = pdf.pdf_text(data)
        return text, "", "pdf", "", tables
    if data.startswith(b"PK\x03\x04") and docx.is_docx(data):
        text, tables = docx.docx_text(data)
        return text, "", "docx", "", tables
    text, encoding = decode(data)
    if path.suffix.lower() in HTML_SUFFIXES or html.looks_like_html(text):
        text, title, tables = html.html_to_text(text)
        return text, encoding, "html", title, tables
    return text, encoding, "text", "", []


def _table(grid: GridBlock, kept_lines: list[int | None], page_starts: tuple[int, ...], script: str,
           source_format: str) -> Table | None:
    """A grid as the parser gets it: cells normalised like the text, and the lines of the text showing it."""
    shown = [kept_lines[n] for n in range(grid.first_line, grid.first_line + grid.line_count)
             if n < len(kept_lines) and kept_lines[n] is not None]
    cells = tuple(tuple(None if cell is None else aligned_line(nfkc(_INVISIBLE.sub("", cell)), script)[1]
                        for cell in row) for row in grid.rows)
    if not shown or not cells:
        return None
    page = bisect_right(page_starts, shown[0]) if page_starts else None
    return Table(cells, header_row_count([list(row) for row in cells]), source_format, page,
                 (shown[0], shown[-1]), grid.continues)


# --- Decoding -----------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name). Raises UnreadableInput for binary or undecodable input."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnreadableInput(f"not a text file: {what}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data[:200_000]).best()
    if guess is None:
        raise UnreadableInput("binary or unknown encoding: no text encoding fits these bytes")
    encoding = guess.encoding
    # GBK/GB2312 guesses are widened to GB18030, their superset, so rare characters survive.
    if encoding.replace("_", "").lower() in {"gbk", "gb2312", "cp936", "hz"}:
        encoding = "gb18030"
    text = data.decode(encoding, errors="replace")
    if _control_ratio(text) > 0.05 or text.count("\ufffd") > len(text) / 20:
        raise UnreadableInput(f"binary content: decoding as {encoding} gives mostly control characters")
    return text, encoding


def _control_ratio(text: str) -> float:
    sample = text[:20_000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t")
    return controls / max(1, len(sample))


# --- Normalisation ------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")
# Pinyin injected by mirror sites after a character: 公(gong)开
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\s?\([a-zA-Z]{1,7}[1-5]?\)")
_PAGE_LINE = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?"
                        r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
_PAGE_INLINE = re.compile(r"第\s*\d{1,3}\s*页\s*[,/]?\s*共\s*\d{1,3}\s*页")
_CHROME = re.compile(
    r"(?:选择)?阅读字号:?\s*\[?[\s大中小]*\]?|字[号体]:?\s*\[[^\]\n]{0,20}\]|[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|"
    r"收藏|分享到?)\s*[】\]]|(?:阅读|浏览|访问)次数:?\s*\d*|视力保护色|[【\[]\s*[大中小]\s*[】\]]")
_NOISE = re.compile("|".join(f"(?:{p.pattern})" for p in (_PINYIN, _PAGE_INLINE, _CHROME)))
# A character every _NOISE match contains: most lines have none and skip the full pattern.
_NOISE_HINT = re.compile(r"[(页字阅打关收分访浏视【\[]")


def normalise(text: str) -> tuple[str, str, str]:
    """Text → (display text in its own script, simplified match text, script). Same number of lines."""
    display, simple, script, _, _ = normalise_lines(text)
    return display, simple, script


def normalise_lines(text: str) -> tuple[str, str, str, tuple[int, ...], list[int | None]]:
    """`normalise`, plus the line on which each page starts when the text has form feeds (else ()), and
    for each line of the input (form feeds count as line breaks) the line it became, None if dropped."""
    text = nfkc(text.replace("\r\n", "\n").replace("\r", "\n"))
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last one included, with a form feed
    script = detect_script(text)
    traditional = script == "traditional"
    display_lines, simple_lines, page_starts, kept = [], [], [], []
    for page in pages:
        page_starts.append(len(simple_lines))
        for line in _INVISIBLE.sub("", page).split("\n"):
            simple = line
            if traditional:
                line, simple = aligned_line(line, script)
            if _PAGE_LINE.match(simple):
                kept.append(None)
                continue
            if _NOISE_HINT.search(simple):
                line, simple = remove_spans(line, simple, [m.span() for m in _NOISE.finditer(simple)])
            kept.append(len(simple_lines))
            display_lines.append(line.rstrip())
            simple_lines.append(simple.rstrip())
    starts = tuple(page_starts) if len(pages) > 1 else ()
    return "\n".join(display_lines), "\n".join(simple_lines), script, starts, kept
