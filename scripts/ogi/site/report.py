"""One report's page: what the template `report.html` is given, its key, and the report's data file.

Tables are laid out like the official forms, by the vocabulary's rows and columns, so a reader can put
the page beside the original and compare cell by cell. Cells show what the report printed: a number, a
blank, a dash; the legend on the page says what each mark means.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from decimal import Decimal
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from markupsafe import Markup

from .. import vocabulary as V
from .check_text import CHECK_NAMES, SEVERITY_NAMES, check_line, scope_label, scopes_summary
from .data import SiteData
from .dictionary import LEGACY_PERIODS, LEGACY_TABLES, period_label
from .excerpts import SectionText, excerpt
from . import store as keys
from .templates import environment, number, render, url_part

LEVELS = {t.code: t.zh for t in V.ADMIN_LEVELS}
LAYOUTS = {t.code: t.zh for t in V.LAYOUTS}
SOURCE_FORMATS = {t.code: t.zh for t in V.SOURCE_FORMATS}
TABLE3_RESULTS = "三、本年度办理结果"  # the form's label over the outcome rows (一)…(七)


@dataclass(frozen=True)
class Cell:
    text: str
    css: str = ""


def figure(row: dict):
    """The row's number: a count (`value`) or a money amount (`amount`, 万元, a Decimal)."""
    return row["value"] if row["value"] is not None else row.get("amount")


def cell(row: dict | None) -> Cell:
    """A table cell as the report printed it: blanks stay blank, a dash stays a dash."""
    status = row["value_status"] if row else None
    if status in (None, "blank"):
        return Cell("")
    if status == "dash":
        return Cell("—")
    if status == "invalid":
        return Cell("✗", "x")
    if status == "ambiguous":
        return Cell("？", "r")
    text = number(figure(row))
    if status == "approximate":
        return Cell(text + "余")
    if status == "recovered":  # the * alone: a mangled table's every cell is recovered, on many pages
        return Cell(text + "*")
    return Cell(text)


@lru_cache(maxsize=8192)
def cell_html(shown: Cell, span: int = 1) -> Markup:
    """A cell's <td>, from templates/_cell.html. Cached: a page has hundreds of cells, most of them alike
    (0, blank), and rendering each through the template would cost more than the rest of the page."""
    return Markup(environment().get_template("_cell.html").render(c=shown, span=span))


@lru_cache(maxsize=8192)
def _value_html(value, status: str | None, span: int = 1) -> Markup:
    return cell_html(cell({"value": value, "value_status": status} if status else None), span)


def row_cells(rows: list[dict | None], width: int = 0) -> list[Markup]:
    """A row's cells; the last spans the columns left when the row has fewer than `width` (Table 2)."""
    cells = [_value_html(figure(r), r["value_status"]) if r else _value_html(None, None) for r in rows]
    if width > len(rows) >= 1 and rows[-1]:
        cells[-1] = _value_html(figure(rows[-1]), rows[-1]["value_status"], width - len(rows) + 1)
    elif width > len(rows) >= 1:
        cells[-1] = _value_html(None, None, width - len(rows) + 1)
    return cells


def region(report: dict) -> str:
    return "".join(p for p in (report["province"], report["prefecture"], report["county"], report["township"]) if p)


def source_path(report: dict) -> str:
    """Where the original file is served when the site carries it, relative to the site root:
    content-addressed by its sha256, under its own name (so a download keeps the name)."""
    return f"sources/{report['sha256']}/{PurePosixPath(report['source_file']).name}"


def source_href(report: dict) -> str:
    return f"sources/{report['sha256']}/{url_part(PurePosixPath(report['source_file']).name)}"


def data_file(report: dict) -> str:
    """The report's data file, relative to the site root (see `report_data`): beside its page."""
    return f"reports/{report['report_id']}/data.json.gz"


def report_title(report: dict) -> str:
    return f'{report["year"]} {report["organization"]}'


def report_description(report: dict) -> str:
    """The page's <meta name="description">: who, which year, and the figures a searcher looks for."""
    where = region(report)
    facts = [f"{label}{number(report[code])}{unit}" for code, label, unit in _DESCRIBED if report[code] is not None]
    return (f"{report['organization']}{report['year']}年政府信息公开工作年度报告" + (f"（{where}）" if where else "")
            + ("：" + "，".join(facts) + "。" if facts else "。"))


_DESCRIBED = (("active_disclosures", "主动公开政府信息", "条"), ("applications_received", "新收申请", "件"),
              ("applications_processed", "办结", "件"), ("reviews", "行政复议", "件"), ("litigations", "行政诉讼", "件"))


def report_page(data: SiteData, report: dict, rows: dict[str, list[dict]], original: str) -> str:
    """The HTML of one report's page content; `rows` are the report's rows of each per-report resource,
    `original` the link to its original file ("" when the site cannot offer it)."""
    pages = {row["table_code"]: row for row in rows["table_pages"]}
    standard = report["layout"] in (V.STANDARD_2019, V.STANDARD_2021)
    traditional = report["script"] == "traditional"
    return render(
        "report.html", report=report, root="../../", lang="zh-Hant" if traditional else "",
        region=region(report), level=LEVELS.get(report["admin_level"], ""), layout=LAYOUTS.get(report["layout"], ""),
        source_format=SOURCE_FORMATS.get(report["source_format"], ""),
        source=PurePosixPath(report["source_file"]).name if original else "", source_href=original,
        headline=_headline(report), pages=pages,
        table2=_table2(rows["active_disclosure"], report["layout"]) if standard else None,
        table3=_table3(rows["applications"], report["layout"]) if standard else None,
        table4=_table4(rows["reviews_litigation"]) if standard else None,
        legacy=_legacy(rows["legacy_indicators"]),
        prose=_prose(rows["prose_figures"], rows["sections"], traditional),
        checks=_checks(rows["checks"]), has_tables=standard or bool(rows["legacy_indicators"]),
        sections=[s["heading"] for s in sorted(rows["sections"], key=lambda s: s["section"])],
        other_years=_other_years(data, report),
        body_page=data.has_body_page(report["body_id"]), marks=_marks(report, rows))


def _marks(report: dict, rows: dict[str, list[dict]]) -> set[str]:
    """The value statuses the page's figures and tables show (the legend explains only their marks)."""
    tables = ("active_disclosure", "applications", "reviews_litigation", "legacy_indicators", "prose_figures")
    return ({row["value_status"] for name in tables for row in rows[name]}
            | {report[f"{t.code}_status"] for t in V.HEADLINE})


def _headline(report: dict) -> list[tuple[str, Cell]]:
    return [(t.zh, cell({"value": report[t.code], "value_status": report[f"{t.code}_status"]}))
            for t in V.HEADLINE]


def _table2(rows: list[dict], layout: str) -> dict | None:
    """The items in groups sharing their columns, as the form prints them; `width` = most columns."""
    if not rows:
        return None
    values = {(r["item"], r["measure"]): r for r in rows}
    items = V.table2_items(layout)
    width = max(len(item.measures) for item in items)
    groups: list[dict] = []
    for item in items:
        cells = row_cells([values.get((item.term.code, m.code)) for m in item.measures], width)
        if groups and groups[-1]["measures"] == [m.zh for m in item.measures]:
            groups[-1]["items"].append((item.term.zh, cells))
        else:
            groups.append({"measures": [m.zh for m in item.measures], "items": [(item.term.zh, cells)]})
    return {"groups": groups, "width": width}


def _table3_terms(present: set[str], layout: str) -> list[V.Term]:
    """The form's rows for this layout; block (六) as the report printed it (one row or three)."""
    printed_other = {code for code in present if code.startswith("other")}
    terms = []
    for term in V.TABLE3_ROWS:
        if term.group == "other" and printed_other:
            if term.code in printed_other:
                terms.append(term)
        elif not term.layouts or layout in term.layouts or term.code in present:
            terms.append(term)
    return terms


def _table3(rows: list[dict], layout: str) -> list[dict] | None:
    """Row groups (one <tbody> each): the form's blocks with their heading, rows indented under it."""
    if not rows:
        return None
    values = {(r["row"], r["applicant"]): r for r in rows}
    groups: list[dict] = []
    results_shown = False
    for term in _table3_terms({r["row"] for r in rows}, layout):
        block, _, label = term.zh.partition(" ")
        if term.group in ("intake", "forward"):
            key, heading, row = "top", "", (term.zh, 0)
        elif not label:
            key, heading, row = "results", "" if results_shown else TABLE3_RESULTS, (block, 1)
            results_shown = True
        else:
            key, heading, row = block, block, (label, 2)
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "heading": heading, "indent": 1 if key not in ("top", "results") else 0,
                           "rows": []})
        groups[-1]["rows"].append((*row, row_cells([values.get((term.code, c)) for c in V.codes(V.TABLE3_COLUMNS)])))
    return groups


def _table4(rows: list[dict]) -> list[Cell] | None:
    if not rows:
        return None
    values = {(r["proceeding"], r["outcome"]): r for r in rows}
    return row_cells([values.get((p, o)) for p in V.codes(V.TABLE4_PROCEEDINGS) for o in V.codes(V.TABLE4_OUTCOMES)])


def _legacy(rows: list[dict]) -> list[dict]:
    """Each legacy table: its periods and its rows grouped under the section headings the source printed.

    `section` and `indent` are read with defaults: packages written before they existed lack them."""
    tables = []
    for code, title in LEGACY_TABLES.items():
        selected = [r for r in rows if r["legacy_table"] == code]
        if not selected:
            continue
        periods = list(dict.fromkeys(r["period"] for r in selected))
        by_row: dict[int, dict] = defaultdict(dict)
        for r in selected:
            by_row[r["row"]][r["period"]] = r
        groups: list[dict] = []
        for row_number in sorted(by_row):
            first = next(iter(by_row[row_number].values()))
            section = first.get("section") or ""
            if not groups or groups[-1]["heading"] != section:
                groups.append({"heading": section, "rows": []})
            groups[-1]["rows"].append((first["indicator"], first.get("indent") or 0, first["unit"] or "",
                                       row_cells([by_row[row_number].get(p) for p in periods])))
        tables.append({"code": code, "title": title, "groups": groups,
                       "periods": [period_label(p) for p in periods]})
    return tables


def _prose(rows: list[dict], sections: list[dict], traditional: bool) -> list[dict]:
    if not rows:
        return []
    names = {t.code: t.zh for t in V.PROSE_FIGURES}
    texts = [SectionText(s["text"] or "", traditional) for s in sections]
    out = []
    for r in rows:
        words = excerpt(r["context"] or "", texts)
        shown = cell(r)
        if shown.text:
            shown = Cell(shown.text + (r["unit"] or ""), shown.css)
        out.append({"name": names.get(r["indicator"], r["indicator"]), "value": cell_html(shown),
                    "excerpt": words.text, "original": words.original_script})
    return out


def _checks(checks: list[dict]) -> dict:
    """Failed and unevaluated checks one by one; passed checks grouped by check, with their scopes."""
    failed = [check_line(c) for c in checks if c["passed"] is False]
    unevaluated = [check_line(c) for c in checks if c["passed"] is None]
    passed: dict[str, list[str]] = {}
    for c in checks:
        if c["passed"]:
            passed.setdefault(c["check_code"], []).append(scope_label(c["check_code"], c["scope"]))
    return {"count": len(checks), "failed": failed, "unevaluated": unevaluated, "severity": SEVERITY_NAMES,
            "passed": [(CHECK_NAMES.get(code, code), scopes_summary(code, scopes)) for code, scopes in passed.items()]}


def _other_years(data: SiteData, report: dict) -> list[dict]:
    """The body's reports, oldest first, as links (the body's page has their figures side by side: the
    report page, written tens of thousands of times, does not repeat them)."""
    reports = data.same_body(report)
    if len(reports) < 2:
        return []
    return [{"report": other, "current": other["report_id"] == report["report_id"],
             "label": f"{other['year']}年" + (f"第{other['version']}版" if other["versions"] > 1 else "")}
            for other in reports]


def page_key(data: SiteData, report: dict, rows_key: str, *frame_and_links: str) -> str:
    """Everything a report's page is made from besides the code: its rows (`rows_key`, see
    package.rows_key), the other years of its body (what `_other_years` shows of them), and the frame and
    links it is put in. A page that comes to read anything else must add it here."""
    years = [(o["report_id"], o["year"], o["version"], o["versions"]) for o in data.same_body(report)]
    return keys.key("report page", rows_key, years, *frame_and_links)


DATA_FILE_TABLES = ("active_disclosure", "applications", "reviews_litigation", "legacy_indicators", "prose_figures",
                    "sections", "checks", "table_pages")


def report_data(report: dict, rows: dict[str, list[dict]]) -> bytes:
    """The report's data file (`data.json.gz` beside its page): one gzip-compressed JSON object with
    - `report`: its row of the `reports` table, and each per-report table by name as `fields` and `rows`
      (lists of values in the fields' order; `report_id` left out): the data package's rows, codes and
      all, for programs — the page saves them as a JSON file, and as a CSV in Chinese for spreadsheets
      (ogi.js, with reports/labels.json: `csv_labels`);
    - `exact`: the text of the few values a browser's numbers cannot hold exactly (a count beyond 2^53,
      an amount of more than 15 digits), by table and row number, so the CSV shows them as printed;
    - `page`: what the page shows only when opened, besides the report's text (the `sections` rows): the
      passed checks, rendered like the rest of the page, and whether the page shows the report's tables
      (then a section's lines that are a table's cells, `| a | b |` as ingest/grid.py writes them, are
      not shown again). A page carries the official form, not every word.
    Without JavaScript the file is downloaded as it is; the search reads a report's text from it."""
    tables_shown = bool(rows["legacy_indicators"]) or report["layout"] in STANDARD
    passed = render("_checks_passed.html", passed=_checks(rows["checks"])["passed"])
    bundle = {"report": report, **{name: _columns(rows[name]) for name in DATA_FILE_TABLES},
              "exact": _exact(rows), "page": {"checks": passed, "tables_shown": tables_shown}}
    text = json.dumps(bundle, ensure_ascii=False, separators=(",", ":"), default=_json_value)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


STANDARD = (V.STANDARD_2019, V.STANDARD_2021)
_SAFE_INTEGER = 2**53  # JavaScript's numbers hold every integer up to this one
_SAFE_DIGITS = 15  # and every decimal of at most this many significant digits


def _columns(rows: list[dict]) -> dict:
    fields = [name for name in rows[0] if name != "report_id"] if rows else []
    return {"fields": fields, "rows": [[row[name] for name in fields] for row in rows]}


def _exact(rows: dict[str, list[dict]]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for name in ("active_disclosure", "applications", "reviews_litigation", "legacy_indicators"):
        for n, row in enumerate(rows[name]):
            value = figure(row)
            if isinstance(value, Decimal) and len(value.normalize().as_tuple().digits) > _SAFE_DIGITS or \
                    isinstance(value, int) and abs(value) > _SAFE_INTEGER:
                out.setdefault(name, {})[str(n)] = format(value.normalize(), "f") if isinstance(value, Decimal) \
                    else str(value)
    return out


CSV_HEADER = ["表", "行", "列", "数值", "数值状态"]


def csv_labels() -> dict:
    """reports/labels.json: what the page's script (ogi.js) needs to write a report's figures as a CSV
    in Chinese — its header, the name, rows and columns of Tables 2 (by layout), 3 and 4 as the form
    prints them, the legacy tables' names and periods, the value statuses."""
    tables = {f"t2.{layout}": {"name": "表二", "rows": {i.term.code: i.term.zh for i in V.table2_items(layout)},
                               "columns": {m.code: m.zh for i in V.table2_items(layout) for m in i.measures}}
              for layout in STANDARD}
    tables["t3"] = {"name": "表三", "rows": _TABLE3_ROWS, "columns": _TABLE3_COLUMNS}
    tables["t4"] = {"name": "表四", "rows": _TABLE4_ROWS, "columns": _TABLE4_COLUMNS}
    return {"header": CSV_HEADER, "tables": tables, "statuses": _STATUSES, "legacy_tables": LEGACY_TABLES,
            "periods": LEGACY_PERIODS}


def _labels(terms) -> dict[str, str]:
    return {t.code: t.zh.replace(" ", "") for t in terms}


_STATUSES = _labels(V.VALUE_STATUSES)
_TABLE3_ROWS, _TABLE3_COLUMNS = _labels(V.TABLE3_ROWS), _labels(V.TABLE3_COLUMNS)
_TABLE4_ROWS, _TABLE4_COLUMNS = _labels(V.TABLE4_PROCEEDINGS), _labels(V.TABLE4_OUTCOMES)


def _json_value(value):
    """Amounts (Decimal) as JSON numbers, whole ones without a trailing .0; dates as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)



