"""Figures stated only in sentences: 「主动公开政府信息78条」, 「2万余条」 (approximate), 「行政复议1件」, and zero
in words: 「未收到政府信息公开申请」 is 0, as the report states it (`reported`)."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import vocabulary as V
from ..records import ProseFigure, Value

_CONTEXT = 24
# Figures stated in the prose that name a Table 2 cell: (item, measure).
TABLE2_PROSE = {"normative_documents_issued": ("normative_documents", "issued"),
                "normative_documents_abolished": ("normative_documents", "abolished"),
                "normative_documents_in_force": ("normative_documents", "in_force")}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[V.Term, re.Pattern]]:
    return [(term, re.compile(term.pattern)) for term in V.PROSE_FIGURES]


_CLAUSE_START = re.compile(V.PROSE_ZERO_CLAUSE_START)


@lru_cache(maxsize=1)
def _zero_patterns() -> list[tuple[V.Term, re.Pattern]]:
    terms = V.by_code(V.PROSE_FIGURES)
    return [(terms[code], re.compile(pattern)) for code, pattern in V.PROSE_ZEROS]


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
    """Every figure stated, by indicator in vocabulary order and, within one, in the order of the text."""
    found = []
    for term, pattern in _patterns():
        for match in pattern.finditer(text):
            found.append((term, match, parse_number(match.group("n"))))
    for term, pattern in _zero_patterns():
        for match in pattern.finditer(text):
            if _CLAUSE_START.search(text, max(0, match.start() - 12), match.start()):
                found.append((term, match, Value(0, "reported", match.group().strip())))
    order = V.codes(V.PROSE_FIGURES)
    found.sort(key=lambda item: (order.index(item[0].code), item[1].start()))
    figures = []
    for term, match, value in found:
        start, end = match.span()
        context = text[max(0, start - _CONTEXT):min(len(text), end + 4)].replace("\n", " ")
        figures.append(ProseFigure(term.code, value, term.unit, context))
    return figures


def first_figure(figures: list[ProseFigure], indicator: str) -> ProseFigure | None:
    return next((f for f in figures if f.indicator == indicator), None)


def stated_table2(figures: list[ProseFigure]) -> dict[tuple[str, str], int | float]:
    """Table 2 cells the prose states exactly ((item, measure) → number), evidence for cutting digit runs."""
    stated = {}
    for figure in figures:
        cell = TABLE2_PROSE.get(figure.indicator)
        if cell and figure.value.status == "reported" and cell not in stated:
            stated[cell] = figure.value.number
    return stated
