"""Check: the accounting identities (勾稽关系) of each report, and soft checks across reports.

Entry points: `check_report(report)` fills `report.checks`; `check_continuity(reports)` adds the
cross-year warnings. A failed check is a finding about the report, never a reason to drop it.
"""

from __future__ import annotations

from collections import defaultdict

from . import vocabulary as V
from .records import CheckResult, Report, Value, is_valid_count

_OUTCOME_GROUPS = {g.code for g in V.TABLE3_OUTCOME_GROUPS}


def check_report(report: Report) -> Report:
    results: list[CheckResult] = []
    if report.table3:
        results += _h1(report) + _h2(report) + _h3(report)
    if report.table4:
        results += _h4(report)
    results += _counts_valid(report)
    results += _splits(report)
    results += _prose_vs_table(report)
    report.checks = results
    return report


def _num(value: Value | None):
    return value.number if value is not None and value.known else None


def _fmt(number) -> str:
    return "" if number is None else (str(int(number)) if float(number).is_integer() else str(number))


def _equation(check: str, scope: str, left: list, right: list, left_text: str, right_text: str) -> CheckResult:
    if any(v is None for v in left + right):
        return CheckResult(check, scope, None, "error", message=f"not evaluated: a cell in {scope} is blank or a dash")
    lhs, rhs = sum(left), sum(right)
    passed = abs(lhs - rhs) < 1e-9
    message = "" if passed else f"{left_text} = {_fmt(lhs)} but {right_text} = {_fmt(rhs)}"
    return CheckResult(check, scope, passed, "error", expected=_fmt(lhs), found=_fmt(rhs), message=message)


def _table3_cell(report: Report, row: str, column: str):
    return _num(report.table3.get(row, {}).get(column))


def _h1(report: Report) -> list[CheckResult]:
    needed = ("new_received", "carried_over", "total_processed", "carried_forward")
    if not all(r in report.table3 for r in needed):
        return [CheckResult("H1", "table3", None, "error", message="not evaluated: Table 3 lacks a row of 一, 二, 三(七), 四")]
    out = []
    for column in V.codes(V.TABLE3_COLUMNS):
        cell = lambda r: _table3_cell(report, r, column)  # noqa: E731
        out.append(_equation("H1", column, [cell("new_received"), cell("carried_over")],
                             [cell("total_processed"), cell("carried_forward")], "一+二", "三(七)+四"))
    return out


def _h2(report: Report) -> list[CheckResult]:
    outcome_rows = [t.code for t in V.TABLE3_ROWS if t.group in _OUTCOME_GROUPS and t.code in report.table3]
    if "total_processed" not in report.table3 or not outcome_rows:
        return [CheckResult("H2", "table3", None, "error", message="not evaluated: Table 3 lacks (七)总计 or outcome rows")]
    out = []
    for column in V.codes(V.TABLE3_COLUMNS):
        out.append(_equation("H2", column, [_table3_cell(report, "total_processed", column)],
                             [_table3_cell(report, r, column) for r in outcome_rows], "(七)总计", "(一)…(六)之和"))
    return out


def _h3(report: Report) -> list[CheckResult]:
    applicant_columns = V.codes(V.TABLE3_COLUMNS)[:6]
    out = []
    for term in V.TABLE3_ROWS:
        if term.code not in report.table3:
            continue
        out.append(_equation("H3", term.code, [_table3_cell(report, term.code, "total")],
                             [_table3_cell(report, term.code, c) for c in applicant_columns], "总计", "各类申请人之和"))
    return out


def _h4(report: Report) -> list[CheckResult]:
    out = []
    for proceeding in V.codes(V.TABLE4_PROCEEDINGS):
        row = report.table4.get(proceeding, {})
        parts = [_num(row.get(o)) for o in ("upheld", "corrected", "other", "pending")]
        out.append(_equation("H4", proceeding, [_num(row.get("total"))], parts, "总计", "维持+纠正+其他+尚未审结"))
    return out


def _counts_valid(report: Report) -> list[CheckResult]:
    problems = []
    grids = [("table3", report.table3), ("table4", report.table4)]
    grids.append(("table2", {item: {m: v for m, v in measures.items() if m not in ("amount", "change")}
                             for item, measures in report.table2.items()}))
    for name, grid in grids:
        for row, cells in grid.items():
            for column, value in cells.items():
                number = _num(value)
                if not is_valid_count(number):
                    problems.append(f"{name} {row}/{column} = {value.raw or number}")
    if not (report.table2 or report.table3 or report.table4):
        return []
    return [CheckResult("counts_valid", "tables", not problems, "error",
                        expected="non-negative integers", found="; ".join(problems[:10]),
                        message="" if not problems else f"{len(problems)} count cell(s) not a non-negative integer")]


def _splits(report: Report) -> list[CheckResult]:
    unresolved = [n for n in report.notes if "ways" in n and "left blank" in n]
    used = any(v.status == "recovered" and "derived" not in v.raw
               for grid in (report.table2, report.table3, report.table4)
               for cells in grid.values() for v in cells.values())
    if not unresolved and not used:
        return []
    return [CheckResult("split_resolved", "tables", not unresolved, "warning",
                        message="; ".join(unresolved) if unresolved else "every run of digits split unambiguously")]


def _prose_vs_table(report: Report) -> list[CheckResult]:
    out = []
    stated = {}
    for figure in report.prose:
        stated.setdefault(figure.indicator, figure)
    table_values = {
        "applications_received": _table3_cell(report, "new_received", "total"),
        "reviews": _num(report.table4.get("administrative_review", {}).get("total")),
    }
    direct = _num(report.table4.get("litigation_direct", {}).get("total"))
    after = _num(report.table4.get("litigation_after_review", {}).get("total"))
    table_values["litigations"] = None if direct is None or after is None else direct + after
    for indicator, table_value in table_values.items():
        figure = stated.get(indicator)
        if figure is None or table_value is None or figure.value.status == "approximate":
            continue
        passed = figure.value.number == table_value
        out.append(CheckResult(
            "prose_vs_table", indicator, passed, "warning", expected=_fmt(table_value), found=_fmt(figure.value.number),
            message="" if passed else f"the prose says {_fmt(figure.value.number)} («{figure.context.strip()}»), "
                                      f"the table says {_fmt(table_value)}; the table is used"))
    return out


def check_continuity(reports: list[Report]) -> None:
    """上年结转(t) = 结转下年度(t−1) for the same body, as a warning on the later report."""
    by_body: dict[str, dict[int, Report]] = defaultdict(dict)
    for report in reports:
        if report.year is not None and report.organization_simplified:
            by_body[report.organization_simplified][report.year] = report
    for years in by_body.values():
        for year, report in years.items():
            previous = years.get(year - 1)
            if previous is None:
                continue
            carried_over = _num(report.headline.get("applications_carried_over"))
            carried_forward = _num(previous.headline.get("applications_carried_forward"))
            if carried_over is None or carried_forward is None:
                continue
            passed = carried_over == carried_forward
            report.checks = [c for c in report.checks if c.check != "carry_over_continuity"]
            report.checks.append(CheckResult(
                "carry_over_continuity", f"{year - 1}->{year}", passed, "warning",
                expected=_fmt(carried_forward), found=_fmt(carried_over),
                message="" if passed else f"{year}: 上年结转 {_fmt(carried_over)}, but the {year - 1} report "
                                          f"carried forward {_fmt(carried_forward)}"))
