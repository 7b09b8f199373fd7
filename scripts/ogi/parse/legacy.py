"""The pre-2019 statistics table (政府信息公开情况统计表): indicator · unit · value rows.

Indicator lists vary by province and year, so rows are kept as printed (indicator text, unit, one
value per period column) rather than forced into the 2019/2021 vocabulary, with the block heading they
sit under (「三、依申请公开情况」) and their depth in the form (（一） rows, 1./2. rows, 其中 rows). Three
layouts are read: a grid (HTML, Word, PDF), one row per line (pipe cells, the value often written with
its unit: 「78条」), and a whole table run together on one line (「受理依申请公开信息总数条728」 = 7 this
year, 28 cumulative).
"""

from __future__ import annotations

import re

from .. import vocabulary as V
from ..records import DigitRun, LegacyIndicator, Value
from .cells import Chunk, Run, cell_number, events
from .flattened import MAX_REGION_CHARS
from .rows import digit_run, split_values
from .split import splits

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
    end_match = _TABLE_END.search(text, start, start + MAX_REGION_CHARS)
    return start, (end_match.start() if end_match else min(len(text), start + MAX_REGION_CHARS))


def parse_statistics_table(region: str, prose_numbers: set[int]) -> tuple[list[LegacyIndicator], list[DigitRun]]:
    """The table in text: pipe rows, one a line (the first line is its title), or one run-together line."""
    periods = _periods(region)
    lines = [line for line in region.split("\n") if line.strip()]
    if len(lines) <= 2:
        return _run_together_rows(region, periods, prose_numbers)
    rows = [[p.strip() for p in line.strip().strip("|").split("|")] for line in lines[1:]]
    return cell_rows(rows, periods), []


def _periods(text: str) -> list[str]:
    return ["this_year", "cumulative"] if re.search(r"历年累计|累计数", text) else ["this_year"]


def parse_statistics_grid(rows: list[list[str]]) -> list[LegacyIndicator]:
    """The table from a grid: its rows as their cells."""
    return cell_rows(rows, _periods(" ".join(c for row in rows for c in row)))


def cell_rows(cell_rows: list[list[str]], periods: list[str]) -> list[LegacyIndicator]:
    rows: list[LegacyIndicator] = []
    for pieces in cell_rows:
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
        if not values:
            values = [Value.blank()]
        for period, value in zip(periods, values):
            rows.append(LegacyIndicator("statistics", len(rows) + 1, indicator, unit, period, value))
    return _structure(_renumber(rows))


def _run_together_rows(region: str, periods: list[str],
                       prose_numbers: set[int]) -> tuple[list[LegacyIndicator], list[DigitRun]]:
    rows: list[LegacyIndicator] = []
    runs: list[DigitRun] = []
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
        values = _period_values(following, len(periods), prose_numbers, indicator, runs)
        for period, value in zip(periods, values):
            rows.append(LegacyIndicator("statistics", 0, indicator, unit, period, value))
    return _structure(_renumber(rows)), runs


def _period_values(run: Run, n: int, prose_numbers: set[int], indicator: str, runs: list[DigitRun]) -> list[Value]:
    cells = run.cells
    if len(cells) == n:
        return [Value(cell_number(c), "reported", c.raw) if c.kind == "num" else Value.blank() for c in cells]
    digits = [c.digits for c in cells]
    candidates = list(splits(digits, n))
    evidence = "only_split"
    if n == 2 and len(candidates) > 1:
        candidates = [c for c in candidates if c[1] >= c[0]]  # cumulative ≥ this year
        evidence = "bounds"
    if len(candidates) > 1:
        # A this-year value the prose also states settles it; a long number matching is no coincidence.
        stated = [c for c in candidates if c[0] in prose_numbers]
        longest = max((len(str(c[0])) for c in stated), default=0)
        stated = [c for c in stated if len(str(c[0])) == longest]
        if len(stated) == 1:
            candidates, evidence = stated, "prose"
    raw = "".join(digits)
    runs.append(digit_run("statistics", indicator, raw, candidates, evidence))
    return split_values(candidates, raw, evidence, n)


def _renumber(rows: list[LegacyIndicator]) -> list[LegacyIndicator]:
    row_number, previous = 0, None
    for row in rows:
        if row.indicator != previous or row.period == "this_year":
            row_number += 1
        previous = row.indicator
        row.row = row_number
    return rows


_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.]")
_PAREN_ITEM = re.compile(r"^\(?[一二三四五六七八九十]+\)")
_NUMBERED_ITEM = re.compile(r"^\d+[.、]")
_PART_OF = re.compile(r"^其中[:：]?")


def _structure(rows: list[LegacyIndicator]) -> list[LegacyIndicator]:
    """Each row's block heading and depth, from the enumerators the form prints. A heading row with no
    value (「一、主动公开情况 | ——」) is only the heading of the rows under it."""
    section, paren, part_list, outside = "", None, None, 0
    depth_of: dict[int, int] = {}
    heading_rows: set[int] = set()
    for row in rows:
        if row.row in depth_of:
            row.section, row.indent = section, depth_of[row.row]
            continue
        key = "".join(row.indicator.split())
        if _SECTION_HEADING.match(key):
            section, paren, part_list, indent = row.indicator, None, None, 0
            if row.value.number is None:
                heading_rows.add(row.row)
        elif _PART_OF.match(key):
            indent = outside + 1
            part_list = ("numbered" if _NUMBERED_ITEM.match(_PART_OF.sub("", key)) else "plain", indent)
        elif part_list and (_NUMBERED_ITEM.match(key) if part_list[0] == "numbered" else not _enumerated(key)):
            indent = part_list[1]
        else:
            part_list = None
            base = 1 if section else 0
            if _PAREN_ITEM.match(key):
                indent = paren = base
            elif _NUMBERED_ITEM.match(key) and paren is not None:
                indent = paren + 1
            else:
                indent = base
            outside = indent
        if _SECTION_HEADING.match(key):
            outside = 0
        depth_of[row.row] = indent
        row.section, row.indent = section, indent
    kept = [row for row in rows if row.row not in heading_rows]
    return _renumber(kept)


def _enumerated(key: str) -> bool:
    return bool(_SECTION_HEADING.match(key) or _PAREN_ITEM.match(key) or _NUMBERED_ITEM.match(key))


def indicator_key(indicator: str) -> str:
    """The indicator without its enumerator, for matching (「(一)收到申请数」 → 「收到申请数」)."""
    return _ENUMERATOR.sub("", indicator).strip()


# --- The comparison table some 2016-2018 reports add (年度对比) ----------------------------------------

_YEAR_HEADER = re.compile(r"(\d{4})年度?")


def parse_comparison_table(text: str) -> list[LegacyIndicator]:
    """The table in text: pipe rows, one a line."""
    return parse_comparison_rows([[c.strip() for c in line.split("|") if c.strip()] for line in text.split("\n")])


def parse_comparison_rows(lines: list[list[str]]) -> list[LegacyIndicator]:
    """A table with year columns: a header row of years, a row of indicator names, a row of numbers."""
    rows: list[LegacyIndicator] = []
    for i, cells in enumerate(lines[:-2]):
        years = [m.group(1) for c in cells for m in [_YEAR_HEADER.fullmatch(c)] if m]
        if len(years) < 2 or len(years) != len(cells):
            continue
        names, numbers = lines[i + 1], lines[i + 2]
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
