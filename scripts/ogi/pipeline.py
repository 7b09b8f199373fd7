"""One input file through ingest → parse → check, and the JSON view of the outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .checks import check_report
from .ingest import UnreadableInput, read_document, source_file
from .parse import parse_document
from .records import Rejection, Report, Value


def process_file(path: Path, reports_dir: Path, data: bytes | None = None) -> Report | Rejection:
    """Never raises on bad input: every file becomes a Report or a Rejection with a reason."""
    data = path.read_bytes() if data is None else data
    try:
        _, document = read_document(path, reports_dir, data)
        outcome = parse_document(document)
        if isinstance(outcome, Report):
            check_report(outcome)
        return outcome
    except UnreadableInput as error:
        return Rejection(source_file(path, reports_dir, data), str(error))
    except Exception as error:  # a library or parser failure on one file must not stop the build
        return Rejection(source_file(path, reports_dir, data),
                         f"could not be processed ({type(error).__name__}: {str(error)[:200]}); "
                         "this is a bug in ogi, please report it with the file")


def _number(value: Value | None) -> Any:
    return None if value is None else value.number


def _statuses(grid: dict[str, dict[str, Value]]) -> dict[str, dict[str, str]]:
    """The status of each cell that is not simply `reported`, so that a null says why it is null."""
    out = {row: {column: v.status for column, v in cells.items() if v.status != "reported"} for row, cells in grid.items()}
    return {row: cells for row, cells in out.items() if cells}


def outcome_json(outcome: Report | Rejection) -> dict[str, Any]:
    """The `ogi parse --json` contract. Blank, dash and ambiguous cells are null; `cell_status` says which
    (every cell not listed there is `reported`), and `digit_runs` lists the ways runs of digits printed
    without separators could be cut."""
    if isinstance(outcome, Rejection):
        return {"file": outcome.source.path, "status": outcome.status, "reason": outcome.reason}
    r = outcome
    return {
        "file": r.source.path,
        "status": "published",
        "reason": "",
        "layout": r.layout,
        "script": r.script,
        "title": r.title,
        "organization": r.organization,
        "admin_level": r.admin_level,
        "province": r.province,
        "prefecture": r.prefecture,
        "county": r.county,
        "township": r.township,
        "year": r.year,
        "published": r.published,
        "index_number": r.index_number,
        "source_url": r.source_url,
        "source_format": r.source_format,
        "page_count": r.page_count,
        "table_pages": {table: list(pages) for table, pages in r.table_pages.items()},
        "headline": {k: _number(v) for k, v in r.headline.items()},
        "headline_status": {k: v.status for k, v in r.headline.items()},
        "table2": {item: {m: _number(v) for m, v in cells.items()} for item, cells in r.table2.items()},
        "table3": {row: {c: _number(v) for c, v in cells.items()} for row, cells in r.table3.items()},
        "table4": {p: {o: _number(v) for o, v in cells.items()} for p, cells in r.table4.items()},
        "cell_status": {name: _statuses(getattr(r, name)) for name in ("table2", "table3", "table4")},
        "digit_runs": [{"table": run.table, "row": run.row, "digits": run.digits,
                        "candidates": [list(c) for c in run.candidates], "evidence": run.evidence}
                       for run in r.digit_runs],
        "legacy": [{"indicator": i.indicator, "unit": i.unit, "period": i.period, "value": _number(i.value),
                    "status": i.value.status, "section": i.section, "indent": i.indent} for i in r.legacy],
        "prose": [{"indicator": f.indicator, "value": _number(f.value), "status": f.value.status,
                   "context": f.context} for f in r.prose],
        "sections": [{"number": s.number, "heading": s.heading, "chars": len(s.text)} for s in r.sections],
        "checks": [{"check": c.check, "scope": c.scope, "passed": c.passed, "severity": c.severity,
                    "expected": c.expected, "found": c.found, "message": c.message} for c in r.checks],
        "notes": r.notes,
    }
