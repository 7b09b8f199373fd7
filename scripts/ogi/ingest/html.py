"""HTML → text lines and tables: block elements become lines, each <table> a grid (see grid.py)."""

from __future__ import annotations

from .errors import UnreadableInput
from .grid import Grid, GridBlock, add_grid


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<table" in head and "</t" in head


_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
               "tr", "table", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "center"}
_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "svg", "head", "nav", "select",
              "button", "form"}


def html_to_text(markup: str) -> tuple[str, str, list[GridBlock]]:
    """HTML → (text, <title>, the tables' bodies with the lines of the text they are written on)."""
    import lxml.html

    markup = markup.replace("\x00", "")
    try:
        root = lxml.html.document_fromstring(markup)
    except Exception as error:  # lxml raises several types for hopeless markup
        raise UnreadableInput(f"HTML could not be parsed: {error}") from error
    title = (root.findtext(".//title") or "").strip()
    lines: list[str] = []
    tables: list[GridBlock] = []
    _walk(root.find("body") if root.find("body") is not None else root, lines, [""], tables)
    return "\n".join(line.strip() for line in lines), title, tables


def _walk(element, lines: list[str], current: list[str], tables: list[GridBlock]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROP_TAGS:
        _append(current, element.tail)
        return
    if tag == "table":
        _flush(lines, current)
        add_grid(lines, table_grid(element), tables)
        _append(current, element.tail)
        return
    block = tag in _BLOCK_TAGS
    if block:
        _flush(lines, current)
    _append(current, element.text)
    for child in element:
        _walk(child, lines, current, tables)
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


def table_grid(table) -> Grid:
    """Lay the table's cells on a grid: a spanned cell's text at its top-left, None where it spans."""
    cells: dict[tuple[int, int], str | None] = {}
    rows = [tr for tr in table.iter("tr") if _nearest_table(tr) is table]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in {"td", "th"}:
                continue
            while (r, c) in cells:
                c += 1
            rowspan = _span(cell.get("rowspan"))
            colspan = _span(cell.get("colspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    cells.setdefault((r + dr, c + dc), None)
            cells[(r, c)] = " ".join(cell.text_content().split())
            c += colspan
    width = 1 + max((c for _, c in cells), default=0)
    grid: Grid = [[None] * width for _ in rows]
    for (r, c), text in cells.items():
        if r < len(rows):
            grid[r][c] = text
    return grid


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
