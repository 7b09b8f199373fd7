"""Tables 2, 3 and 4 of the standard layouts: find them, match labels to values, split digit runs.

Labels are matched by the vocabulary's patterns, never by position; values are matched to labels by
the alignment in `align`, which copes with labels and values that come apart (PDF → text).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from .. import vocabulary as V
from ..records import Value
from .cells import Cell, Chunk, Run, cell_number, events, value_blocks
from .split import consensus, splits

Grid = dict[str, dict[str, Value]]

_T2_START = re.compile(r"第二十条第\s*\(?[一1]\)?\s*项|信息内容\s*\|?\s*(?:本年制发|本年新制作)")
_T3_START = re.compile(r"申请人情况|本列数据的勾稽关系|本年新收政府信息公开申请")
_T3_HEADING = re.compile(r"收到和处理政府信息公开申请情况")
_T4_START = re.compile(r"行政复议[^\n。]{0,8}行政诉讼|行政复议\s*\|?\s*行政诉讼")
# A real Table 3 is a few KB of text even flattened one cell per line; a larger "table" is junk, and
# bounding the region bounds the work on adversarial input.
MAX_REGION_CHARS = 60_000
_T4_END = re.compile(r"[五六]\s*[、.]\s*(?:存在|政府信息公开工作存在|其他需要)|存在的?主要问题|\(一\)\s*主要问题"
                     r"|主要问题及|改进情况|其他需要报告")


@dataclass
class Regions:
    table2: str = ""
    table3: str = ""
    table4: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)  # where tables are, to keep prose apart
    located: dict[str, tuple[int, int]] = field(default_factory=dict)  # table code → span in the text


def find_regions(text: str) -> Regions:
    regions = Regions()
    cap = MAX_REGION_CHARS
    t2 = _T2_START.search(text)
    t3 = _T3_START.search(text, t2.start() if t2 else 0)
    if t3:
        heading = None
        for heading in _T3_HEADING.finditer(text, max(0, t3.start() - 300), t3.start()):
            pass
        t3_start = heading.start() if heading else t3.start()
        after_rows = _last_row_label_end(text, t3.start())
        t4 = _T4_START.search(text, after_rows)
        t3_end = min(t4.start() if t4 else len(text), t3_start + cap)
        regions.table3 = text[t3_start:t3_end]
        regions.located["table3"] = (t3_start, t3_end)
        if t2 and t2.start() < t3_start:
            t2_start = max(t2.start(), t3_start - cap)
            regions.table2 = text[t2_start:t3_start]
            regions.located["table2"] = (t2_start, t3_start)
        if t4:
            end = _T4_END.search(text, t4.end())
            t4_end = min(end.start() if end else len(text), t4.end() + 1500, t4.start() + cap)
            regions.table4 = text[t4.start():t4_end]
            regions.located["table4"] = (t4.start(), t4_end)
    elif t2:
        end = min(len(text), t2.start() + 3000)
        regions.table2 = text[t2.start():end]
        regions.located["table2"] = (t2.start(), end)
    regions.spans.extend(sorted(regions.located.values()))
    return regions


def _last_row_label_end(text: str, start: int) -> int:
    """Table 4 starts after Table 3's last row (结转下年度) when that label is there."""
    match = re.compile(r"结转下(?:一)?年度?(?:继续办理)?").search(text, start)
    return match.end() if match else start


# --- Label ↔ value alignment -----------------------------------------------------------------------

@dataclass(frozen=True, eq=False)  # identity hash: a tuple of specs is a cheap cache key
class RowSpec:
    code: str
    pattern: re.Pattern
    n: int


TABLE3_SPECS = tuple(RowSpec(t.code, re.compile(t.pattern), 7) for t in V.TABLE3_ROWS)


@lru_cache(maxsize=None)
def table2_specs(layout: str) -> tuple[RowSpec, ...]:
    return tuple(RowSpec(i.term.code, re.compile(i.term.pattern), len(i.measures)) for i in V.table2_items(layout))


def find_keys(text: str, specs: tuple[RowSpec, ...]) -> list[str]:
    if len(text) > 200:
        return _find_keys(text, specs)
    return list(_find_keys_cached(text, specs))


@lru_cache(maxsize=8192)
def _find_keys_cached(text: str, specs: tuple[RowSpec, ...]) -> tuple[str, ...]:
    """Row labels repeat across reports: a short label's rows are looked up once."""
    return tuple(_find_keys(text, specs))


def _find_keys(text: str, specs: tuple[RowSpec, ...]) -> list[str]:
    hits = []
    for spec in specs:
        match = spec.pattern.search(text)
        if match:
            hits.append((match.start(), spec.code))
    keys = [code for _, code in sorted(hits)]
    # A 2019-style 其他处理 label directly followed by a sub-row label is only the block heading.
    if "other" in keys and keys.index("other") < len(keys) - 1:
        keys.remove("other")
    return keys


def align(stream: list, specs: tuple[RowSpec, ...], fits: Callable[[Run, int], bool]) -> tuple[dict[str, Run], list[str]]:
    """Match value runs to row labels.

    A run on the same line as its label binds to it. Otherwise labels and runs are paired in order:
    a label waits for the next loose run, a loose run waits for the next label. A run that fits no
    waiting label's shape is a stray and is reported, not used.
    """
    width = {s.code: s.n for s in specs}
    widths = set(width.values())
    assigned: dict[str, Run] = {}
    waiting_labels: list[str] = []
    waiting_runs: list[Run] = []
    notes: list[str] = []
    bound_label = None
    for i, event in enumerate(stream):
        if isinstance(event, Chunk):
            keys = [k for k in find_keys(event.text, specs) if k not in assigned and k not in waiting_labels]
            following = stream[i + 1] if i + 1 < len(stream) else None
            bound_label = None
            if keys and isinstance(following, Run) and following.bound and fits(following, width[keys[-1]]):
                bound_label = keys.pop()
            for key in keys:
                if waiting_runs and fits(waiting_runs[0], width[key]):
                    assigned[key] = waiting_runs.pop(0)
                else:
                    waiting_labels.append(key)
            continue
        if event.bound and bound_label:
            assigned[bound_label] = event
            bound_label = None
            continue
        bound_label = None
        fitting = {n for n in widths if fits(event, n)}  # one test per row width, not per waiting label
        target = next((k for k in waiting_labels if width[k] in fitting), None)
        if target is not None:
            skipped = waiting_labels[:waiting_labels.index(target)]
            if skipped:
                notes.append(f"no values found for {', '.join(skipped)}")
            del waiting_labels[:waiting_labels.index(target) + 1]
            assigned[target] = event
        elif not waiting_labels and fitting:
            waiting_runs.append(event)
        else:
            notes.append(f"ignored stray values on line {event.first_line + 1}: "
                         + " ".join(c.raw or "·" for c in event.cells))
    if waiting_runs:
        notes.append(f"{len(waiting_runs)} row(s) of values without a label")
    return assigned, notes


# --- Cells → values -----------------------------------------------------------------------------

def cell_value(cell) -> Value:
    if cell.kind == "blank":
        return Value.blank()
    if cell.kind == "dash":
        return Value(None, "dash", cell.raw)
    return Value(cell_number(cell), "reported", cell.raw)


@dataclass
class RowRead:
    values: list[Value] | None = None  # read directly
    candidates: list[tuple[int, ...]] | None = None  # digit runs to split
    digits: str = ""


def read_row(run: Run, n: int, row_ok: Callable[[tuple[int, ...]], bool] | None = None,
             subtotal_at: int | None = None,
             prefix_ok: Callable[[tuple[int, ...], int], bool] | None = None) -> RowRead:
    cells = list(run.cells)
    while len(cells) > n and cells[-1].kind == "blank":
        cells.pop()
    if subtotal_at is not None and len(cells) == n + 1:
        del cells[subtotal_at]
    if len(cells) == n:
        return RowRead(values=[cell_value(c) for c in cells])
    digit_tokens = [c.digits for c in cells]
    if len(cells) < n and all(c.kind == "num" and c.digits.isdigit() for c in cells):
        found = list(splits(digit_tokens, n, prefix_ok))
        if row_ok is not None:
            found = [c for c in found if row_ok(c)]
        return RowRead(candidates=found, digits=" ".join(digit_tokens))
    return RowRead(candidates=[], digits=" ".join(c.raw or "·" for c in cells))


def cell_capacity_fits(run: Run, n: int, allow_extra: int = 0) -> bool:
    cells = run.cells
    count = len(cells)
    while count > n and cells[count - 1].kind == "blank":
        count -= 1
    if n <= count <= n + allow_extra:
        return True
    if count < n and all(c.kind == "num" and c.digits.isdigit() for c in cells[:count]):
        digits = sum(len(c.digits) for c in cells[:count])
        return n <= digits <= n * 9
    return False


def recovered(candidate: tuple[int, ...], digits: str) -> list[Value]:
    return [Value(v, "recovered", digits) for v in candidate]


# --- Table 3 ------------------------------------------------------------------------------------

T3_COLUMNS = V.codes(V.TABLE3_COLUMNS)


def _row_total_ok(cells: tuple[int, ...]) -> bool:
    return sum(cells[:6]) == cells[6]


def _row_total_possible(cells: tuple[int, ...], digits_left: int) -> bool:
    """The six applicant cells placed so far cannot exceed the largest total the digits left can write."""
    return len(cells) > 6 or sum(cells) < 10 ** max(digits_left, 0)


def parse_table3(region: str) -> tuple[Grid, list[str]]:
    """→ (rows: code → column → Value, notes on what could not be read)."""
    specs = TABLE3_SPECS
    has_subtotal = "小计" in region
    stream = events(region)
    assigned, notes = align(stream, specs, lambda run, n: cell_capacity_fits(run, n, 1 if has_subtotal else 2))
    fixed: dict[str, list[Value]] = {}
    ambiguous: dict[str, list[tuple[int, ...]]] = {}
    digits_of: dict[str, str] = {}
    for code, run in assigned.items():
        subtotal_at = 6 if (has_subtotal or _looks_like_subtotal(run)) else None
        read = read_row(run, 7, _row_total_ok, subtotal_at, _row_total_possible)
        if read.values is not None:
            fixed[code] = read.values
        elif len(read.candidates or []) == 1:
            fixed[code] = recovered(read.candidates[0], read.digits)
        elif read.candidates:
            ambiguous[code] = read.candidates
            digits_of[code] = read.digits
        else:
            notes.append(f"Table 3 row {code}: cannot read 7 cells from «{read.digits}»")
    if ambiguous:
        notes.extend(_resolve_table3(fixed, ambiguous, digits_of))
    found = {key for e in stream if isinstance(e, Chunk) for key in find_keys(e.text, specs)}
    labelled = [t.code for t in V.TABLE3_ROWS if t.code in found]
    if len(fixed) < len(labelled) or any(note.startswith("ignored stray values") for note in notes):
        in_order = read_in_form_order(region, labelled)
        if in_order:
            fixed = in_order
            notes = ["Table 3: labels and values are apart in this copy (PDF text in raw order); the values "
                     "were read in the form's row order, where every row total and identity holds"]
    grid = {code: dict(zip(T3_COLUMNS, values)) for code, values in fixed.items()}
    return grid, notes


# Cuts of the values into rows to try; a real table has a handful.
_MAX_READINGS = 200


def read_in_form_order(region: str, codes: list[str]) -> dict[str, list[Value]] | None:
    """Table 3's values without their labels, in the form's row order: each band of rows printed
    either row by row, or column by column as one block per column (how `pdftotext` without
    `-layout` emits rows that share merged label cells). Accepted only when one reading makes every
    row total and the table's identities (H1, H2) hold."""
    blocks = value_blocks(region)
    if not blocks or not codes or sum(len(b) for b in blocks) != 7 * len(codes):
        return None
    readings: dict[tuple, list[list[Cell]]] = {}
    for tried, rows in enumerate(_form_order_readings(blocks, 0, len(codes))):
        numbers = {code: [cell_number(c) for c in row] for code, row in zip(codes, rows)}
        if all(None not in row for row in numbers.values()) and _columns_consistent(numbers):
            readings[tuple(tuple(row) for row in numbers.values())] = rows
        if len(readings) > 1 or tried >= _MAX_READINGS:
            return None
    if len(readings) != 1:
        return None
    rows = next(iter(readings.values()))
    return {code: [cell_value(c) for c in row] for code, row in zip(codes, rows)}


def _form_order_readings(blocks: list[list[Cell]], start: int, rows_left: int):
    """Every way to cut blocks[start:] into `rows_left` rows whose totals add up (a generator)."""
    if start == len(blocks):
        if rows_left == 0:
            yield []
        return
    for rows, used in _bands_at(blocks, start):
        if len(rows) <= rows_left and all(_row_total_holds(row) for row in rows):
            for rest in _form_order_readings(blocks, start + used, rows_left - len(rows)):
                yield rows + rest


def _bands_at(blocks: list[list[Cell]], start: int):
    """(rows, blocks used): one block of whole rows, or 7 equal blocks that are the band's columns."""
    block = blocks[start]
    if len(block) % 7 == 0:
        yield [block[i:i + 7] for i in range(0, len(block), 7)], 1
    columns = blocks[start:start + 7]
    if len(columns) == 7 and all(len(c) == len(block) for c in columns):
        yield [[column[r] for column in columns] for r in range(len(block))], 7


def _row_total_holds(row: list[Cell]) -> bool:
    numbers = [cell_number(c) for c in row]
    return None in numbers or sum(numbers[:6]) == numbers[6]


def _looks_like_subtotal(run: Run) -> bool:
    """8 cells where the 7th is the legal-person subtotal: 小计 = the five organisation columns."""
    numbers = [cell_number(c) for c in run.cells]
    if len(numbers) != 8 or any(n is None for n in numbers):
        return False
    return numbers[6] == sum(numbers[1:6]) and numbers[7] == numbers[0] + numbers[6]


def _resolve_table3(fixed: dict[str, list[Value]], ambiguous: dict[str, list[tuple[int, ...]]],
                    digits_of: dict[str, str]) -> list[str]:
    """Choose among the splits of ambiguous rows with H1 and H2 (per column), across the table."""
    codes = list(ambiguous)
    combos = 1
    for code in codes:
        combos *= len(ambiguous[code])
    notes = []
    surviving: list[tuple[tuple[int, ...], ...]] = []
    if combos <= 200_000:
        for combo in product(*(ambiguous[c] for c in codes)):
            trial = {c: [v.number for v in vals] for c, vals in fixed.items()}
            trial.update({c: list(values) for c, values in zip(codes, combo)})
            if _columns_consistent(trial):
                surviving.append(combo)
    else:
        notes.append(f"too many split combinations to test ({combos})")
    pool = [list(zip(*surviving))[i] if surviving else ambiguous[c] for i, c in enumerate(codes)]
    for code, candidates in zip(codes, pool):
        candidates = sorted(set(candidates))
        agreed = consensus(candidates)
        fixed[code] = [Value(v, "recovered", digits_of[code]) if v is not None else Value.blank(digits_of[code])
                       for v in agreed]
        if len(candidates) > 1:
            shown = "; ".join("·".join(map(str, c)) for c in candidates[:4])
            notes.append(f"Table 3 row {code}: «{digits_of[code]}» splits {len(candidates)} ways ({shown}); "
                         "cells that differ are left blank")
    return notes


def _columns_consistent(rows: dict[str, list]) -> bool:
    """H1 and H2 on every column where the cells involved are known."""
    outcome_codes = [t.code for t in V.TABLE3_ROWS if t.group in {g.code for g in V.TABLE3_OUTCOME_GROUPS}]
    for col in range(7):
        def get(code):
            row = rows.get(code)
            return row[col] if row else None
        total = get("total_processed")
        outcomes = [get(c) for c in outcome_codes if c in rows]
        if total is not None and outcomes and all(o is not None for o in outcomes) and sum(outcomes) != total:
            return False
        parts = [get("new_received"), get("carried_over"), total, get("carried_forward")]
        if all(p is not None for p in parts) and parts[0] + parts[1] != parts[2] + parts[3]:
            return False
    return True


# --- Table 2 ------------------------------------------------------------------------------------

# Plausibility rules for splitting a 3-cell document row, tried in order while more than one split
# survives; a rule that would leave none is skipped. The first is near-certain (documents issued this
# year are still in force at its end unless abolished), the second typical.
_DOC_ROW_RULES_2021 = (
    ("现行有效件数 ≥ 本年制发件数", lambda c: c[2] >= c[0]),
    ("本年废止件数 ≤ 本年制发件数", lambda c: c[1] <= c[0]),
)
_DOC_ROW_RULES_2019 = (
    ("对外公开总数量 ≥ 本年新公开数量", lambda c: c[2] >= c[1]),
    ("本年新公开数量 ≤ 本年新制作数量", lambda c: c[1] <= c[0]),
)


def table2_header_layout(region: str) -> str | None:
    n2021 = len(re.findall(V.TABLE2_2021_HEADER, region))
    n2019 = len(re.findall(V.TABLE2_2019_HEADER, region))
    if n2021 > n2019:
        return V.STANDARD_2021
    if n2019 > n2021:
        return V.STANDARD_2019
    return None


def parse_table2(region: str, layout: str) -> tuple[Grid, list[str]]:
    items = V.table2_items(layout)
    specs = table2_specs(layout)
    stream = events(region)
    assigned, notes = align(stream, specs, cell_capacity_fits)
    grid: Grid = {}
    rules = _DOC_ROW_RULES_2019 if layout == V.STANDARD_2019 else _DOC_ROW_RULES_2021
    for item in items:
        run = assigned.get(item.term.code)
        if run is None:
            continue
        measures = [m.code for m in item.measures]
        read = read_row(run, len(measures))
        if read.values is not None:
            grid[item.term.code] = dict(zip(measures, read.values))
            continue
        candidates = read.candidates or []
        if measures in (["issued", "abolished", "in_force"], ["newly_made", "newly_published", "total_published"]) \
                and len(candidates) > 1:
            for rule_text, rule in rules:
                kept = [c for c in candidates if rule(c)]
                if kept and len(kept) < len(candidates):
                    candidates = kept
                    notes.append(f"Table 2 {item.term.code}: «{read.digits}» split using the rule {rule_text}")
                if len(candidates) == 1:
                    break
        agreed = consensus(candidates)
        grid[item.term.code] = {m: (Value(v, "recovered", read.digits) if v is not None else Value.blank(read.digits))
                                for m, v in zip(measures, agreed or [None] * len(measures))}
        if len(candidates) != 1:
            notes.append(f"Table 2 {item.term.code}: «{read.digits}» splits {len(candidates)} ways; "
                         "cells that differ are left blank")
    return grid, notes


# --- Table 4 ------------------------------------------------------------------------------------

T4_PROCEEDINGS = V.codes(V.TABLE4_PROCEEDINGS)
T4_OUTCOMES = V.codes(V.TABLE4_OUTCOMES)


def _groups_ok(cells: tuple[int, ...]) -> bool:
    for g in range(0, len(cells) - len(cells) % 5, 5):
        if sum(cells[g:g + 4]) != cells[g + 4]:
            return False
    return True


def parse_table4(region: str) -> tuple[Grid, list[str]]:
    runs = [e for e in events(region) if isinstance(e, Run)]
    cells = [c for run in runs for c in run.cells]
    while len(cells) > 15 and cells[-1].kind == "blank":
        cells.pop()
    notes: list[str] = []
    values: list[Value] | None = None
    if len(cells) == 15:
        values = [cell_value(c) for c in cells]
    elif len(cells) > 15:
        exact = [r for r in runs if len(r.cells) == 15]
        if exact:
            values = [cell_value(c) for c in exact[0].cells]
        else:
            notes.append(f"Table 4: found {len(cells)} cells, expected 15")
    elif cells and all(c.kind == "num" and c.digits.isdigit() for c in cells):
        digits = " ".join(c.digits for c in cells)
        candidates = list(splits([c.digits for c in cells], 15, lambda prefix, _: _groups_ok(prefix)))
        candidates = [c for c in candidates if _groups_ok(c)]
        agreed = consensus(candidates)
        if agreed:
            values = [Value(v, "recovered", digits) if v is not None else Value.blank(digits) for v in agreed]
        if len(candidates) != 1:
            notes.append(f"Table 4: «{digits}» splits {len(candidates)} ways into 15 cells")
    elif cells:
        notes.append(f"Table 4: found {len(cells)} cells, expected 15")
    if values is None:
        return {}, notes
    grid = {p: dict(zip(T4_OUTCOMES, values[i * 5:(i + 1) * 5])) for i, p in enumerate(T4_PROCEEDINGS)}
    return grid, notes
