"""Table text → a stream of label chunks and value runs, whatever the flattening.

Real tables arrive as markdown/pipe rows, one cell per line (with `|` or blank lines between cells),
space-aligned PDF layout, or cells run together with no separator at all. All of them become the same
stream: `Chunk` (label text, whitespace removed) and `Run` (consecutive cell values). A run that sits
on the same line as the chunk before it is *bound* to that chunk; other runs are matched to labels by
order (see flattened.align). A number that was a cell of its own (between `|`s, or a grid cell) is
`alone`: it is one value, never cut into several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

# A number in a cell: thousands separators, decimals, an explicit sign, a unit stuck to it.
_NUMBER = re.compile(
    r"(?P<sign>(?:(?<=\s)|(?<=\d)|^)[+-])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>万元|人次|条|件|次|个|人|篇|项|份|期|元)?")
_DASH_CELL = re.compile(r"^[-—–/\\－―‐─_]+$|^无$|^/$")
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}")
# Digits that are text, not values: years, dates, ordinal 第N, percentages.
_TEXT_NUMBER_AFTER = re.compile(r"\s*(?:年|月|日|号|%|％|页|周岁)")
_ENUMERATOR_AFTER = re.compile(r"[.、]\s*\D")
_ENUMERATOR_AT_END = re.compile(r"[.、]\s*$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Cell:
    kind: str  # num | blank | dash
    raw: str
    digits: str = ""  # the number as printed, separators removed, sign kept
    unit: str = ""
    alone: bool = False  # the whole of a cell the source separated: one value


@dataclass
class Chunk:
    text: str
    first_line: int
    last_line: int


@dataclass
class Run:
    cells: list[Cell] = field(default_factory=list)
    first_line: int = 0
    last_line: int = 0
    bound: bool = False  # on the same line as the chunk before it


Event = Chunk | Run


def events(region: str) -> list[Event]:
    """Tokenise a table region into label chunks and value runs."""
    return _stream(_text_rows(region))


def grid_events(rows: list[list[str | None]]) -> list[Event]:
    """A grid's rows as the same stream: each row a line, each cell separated (covered positions skipped)."""
    return _stream((r, [tok for cell in row if cell is not None for tok in _cell_tokens(cell.strip(), True)], True)
                   for r, row in enumerate(rows))


def _text_rows(region: str):
    """(line number, tokens, row-like) for each line of text that holds something."""
    for line_no, line in enumerate(region.split("\n")):
        if _MARKDOWN_RULE.match(line.strip()):
            continue
        pieces = _line_pieces(line)
        if not pieces:
            continue
        separated = len(pieces) > 1 or line.lstrip().startswith("|")
        tokens = [tok for piece in pieces for tok in _cell_tokens(piece, separated)]
        yield line_no, tokens, line.lstrip().startswith("|")


def _stream(rows) -> list[Event]:
    out: list[Event] = []
    row_like_prev = False
    for line_no, tokens, pipe_row in rows:
        tokens = _drop_leading_blanks(tokens)
        n_values = sum(1 for t in tokens if isinstance(t, Cell))
        row_like = pipe_row or n_values >= 2
        for token in tokens:
            last = out[-1] if out else None
            if isinstance(token, str):
                if isinstance(last, Chunk):
                    last.text += token
                    last.last_line = line_no
                else:
                    out.append(Chunk(token, line_no, line_no))
            else:
                new_line = isinstance(last, Run) and last.last_line != line_no
                if isinstance(last, Run) and not (new_line and (row_like or row_like_prev)):
                    last.cells.append(token)
                    last.last_line = line_no
                else:
                    bound = isinstance(last, Chunk) and last.last_line == line_no
                    out.append(Run([token], line_no, line_no, bound))
        row_like_prev = row_like
    return out


def _line_pieces(line: str) -> list[str]:
    """Cells of one line. Pipe rows keep interior empty cells (blanks); other lines are one piece."""
    stripped = line.strip()
    if not stripped:
        return []
    if "|" not in stripped:
        return [stripped]
    parts = stripped.split("|")
    if stripped.startswith("|") and stripped.endswith("|") and len(parts) >= 3:
        return [p.strip() for p in parts[1:-1]] if any(p.strip() for p in parts) else []
    return [p.strip() for p in parts if p.strip()]


def _cell_tokens(piece: str, separated: bool) -> tuple:
    tokens = _piece_tokens(piece)
    if separated and len(tokens) == 1 and isinstance(tokens[0], Cell) and tokens[0].kind == "num":
        return (replace(tokens[0], alone=True),)
    return tokens


def _drop_leading_blanks(tokens: list) -> list:
    for i, token in enumerate(tokens):
        if not (isinstance(token, Cell) and token.kind == "blank"):
            return tokens[i:]
    return []


def _piece_tokens(piece: str) -> tuple:
    """One cell's text → label strings and Cells. Enumerators such as `2.` before a label are text,
    even when glued to the previous cell's digits (「00000002.其他法律」)."""
    if len(piece) > 64:
        return tuple(_read_piece(piece))
    return _short_piece_tokens(piece)


@lru_cache(maxsize=8192)
def _short_piece_tokens(piece: str) -> tuple:
    """Table cells repeat across reports (the same labels, 0, 1 …): short ones are read once."""
    return tuple(_read_piece(piece))


def _read_piece(piece: str) -> list:
    if not piece:
        return [Cell("blank", "")]
    if _DASH_CELL.match(piece):
        return [Cell("dash", piece)]
    tokens: list = []
    position = 0
    for match in _NUMBER.finditer(piece):
        start, end = match.span()
        before, after = piece[position:start], piece[end:]
        digits = match.group("num").replace(",", "")
        is_enumerator = (not match.group("unit") and "." not in digits and _ENUMERATOR_AFTER.match(after)
                         and not _ENUMERATOR_AT_END.match(after))
        leading = not before.strip()
        if _TEXT_NUMBER_AFTER.match(after) or before.endswith("第") or (
                is_enumerator and (len(digits) == 1 or leading)):
            continue  # stays part of the surrounding text
        if is_enumerator:
            end -= 1  # the last digit belongs to the next label's enumerator
            digits = digits[:-1]
        _add_text(tokens, piece[position:start])
        sign = (match.group("sign") or "").strip()
        unit = "" if is_enumerator else (match.group("unit") or "")
        tokens.append(Cell("num", piece[start:end], sign + digits, unit))
        position = end
    _add_text(tokens, piece[position:])
    return tokens


def _add_text(tokens: list, text: str) -> None:
    text = _SPACES.sub("", text)
    if text:
        if tokens and isinstance(tokens[-1], str):
            tokens[-1] += text
        else:
            tokens.append(text)


def cell_number(cell: Cell) -> int | float | None:
    if cell.kind != "num":
        return None
    number = float(cell.digits)
    return int(number) if "." not in cell.digits and number.is_integer() else number


def value_blocks(region: str) -> list[list[Cell]] | None:
    """The region's paragraphs (split at blank lines) that hold only values, each as its cells in order.

    None when a paragraph mixes labels and values: then the blocks say nothing reliable about layout."""
    blocks: list[list[Cell]] = []
    for paragraph in re.split(r"\n\s*\n", region):
        tokens = [tok for line in paragraph.split("\n") for piece in _line_pieces(line)
                  for tok in _piece_tokens(piece)]
        cells = [t for t in tokens if isinstance(t, Cell) and t.kind != "blank"]
        if not cells:
            continue
        if len(cells) != len(tokens):
            return None
        blocks.append(cells)
    return blocks


def read_cell(text: str) -> Cell | None:
    """One separated cell's text → its Cell (`alone`), or None when it is not a single value."""
    tokens = _piece_tokens(text.strip())
    if len(tokens) != 1 or not isinstance(tokens[0], Cell):
        return None
    return replace(tokens[0], alone=True) if tokens[0].kind == "num" else tokens[0]
