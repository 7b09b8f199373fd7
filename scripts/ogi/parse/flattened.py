"""Tables 2, 3 and 4 in flattened text (the tables of text files, and any grid the structured path cannot
map): find them, match labels to values, split runs of digits printed without separators.

Labels are matched by the vocabulary's patterns, never by position; values are matched to labels by
the alignment in `align`, which copes with labels and values that come apart (PDF → text). A run of
digits is cut only where the identities, the form's bounds or a figure stated in the prose leave one
way; otherwise its cells are `ambiguous` and the candidates are kept (`DigitRun`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product

from .. import identities
from .. import vocabulary as V
from ..records import DigitRun, Number, Value
from .cells import Cell, Chunk, Event, Run, cell_number, events, value_blocks
from .rows import (TABLE3_SPECS, Grid, RowSpec, cell_value, choose_table2_split, digit_run, find_keys,
                   split_values, table2_specs, table3_consistent)
from .split import splits

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


# --- Rows of cells ---------------------------------------------------------------------------------

@dataclass
class RowRead:
    values: list[Value] | None = None  # read directly
    candidates: list[tuple[int, ...]] | None = None  # digit runs to split
    digits: str = ""
    note: str = ""


def read_row(run: Run, n: int, row_ok: Callable[[tuple[int, ...]], bool] | None = None,
             subtotal_at: int | None = None,
             prefix_ok: Callable[[tuple[int, ...], int], bool] | None = None) -> RowRead:
    """A run of cells → n values, or the ways its digits can be cut into n cells. Cells the source
    separated are never merged, and a cell of its own is never cut: a row of such cells that is short
    of n keeps them in order and leaves the rest blank."""
    cells = list(run.cells)
    while len(cells) > n and cells[-1].kind == "blank":
        cells.pop()
    if subtotal_at is not None and len(cells) == n + 1:
        del cells[subtotal_at]
    if len(cells) == n:
        return RowRead(values=[cell_value(c) for c in cells])
    if len(cells) < n and cells and all(c.alone or c.kind != "num" for c in cells):
        shown = " ".join(c.raw or "·" for c in cells)
        return RowRead(values=[cell_value(c) for c in cells] + [Value.blank() for _ in range(n - len(cells))],
                       note=f"row «{shown}» has {len(cells)} cells for {n} columns: read in order, the rest blank")
    digit_tokens = [c.digits for c in cells]
    if len(cells) < n and all(c.kind == "num" and c.digits.isdigit() for c in cells):
        whole = frozenset(i for i, c in enumerate(cells) if c.alone)
        found = list(splits(digit_tokens, n, prefix_ok, whole=whole))
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
        if all(c.alone for c in cells[:count]):  # a row of separated cells short of one or two
            return count >= max(1, n - 2)
        digits = sum(len(c.digits) for c in cells[:count])
        return n <= digits <= n * 9
    return False


def _evidence_of_cut(digits: str, n: int, narrowed_by: str) -> str:
    """n digits for n cells can be cut one way only; otherwise what narrowed the cuts decided."""
    return "only_split" if len(digits.replace(" ", "")) == n else narrowed_by


# --- Table 3 ------------------------------------------------------------------------------------

T3_COLUMNS = V.codes(V.TABLE3_COLUMNS)


def _row_total_possible(cells: tuple[int, ...], digits_left: int) -> bool:
    """The six applicant cells placed so far cannot exceed the largest total the digits left can write."""
    return len(cells) > 6 or sum(cells) < 10 ** max(digits_left, 0)


@dataclass
class TableRead:
    """One table read from text: its cells, the digit runs it was cut from, notes on what was not read."""

    grid: Grid = field(default_factory=dict)
    runs: list[DigitRun] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_table3(region: str = "", stream: list[Event] | None = None) -> TableRead:
    """Table 3 from its text region (or an event stream made from a grid) → rows: code → column → Value."""
    specs = TABLE3_SPECS
    stream = events(region) if stream is None else stream
    has_subtotal = "小计" in region or any(isinstance(e, Chunk) and "小计" in e.text for e in stream)
    assigned, notes = align(stream, specs, lambda run, n: cell_capacity_fits(run, n, 1 if has_subtotal else 2))
    fixed: dict[str, list[Value]] = {}
    ambiguous: dict[str, list[tuple[int, ...]]] = {}
    digits_of: dict[str, str] = {}
    for code, run in assigned.items():
        subtotal_at = 6 if (has_subtotal or _looks_like_subtotal(run)) else None
        read = read_row(run, 7, identities.row_total_holds, subtotal_at, _row_total_possible)
        if read.note:
            notes.append(f"Table 3 {code}: {read.note}")
        if read.values is not None:
            fixed[code] = read.values
        elif read.candidates:
            ambiguous[code] = read.candidates
            digits_of[code] = read.digits
        else:
            notes.append(f"Table 3 row {code}: cannot read 7 cells from «{read.digits}»")
    runs = _resolve_table3(fixed, ambiguous, digits_of, notes) if ambiguous else []
    found = {key for e in stream if isinstance(e, Chunk) for key in find_keys(e.text, specs)}
    labelled = [t.code for t in V.TABLE3_ROWS if t.code in found]
    if region and (len(fixed) < len(labelled) or any(note.startswith("ignored stray values") for note in notes)):
        in_order = read_in_form_order(region, labelled)
        if in_order:
            fixed, runs = in_order, []
            notes = ["Table 3: labels and values are apart in this copy (PDF text in raw order); the values "
                     "were read in the form's row order, where every row total and identity holds"]
    grid = {code: dict(zip(T3_COLUMNS, values)) for code, values in fixed.items()}
    return TableRead(grid, runs, notes)


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
        if all(None not in row for row in numbers.values()) and table3_consistent(numbers):
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
    return None in numbers or identities.row_total_holds(tuple(numbers))


def _looks_like_subtotal(run: Run) -> bool:
    """8 cells where the 7th is the legal-person subtotal: 小计 = the five organisation columns."""
    numbers = [cell_number(c) for c in run.cells]
    if len(numbers) != 8 or any(n is None for n in numbers):
        return False
    return numbers[6] == sum(numbers[1:6]) and numbers[7] == numbers[0] + numbers[6]


_MAX_COMBINATIONS = 200_000


def _resolve_table3(fixed: dict[str, list[Value]], ambiguous: dict[str, list[tuple[int, ...]]],
                    digits_of: dict[str, str], notes: list[str]) -> list[DigitRun]:
    """Choose among the cuts of each row's digits with H3 (each row) and H1, H2 (each column, across the
    table); cells the surviving cuts disagree on are `ambiguous`."""
    codes = list(ambiguous)
    combos = 1
    for code in codes:
        combos *= len(ambiguous[code])
    surviving: list[tuple[tuple[int, ...], ...]] = []
    if combos <= _MAX_COMBINATIONS:
        for combo in product(*(ambiguous[c] for c in codes)):
            trial: dict[str, list[Number | None]] = {c: [v.number for v in vals] for c, vals in fixed.items()}
            trial.update({c: list(values) for c, values in zip(codes, combo)})
            if table3_consistent(trial):
                surviving.append(combo)
    else:
        notes.append(f"Table 3: too many split combinations to test ({combos})")
    pool = [list(zip(*surviving))[i] if surviving else ambiguous[c] for i, c in enumerate(codes)]
    runs = []
    for code, candidates in zip(codes, pool):
        candidates = sorted(set(candidates))
        evidence = _evidence_of_cut(digits_of[code], 7, "identities")
        fixed[code] = split_values(candidates, digits_of[code], evidence, 7)
        runs.append(digit_run("table3", code, digits_of[code], candidates, evidence))
    return runs


# --- Table 2 ------------------------------------------------------------------------------------

def parse_table2(region: str, layout: str, stated: dict[tuple[str, str], Number],
                 stream: list[Event] | None = None) -> TableRead:
    """Table 2 → item → measure → Value. Runs of digits are cut with the form's bounds and the figures
    the prose states (`stated`: (item, measure) → number)."""
    specs = table2_specs(layout)
    stream = events(region) if stream is None else stream
    assigned, notes = align(stream, specs, cell_capacity_fits)
    table = TableRead(notes=notes)
    for item in V.table2_items(layout):
        run = assigned.get(item.term.code)
        if run is None:
            continue
        measures = tuple(m.code for m in item.measures)
        read = read_row(run, len(measures))
        if read.note:
            notes.append(f"Table 2 {item.term.code}: {read.note}")
        if read.values is not None:
            table.grid[item.term.code] = dict(zip(measures, read.values))
            continue
        candidates, evidence = choose_table2_split(item.term.code, measures, read.candidates or [], stated)
        evidence = _evidence_of_cut(read.digits, len(measures), evidence)
        table.grid[item.term.code] = dict(zip(measures, split_values(candidates, read.digits, evidence,
                                                                     len(measures))))
        table.runs.append(digit_run("table2", item.term.code, read.digits, candidates, evidence))
    return table


# --- Table 4 ------------------------------------------------------------------------------------

T4_PROCEEDINGS = V.codes(V.TABLE4_PROCEEDINGS)
T4_OUTCOMES = V.codes(V.TABLE4_OUTCOMES)


def parse_table4(region: str = "", stream: list[Event] | None = None) -> TableRead:
    stream = events(region) if stream is None else stream
    runs = [e for e in stream if isinstance(e, Run)]
    cells = [c for run in runs for c in run.cells]
    while len(cells) > 15 and cells[-1].kind == "blank":
        cells.pop()
    table = TableRead()
    values: list[Value] | None = None
    if len(cells) == 15:
        values = [cell_value(c) for c in cells]
    elif len(cells) > 15:
        exact = [r for r in runs if len(r.cells) == 15]
        if exact:
            values = [cell_value(c) for c in exact[0].cells]
        else:
            table.notes.append(f"Table 4: found {len(cells)} cells, expected 15")
    elif cells and all(c.kind == "num" and c.digits.isdigit() for c in cells):
        digits = " ".join(c.digits for c in cells)
        whole = frozenset(i for i, c in enumerate(cells) if c.alone)
        candidates = list(splits([c.digits for c in cells], 15, lambda prefix, _: identities.groups_hold(prefix),
                                 whole=whole))
        candidates = sorted({c for c in candidates if identities.groups_hold(c)})
        evidence = _evidence_of_cut(digits, 15, "identities")
        values = split_values(candidates, digits, evidence, 15) if candidates else None
        table.runs.append(digit_run("table4", "", digits, candidates, evidence))
    elif cells:
        table.notes.append(f"Table 4: found {len(cells)} cells, expected 15")
    if values is not None:
        table.grid = {p: dict(zip(T4_OUTCOMES, values[i * 5:(i + 1) * 5])) for i, p in enumerate(T4_PROCEEDINGS)}
    return table
