"""Ingest: raw bytes of an input file → a normalised Document, or the reason it cannot be read.

Entry point: `read_document(path, reports_dir)`. Decoding is detected, never assumed; the text is
normalised for matching (NFKC, Traditional → Simplified, no injected pinyin, page markers or web
chrome) while a display copy keeps the original script, line for line.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from .records import Document, SourceFile

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

# Binary formats recognised by their first bytes, so that a renamed file gets a useful reason.
_MAGIC = (
    (b"%PDF", "a PDF file (PDF input is not supported yet)"),
    (b"\x89PNG", "a PNG image, not a report text"),
    (b"\xff\xd8\xff", "a JPEG image, not a report text"),
    (b"GIF8", "a GIF image, not a report text"),
    (b"PK\x03\x04", "a ZIP/Office (.docx/.xlsx) file (not supported yet)"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office (.doc/.xls) file (not supported)"),
)

MAX_INPUT_BYTES = 64 * 1024 * 1024


class UnreadableInput(Exception):
    """The input cannot be turned into text; the message is the rejection reason."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_file(path: Path, reports_dir: Path, data: bytes) -> SourceFile:
    return SourceFile(path=path.relative_to(reports_dir).as_posix(), sha256=sha256_of(data), size=len(data))


def read_document(path: Path, reports_dir: Path, data: bytes | None = None) -> tuple[SourceFile, Document]:
    """Read and normalise one input. Raises UnreadableInput with the reason when it is not text."""
    data = path.read_bytes() if data is None else data
    source = source_file(path, reports_dir, data)
    text, encoding = decode(data)
    html_title = ""
    if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        text, html_title = html_to_text(text)
    display, simplified, script = normalise(text)
    if not simplified.strip():
        raise UnreadableInput("empty: no text after decoding and cleaning")
    return source, Document(source=source, encoding=encoding, script=script, display_text=display,
                            text=simplified, html_title=html_title)


# --- Decoding -----------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name). Raises UnreadableInput for empty, binary or undecodable input."""
    if not data.strip():
        raise UnreadableInput("empty file" if not data else "whitespace only")
    if len(data) > MAX_INPUT_BYTES:
        raise UnreadableInput(f"too large: {len(data)} bytes (limit {MAX_INPUT_BYTES})")
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


# --- HTML ---------------------------------------------------------------------------------------

def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<table" in head and "</t" in head


_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
               "tr", "table", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "center"}
_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "svg", "head", "nav", "select",
              "button", "form"}


def html_to_text(markup: str) -> tuple[str, str]:
    """HTML → text; each <table> becomes pipe-delimited rows with rowspan/colspan laid out on a grid."""
    import lxml.html

    markup = markup.replace("\x00", "")
    try:
        root = lxml.html.document_fromstring(markup)
    except Exception as error:  # lxml raises several types for hopeless markup
        raise UnreadableInput(f"HTML could not be parsed: {error}") from error
    title = (root.findtext(".//title") or "").strip()
    lines: list[str] = []
    _walk(root.find("body") if root.find("body") is not None else root, lines, [""])
    return "\n".join(line.strip() for line in lines), title


def _walk(element, lines: list[str], current: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROP_TAGS:
        _append(current, element.tail)
        return
    if tag == "table":
        _flush(lines, current)
        lines.extend(_table_rows(element))
        _append(current, element.tail)
        return
    block = tag in _BLOCK_TAGS
    if block:
        _flush(lines, current)
    _append(current, element.text)
    for child in element:
        _walk(child, lines, current)
    if block:
        _flush(lines, current)
    _append(current, element.tail)


def _append(current: list[str], text: str | None) -> None:
    if text:
        current[0] += text


def _flush(lines: list[str], current: list[str]) -> None:
    if current[0].strip():
        lines.append(" ".join(current[0].split()))
    current[0] = ""


def _table_rows(table) -> list[str]:
    """Lay the table's cells on a grid. A spanned cell's text is written once, at its top-left, and the
    positions it covers are left out, so numbers are never duplicated and labels stay next to their
    values; a real empty cell stays an empty cell (a blank)."""
    grid: dict[tuple[int, int], str] = {}
    occupied: set[tuple[int, int]] = set()
    rows = [tr for tr in table.iter("tr") if _nearest_table(tr) is table]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in {"td", "th"}:
                continue
            while (r, c) in occupied:
                c += 1
            rowspan = _span(cell.get("rowspan"))
            colspan = _span(cell.get("colspan"))
            grid[(r, c)] = " ".join(cell.text_content().replace("|", "｜").split())
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.add((r + dr, c + dc))
            c += colspan
    out = []
    for r in range(len(rows)):
        cells = [text for (row, _), text in sorted(grid.items()) if row == r]
        if any(cells):
            out.append("| " + " | ".join(cells) + " |")
    return out


def _nearest_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 200))
    except ValueError:
        return 1


# --- Normalisation ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


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
# Phrase conversions of some Traditional copies turn 文件 into 檔案.
_PHRASE_FIXES = (("规范性档案", "规范性文件"),)


def normalise(text: str) -> tuple[str, str, str]:
    """Text → (display text in its own script, simplified match text, script). Same number of lines.

    Only Traditional texts are converted: OpenCC's t2s also rewrites some Simplified characters that
    double as Traditional ones (乾安县 → 干安县), which would break place names."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    script = detect_script(text)
    display_lines, simple_lines = [], []
    for line in text.split("\n"):
        simple = to_simplified(line) if script == "traditional" else line
        if len(simple) != len(line):
            line = simple  # rare phrase conversions change length: show the simplified line
        if _PAGE_LINE.match(simple):
            continue
        line, simple = _remove_matches(_NOISE, line, simple)
        for wrong, right in _PHRASE_FIXES:
            simple = simple.replace(wrong, right)
        display_lines.append(line.rstrip())
        simple_lines.append(simple.rstrip())
    return "\n".join(display_lines), "\n".join(simple_lines), script


def detect_script(text: str) -> str:
    """Traditional when more than 3% of the Han characters change under t2s conversion."""
    sample = "".join(ch for ch in text[:60_000] if "\u4e00" <= ch <= "\u9fff")
    if not sample:
        return "simplified"
    changed = sum(1 for a, b in zip(sample, to_simplified(sample)) if a != b)
    return "traditional" if changed / len(sample) > 0.03 and changed >= 5 else "simplified"


def _remove_matches(pattern: re.Pattern, display: str, simple: str) -> tuple[str, str]:
    """Remove what `pattern` finds in the simplified line from both lines (they are aligned)."""
    spans = [m.span() for m in pattern.finditer(simple)]
    if not spans:
        return display, simple
    keep_display, keep_simple, last = [], [], 0
    for start, end in spans:
        keep_display.append(display[last:start])
        keep_simple.append(simple[last:start])
        last = end
    keep_display.append(display[last:])
    keep_simple.append(simple[last:])
    return "".join(keep_display), "".join(keep_simple)
