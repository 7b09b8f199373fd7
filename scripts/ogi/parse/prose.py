"""Figures stated only in sentences: 「主动公开政府信息78条」, 「2万余条」 (approximate), 「行政复议1件」."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import vocabulary as V
from ..records import ProseFigure, Value

_CONTEXT = 24


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[V.Term, re.Pattern]]:
    return [(term, re.compile(term.pattern)) for term in V.PROSE_FIGURES]


def prose_text(text: str, table_spans: list[tuple[int, int]]) -> str:
    """The text outside the tables, with line breaks inside sentences removed (PDF wraps words)."""
    kept, last = [], 0
    for start, end in sorted(table_spans):
        kept.append(text[last:start])
        kept.append("\n")
        last = max(last, end)
    kept.append(text[last:])
    return re.sub(r"[ \t]*\n[ \t]*(?=\S)", "", "".join(kept))


def parse_number(raw: str) -> Value:
    """「16996」 → exact; 「2万余」, 「1000余」, 「1.2万」 → approximate (the stated lower bound)."""
    compact = raw.replace(",", "").replace(" ", "")
    approximate = "余" in compact or "多" in compact or "万" in compact
    digits = re.match(r"\d+(?:\.\d+)?", compact)
    if not digits:
        return Value.blank(raw)
    number = float(digits.group())
    if "万" in compact:
        number *= 10_000
    number = int(number) if number.is_integer() else number
    return Value(number, "approximate" if approximate else "reported", raw.strip())


def find_prose_figures(text: str) -> list[ProseFigure]:
    figures = []
    for term, pattern in _patterns():
        for match in pattern.finditer(text):
            start, end = match.span()
            context = text[max(0, start - _CONTEXT):min(len(text), end + 4)].replace("\n", " ")
            figures.append(ProseFigure(term.code, parse_number(match.group("n")), term.unit, context))
    figures.sort(key=lambda f: (V.codes(V.PROSE_FIGURES).index(f.indicator)))
    return figures


def first_figure(figures: list[ProseFigure], indicator: str) -> ProseFigure | None:
    return next((f for f in figures if f.indicator == indicator), None)
