"""Check: the accounting identities (勾稽关系) of each report, and soft checks across reports.

Entry points: `check_report(report)` fills `report.checks`; `continuity_checks(summaries)` finds the
cross-year warnings, which `with_continuity` adds to a report. A failed check is a finding about the
report, never a reason to drop it. Checks read typed data only (values and their statuses, the digit
runs, the legacy rows' structure); their messages are made from their fields with the templates of the
vocabulary.
"""

from __future__ import annotations

from collections import defaultdict

from . import identities
from . import vocabulary as V
from .records import CheckResult, LegacyIndicator, Report, Value, is_valid_count


def check_report(report: Report) -> Report:
    results: list[CheckResult] = []
    if report.table3:
        results += _identity_checks(report, identities.TABLE3)
    if report.table4:
        results += _identity_checks(report, identities.TABLE4)
    results += _counts_valid(report)
    results += _splits(report)
    results += _prose_vs_table(report)
    results += _legacy_sums(report)
    report.checks = results
    return report


def result(check: str, scope: str, passed: bool | None, severity: str, expected: str = "", found: str = "",
           not_evaluated: str = V.CHECK_NOT_EVALUATED) -> CheckResult:
    """A check's result, its message made from its fields."""
    if passed is None:
        template = not_evaluated
    elif passed:
        template = V.CHECK_PASSED_MESSAGES.get(check, "")
    else:
        template = V.CHECK_MESSAGES[check]
    message = template.format(expected=expected, found=found)
    return CheckResult(check, scope, passed, severity, expected, found, message)


def _num(value: Value | None):
    return value.number if value is not None and value.known else None


def _fmt(number) -> str:
    return "" if number is None else (str(int(number)) if float(number).is_integer() else str(number))


def numbers(grid: dict[str, dict[str, Value]]) -> dict[str, dict[str, int | float | None]]:
    return {row: {column: _num(value) for column, value in cells.items()} for row, cells in grid.items()}


def _identity_checks(report: Report, table_identities: tuple[identities.Identity, ...]) -> list[CheckResult]:
    out = []
    for identity in table_identities:
        grid = numbers(getattr(report, identity.table))
        outcomes = identities.evaluate(identity, grid)
        if not outcomes or not all(o.present for o in outcomes):
            out.append(result(identity.check, identity.table, None, "error", not_evaluated=V.CHECK_NOT_APPLICABLE))
            continue
        out += [result(identity.check, o.line, o.holds, "error", _fmt(o.left), _fmt(o.right)) for o in outcomes]
    return out


_CELL_LABELS = {"table3": V.by_code(V.TABLE3_COLUMNS), "table4": V.by_code(V.TABLE4_OUTCOMES)}


def _cell_name(table: str, row: str, column: str) -> str:
    column_term = _CELL_LABELS.get(table, {}).get(column)
    return f"{V.label(table)} {V.label(row)}/{column_term.zh if column_term else column}"


def _counts_valid(report: Report) -> list[CheckResult]:
    if not (report.table2 or report.table3 or report.table4):
        return []
    problems = []
    grids = [("table3", report.table3), ("table4", report.table4)]
    grids.append(("table2", {item: {m: v for m, v in measures.items() if m not in ("amount", "change")}
                             for item, measures in report.table2.items()}))
    for name, grid in grids:
        for row, cells in grid.items():
            for column, value in cells.items():
                number = _num(value)
                if not is_valid_count(number):
                    problems.append(f"{_cell_name(name, row, column)} = {value.raw or _fmt(number)}")
    return [result("counts_valid", "tables", not problems, "error", "非负整数", "；".join(problems[:10]))]


def _candidates_text(candidates: list[tuple]) -> str:
    shown = "；".join("·".join(_fmt(v) for v in candidate) for candidate in candidates[:8])
    return shown + (f"；…（共 {len(candidates)} 种）" if len(candidates) > 8 else "")


def _splits(report: Report) -> list[CheckResult]:
    """One result per run of digits that stood for several cells: passed when one cut survived."""
    return [result("split_resolved", f"{run.table} {run.row}".strip(), run.resolved, "warning", run.digits,
                   _candidates_text(run.candidates) if run.candidates else "无")
            for run in report.digit_runs]


def _prose_vs_table(report: Report) -> list[CheckResult]:
    stated = {}
    for figure in report.prose:
        stated.setdefault(figure.indicator, figure)
    table4_total = lambda proceeding: _num(report.table4.get(proceeding, {}).get("total"))  # noqa: E731
    parts = [table4_total(p) for p in identities.LITIGATION_PARTS]
    table_values = {
        "applications_received": _num(report.table3.get("new_received", {}).get("total")),
        "reviews": table4_total("administrative_review"),
        "litigations": None if None in parts else sum(parts),
    }
    out = []
    for indicator, table_value in table_values.items():
        figure = stated.get(indicator)
        if figure is None or table_value is None or figure.value.status == "approximate":
            continue
        passed = figure.value.number == table_value
        out.append(result("prose_vs_table", indicator, passed, "warning", _fmt(table_value), _fmt(figure.value.number)))
    return out


# --- The legacy statistics table: the sums its layout implies ----------------------------------------

_PERIOD_LABELS = {"this_year": "", "cumulative": " 历年累计"}
_OTHER_ITEM = ("其他", "其它")


def _legacy_sums(report: Report) -> list[CheckResult]:
    """A row with numbered rows under it equals their sum; a 其中 row is at most its row, and a 其中 list
    that ends in 其他 adds up to it."""
    out = []
    for period in ("this_year", "cumulative"):
        rows = [r for r in report.legacy if r.table == "statistics" and r.period == period]
        for i, parent in enumerate(rows):
            children = _children(rows, i)
            if not children or _num(parent.value) is None:
                continue
            scope = parent.indicator + _PERIOD_LABELS[period]
            values = [_num(c.value) for c in children]
            is_part_list = children[0].indicator.startswith("其中")
            exhaustive = not is_part_list or any(other in children[-1].indicator for other in _OTHER_ITEM)
            if exhaustive:
                total = None if None in values else sum(values)
                passed = None if total is None else abs(total - parent.value.number) < 1e-9
                out.append(result("legacy_sum", scope, passed, "warning", _fmt(parent.value.number), _fmt(total)))
            else:
                known = [v for v in values if v is not None]
                passed = all(v <= parent.value.number for v in known) if known else None
                out.append(result("legacy_part", scope, passed, "warning", _fmt(parent.value.number),
                                  "、".join(_fmt(v) for v in known)))
    return out


def _children(rows: list[LegacyIndicator], i: int) -> list[LegacyIndicator]:
    """The rows directly under rows[i]: one level deeper, until the table comes back to its level."""
    parent = rows[i]
    children = []
    for row in rows[i + 1:]:
        if row.indent <= parent.indent or row.section != parent.section:
            break
        if row.indent == parent.indent + 1:
            children.append(row)
    return children


# --- Across reports ---------------------------------------------------------------------------------

def continuity_checks(reports: list) -> dict[int, CheckResult]:
    """上年结转(t) = 结转下年度(t−1) for the same body, as a warning on the later report. `reports` are
    summaries (identity.summarize: organization_simplified, year, carried_over, carried_forward); → the
    position of each later report in the list → its check."""
    by_body: dict[str, dict[int, int]] = defaultdict(dict)
    for position, report in enumerate(reports):
        if report.year is not None and report.organization_simplified:
            by_body[report.organization_simplified][report.year] = position
    out: dict[int, CheckResult] = {}
    for years in by_body.values():
        for year, position in years.items():
            if year - 1 not in years:
                continue
            carried_over = reports[position].carried_over
            carried_forward = reports[years[year - 1]].carried_forward
            if carried_over is None or carried_forward is None:
                continue
            out[position] = result("carry_over_continuity", f"{year - 1}->{year}", carried_over == carried_forward,
                                   "warning", _fmt(carried_forward), _fmt(carried_over))
    return out


def with_continuity(report: Report, check: CheckResult | None) -> Report:
    """The report with its carry-over check (from continuity_checks) in place of any earlier one."""
    if check is not None:
        report.checks = [c for c in report.checks if c.check != "carry_over_continuity"] + [check]
    return report
