"""The pre-2019 statistics table (政府信息公开情况统计表): indicator · unit · value rows.

Indicator lists vary by province and year, so rows are kept as printed (indicator text, unit, one
value per period column) rather than forced into the 2019/2021 vocabulary. Two layouts are read:
one row per line (pipe cells, the value often written with its unit: 「78条」), and a whole table run
together on one line (「受理依申请公开信息总数条728」 = 7 this year, 28 cumulative).
"""

from __future__ import annotations

import re

from .. import vocabulary as V
from ..records import LegacyIndicator, Value
from .cells import Chunk, Run, cell_number, events
from .split import consensus, splits

_TABLE_START = re.compile(r"政府信息公开(?:工作)?(?:情况)?统计表|统计指标|指标名称")
_TABLE_END = re.compile(r"单位负责人|审核人:|填报人:|填表人|联系电话")
_HEADER_WORDS = re.compile(r"^.*(?:历年累计|统计数|计量单位|统计指标|指标名称|本年度|单位)")
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\)|\d+[.、]|其中:?)+")
_UNIT_ONLY = re.compile("^(?:" + "|".join(V.LEGACY_UNITS) + ")$")
_UNIT_SUFFIX = re.compile("(" + "|".join(V.LEGACY_UNITS) + ")$")
_PERIOD_CAPTION = re.compile(r"^\(?\s*\d{4}\s*年度?\s*\)?$")
_DASH = re.compile(r"^[-—–/\\－―]+$")


def find_statistics_table(text: str) -> tuple[int, int] | None:
    starts = [m.start() for m in _TABLE_START.finditer(text)]
    if not starts:
        return None
    # The table's own heading is followed by its header row; earlier mentions are in the prose.
    headed = [s for s in starts if re.search(r"指\s*标|单\s*位", text[s:s + 120])]
    start = headed[0] if headed else starts[-1]
    end_match = _TABLE_END.search(text, start)
    return start, (end_match.start() if end_match else len(text))


def parse_statistics_table(region: str, prose_numbers: set[int]) -> tuple[list[LegacyIndicator], list[str]]:
    periods = ["this_year", "cumulative"] if re.search(r"历年累计|累计数", region) else ["this_year"]
    lines = [line for line in region.split("\n") if line.strip()]
    if len(lines) <= 2:
        return _run_together_rows(region, periods, prose_numbers)
    return _line_rows(lines, periods), []


def _line_rows(lines: list[str], periods: list[str]) -> list[LegacyIndicator]:
    rows: list[LegacyIndicator] = []
    for line in lines[1:]:
        pieces = [p.strip() for p in line.strip().strip("|").split("|")]
        if not pieces or not pieces[0] or len(pieces) < 2:
            continue
        indicator, unit, values = pieces[0], "", []
        for piece in pieces[1:]:
            if not piece:
                continue
            if _UNIT_ONLY.match(piece):
                unit = piece
            elif _DASH.match(piece):
                values.append(Value(None, "dash", piece))
            else:
                for event in events(piece):
                    if isinstance(event, Run):
                        for cell in event.cells:
                            if cell.kind == "num":
                                unit = unit or cell.unit
                                values.append(Value(cell_number(cell), "reported", cell.raw))
        if (_HEADER_WORDS.match(indicator.replace(" ", "")) or _PERIOD_CAPTION.match(indicator)) and not values:
            continue
        if values and all(v.status == "dash" for v in values):
            continue  # a block heading such as 「二、回应解读情况 | ——」
        if not values:
            values = [Value.blank()]
        for period, value in zip(periods, values):
            rows.append(LegacyIndicator("statistics", len(rows) + 1, indicator, unit, period, value))
    return _renumber(rows)


def _run_together_rows(region: str, periods: list[str], prose_numbers: set[int]) -> tuple[list[LegacyIndicator], list[str]]:
    rows: list[LegacyIndicator] = []
    notes: list[str] = []
    stream = events(region)
    for i, event in enumerate(stream):
        if not isinstance(event, Chunk):
            continue
        following = stream[i + 1] if i + 1 < len(stream) else None
        if not isinstance(following, Run):
            continue
        label = _HEADER_WORDS.sub("", event.text) or event.text
        unit_match = _UNIT_SUFFIX.search(label)
        unit = unit_match.group(1) if unit_match else ""
        indicator = label[:unit_match.start()] if unit_match else label
        values = _period_values(following, len(periods), prose_numbers, indicator, notes)
        for period, value in zip(periods, values):
            rows.append(LegacyIndicator("statistics", 0, indicator, unit, period, value))
    return _renumber(rows), notes


def _period_values(run: Run, n: int, prose_numbers: set[int], indicator: str, notes: list[str]) -> list[Value]:
    cells = run.cells
    if len(cells) == n:
        return [Value(cell_number(c), "reported", c.raw) if c.kind == "num" else Value.blank() for c in cells]
    digits = [c.digits for c in cells]
    candidates = list(splits(digits, n))
    if n == 2:
        candidates = [c for c in candidates if c[1] >= c[0]]  # cumulative ≥ this year
    if len(candidates) > 1:
        # A this-year value the prose also states settles it; a long number matching is no coincidence.
        stated = [c for c in candidates if c[0] in prose_numbers]
        longest = max((len(str(c[0])) for c in stated), default=0)
        stated = [c for c in stated if len(str(c[0])) == longest]
        if len(stated) == 1:
            notes.append(f"legacy {indicator}: «{''.join(digits)}» split by the figure stated in the prose")
            candidates = stated
    agreed = consensus(candidates) or [None] * n
    if len(candidates) != 1:
        notes.append(f"legacy {indicator}: «{''.join(digits)}» splits {len(candidates)} ways; left blank")
    raw = "".join(digits)
    return [Value(v, "recovered", raw) if v is not None else Value.blank(raw) for v in agreed]


def _renumber(rows: list[LegacyIndicator]) -> list[LegacyIndicator]:
    row_number, previous = 0, None
    for row in rows:
        if row.indicator != previous or row.period == "this_year":
            row_number += 1
        previous = row.indicator
        row.row = row_number
    return rows


def indicator_key(indicator: str) -> str:
    """The indicator without its enumerator, for matching (「(一)收到申请数」 → 「收到申请数」)."""
    return _ENUMERATOR.sub("", indicator).strip()


# --- The comparison table some 2016-2018 reports add (年度对比) ----------------------------------------

_YEAR_HEADER = re.compile(r"(\d{4})年度?")


def parse_comparison_table(text: str) -> list[LegacyIndicator]:
    """A table with year columns: a header row of years, a row of indicator names, a row of numbers."""
    lines = text.split("\n")
    rows: list[LegacyIndicator] = []
    for i, line in enumerate(lines[:-2]):
        cells = [c.strip() for c in line.split("|") if c.strip()]
        years = [m.group(1) for c in cells for m in [_YEAR_HEADER.fullmatch(c)] if m]
        if len(years) < 2 or len(years) != len(cells):
            continue
        names = [c.strip() for c in lines[i + 1].split("|") if c.strip()]
        numbers = [c.strip() for c in lines[i + 2].split("|") if c.strip()]
        if not names or len(names) != len(numbers) or len(names) % len(years):
            continue
        if not all(re.fullmatch(r"\d+(?:\.\d+)?", n) for n in numbers):
            continue
        per_year = len(names) // len(years)
        for j, (name, number) in enumerate(zip(names, numbers)):
            value = Value(cell_number_text(number), "reported", number)
            rows.append(LegacyIndicator("comparison", j % per_year + 1, name, "", years[j // per_year], value))
    return rows


def cell_number_text(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number
