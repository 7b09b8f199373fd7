"""Parse: a normalised Document → a Report record, or a Rejection with its reason.

Entry point: `parse_document(doc)`. Steps, in order: is this a report at all; metadata; where the
tables are; the layout (generation); Tables 2/3/4 or the legacy statistics table — from the file's own
table structure where it has one (`structured`), else from the text (`flattened`); figures in prose;
the sections; harmonised headline figures; and last, whether what was read is a report or a letter,
notice or summary about one.
"""

from __future__ import annotations

import re

from .. import identities
from .. import vocabulary as V
from ..records import Document, Number, Rejection, Report, Table, Value
from ..text import simplified_of
from . import flattened, legacy, metadata, prose, sections, structured
from .rows import table2_header_layout

_PLACEHOLDER = re.compile(r"[xX×]{2}[镇县区市乡街局]|_+\s*(?:年|条|月|日|镇|名|件|个|期|%)|_\._|××")
_SHARING_SITE = re.compile(r"由会员分享|可在线阅读|文档分享|珍藏版|淘文阁|道客巴巴|豆丁网|原创力文档|文库")
_MIN_PLACEHOLDERS = 3


def parse_document(doc: Document) -> Report | Rejection:
    text = doc.text
    reason = _not_a_report(text)
    if reason:
        return Rejection(doc.source, reason)
    meta = metadata.read_metadata(text, doc.display_text, doc.html_title)
    if meta.year is None:
        return Rejection(doc.source, _other_document(text, 0) or "找不到报告年度：标题和统计期限都没有写明年份")
    report = Report(source=doc.source, layout=V.NARRATIVE, script=doc.script, source_format=doc.source_format,
                    page_count=len(doc.page_starts) or None, title=meta.title,
                    organization=meta.organization, year=meta.year, published=meta.published,
                    index_number=meta.index_number, source_url=meta.source_url or doc.source.source_url,
                    admin_level=meta.admin_level, notes=list(meta.notes))
    report.organization_simplified = simplified_of(meta.organization, text, doc.display_text)
    if meta.region:
        report.province, report.prefecture = meta.region.province, meta.region.prefecture
        report.county, report.township = meta.region.county, meta.region.township
    found = structured.find_tables(doc.tables)
    outside_grids = _without_tables(text, doc.tables)  # the flattened reader never reads a grid's rows
    regions = flattened.find_regions(outside_grids)
    spans = regions.spans + [_char_span(text, piece.table) for f in found.values() for piece in f.pieces]
    prose_only = prose.prose_text(text, spans)
    report.prose = prose.find_prose_figures(prose_only)
    _read_standard_tables(report, found, regions, prose.stated_table2(report.prose))
    located = {code: span for code, span in regions.located.items() if getattr(report, code)}
    pages = {code: f.pages for code, f in found.items() if code in V.codes(V.SOURCE_TABLES) and f.pages}
    if report.layout == V.NARRATIVE:
        statistics = _read_legacy_tables(report, found, outside_grids, prose_only, spans)
        if statistics:
            located["statistics"] = statistics
            report.prose = prose.find_prose_figures(prose.prose_text(text, spans))
    report.table_pages = {**table_pages(doc, located), **{c: p for c, p in pages.items() if _was_read(report, c)}}
    report.table_pages = {code: report.table_pages[code] for code in V.codes(V.SOURCE_TABLES)
                          if code in report.table_pages}
    report.sections = sections.find_sections(text, doc.display_text)
    report.headline = headline_figures(report)
    reason = _not_a_report_after_all(report, text)
    return Rejection(doc.source, reason) if reason else report


def _not_a_report(text: str) -> str:
    placeholders = _PLACEHOLDER.findall(text)
    if len(placeholders) >= _MIN_PLACEHOLDERS:
        shown = "」「".join(list(dict.fromkeys(p.strip() for p in placeholders))[:3])
        sharing = "（来自文档分享网站）" if _SHARING_SITE.search(text) else ""
        return f"填空模板{sharing}，不是报告：有 {len(placeholders)} 处占位符，如「{shown}」"
    if not re.search(r"政府信息公开|政务公开|信息公开", text):
        return "不是年度报告：全文没有提到政府信息公开"
    return ""


# What a document about open-government work that is not the report calls itself, in its title.
_OTHER_DOCUMENTS = (
    ("通知", re.compile(r"通知\s*$|^关于.{0,60}通知")),
    ("复函或答复", re.compile(r"(?:答复书|告知书|复函|答复|回复|的函)\s*$")),
    ("工作总结或计划", re.compile(r"(?:工作总结|总结|工作要点|工作计划|实施方案|自查报告|情况汇报)\s*$")),
)


def _not_a_report_after_all(report: Report, text: str) -> str:
    """A letter, notice or work summary about open-government work quotes report headings and a few
    figures: without the report's tables, it is a report only if it has a report's title and parts."""
    if report.table3 or sum(1 for row in report.legacy if row.table == "statistics") >= 3:
        return ""
    parts = len({s.number for s in report.sections})
    other = _other_document(text, parts)
    if other:
        return other
    if not report.title and parts < 3:
        return "不是年度报告：没有报告标题，没有统计表，也没有年度报告的各部分"
    return ""


def _other_document(text: str, parts: int) -> str:
    """The reason, when the document's first line calls it a notice, a letter or a summary and it lacks
    the report's own title line and parts."""
    first_line = next((line.strip("#*| \t") for line in text.split("\n") if line.strip("#*| \t")), "")
    for kind, pattern in _OTHER_DOCUMENTS:
        if pattern.search(first_line) and not (metadata.find_title(text) and parts >= 3):
            return f"不是年度报告，而是一份{kind}（「{first_line[:40]}」）：没有统计表，也没有年度报告的标题和各部分"
    return ""


def _without_tables(text: str, tables: list[Table]) -> str:
    """The text with the lines that show a grid blanked (same length, so positions hold)."""
    if not tables:
        return text
    lines = text.split("\n")
    for table in tables:
        first, last = table.lines
        for n in range(first, min(last, len(lines) - 1) + 1):
            lines[n] = " " * len(lines[n])
    return "\n".join(lines)


def _char_span(text: str, table: Table) -> tuple[int, int]:
    first, last = table.lines
    start = 0
    for _ in range(first):
        start = text.index("\n", start) + 1
    end = start
    for _ in range(last - first + 1):
        newline = text.find("\n", end)
        end = len(text) if newline < 0 else newline + 1
    return start, end


def _was_read(report: Report, code: str) -> bool:
    if code == "statistics":
        return report.layout == V.LEGACY
    return bool(getattr(report, code, None))


def _read_standard_tables(report: Report, found: dict[str, structured.Found], regions: flattened.Regions,
                          stated: dict[tuple[str, str], Number]) -> None:
    if "table3" in found:
        table3 = structured.read_table3(found["table3"])
    elif regions.table3:
        table3 = flattened.parse_table3(regions.table3)
    else:
        return
    report.notes.extend(table3.notes)
    if len(table3.grid) < 3:
        return
    report.table3 = table3.grid
    report.digit_runs.extend(table3.runs)
    report.layout = _standard_layout(found, regions, table3.grid, report.year)
    if "table2" in found:
        table2 = structured.read_table2(found["table2"], report.layout)
    elif regions.table2:
        table2 = flattened.parse_table2(regions.table2, report.layout, stated)
    else:
        table2 = None
    if "table4" in found:
        table4 = structured.read_table4(found["table4"])
    elif regions.table4:
        table4 = flattened.parse_table4(regions.table4)
    else:
        table4 = None
    for code, read in (("table2", table2), ("table4", table4)):
        if read is not None:
            setattr(report, code, read.grid)
            report.digit_runs.extend(read.runs)
            report.notes.extend(read.notes)


def _standard_layout(found: dict[str, structured.Found], regions: flattened.Regions, table3: dict,
                     year: int | None) -> str:
    """From the tables themselves: Table 2's headers, then Table 3's block (六), then the year."""
    if "table2" in found:
        by_header = structured.table2_layout(found["table2"])
    else:
        by_header = table2_header_layout(regions.table2) if regions.table2 else None
    if by_header:
        return by_header
    if any(code in table3 for code in ("other_overdue_correction", "other_overdue_fee", "other_other")):
        return V.STANDARD_2021
    if "other" in table3:
        return V.STANDARD_2019
    return V.STANDARD_2019 if year is not None and year < 2021 else V.STANDARD_2021


def table_pages(doc: Document, located: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """First and last page of each table found in the text: where its region starts and its last line
    with a figure."""
    if not doc.page_starts:
        return {}
    text = doc.text
    pages = {}
    for code, (start, end) in located.items():
        while start < end and text[start].isspace():
            start += 1
        last = max((m.start() for m in re.finditer(r"\d", text[start:end])), default=0) + start
        first_line = text.count("\n", 0, start)
        last_line = first_line + text.count("\n", start, last)
        pages[code] = (doc.page_of_line(first_line), doc.page_of_line(last_line))
    return pages


def _read_legacy_tables(report: Report, found: dict[str, structured.Found], text: str, prose_only: str,
                        spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Read the legacy statistics and comparison tables, from their grids or the text; → the statistics
    table's span in the text, if it was read from there."""
    span = None
    if "statistics" in found:
        rows = legacy.parse_statistics_grid(structured.statistics_rows(found["statistics"]))
        if len(rows) >= 3:
            report.legacy.extend(rows)
            report.layout = V.LEGACY
    else:
        stated = {int(n) for n in re.findall(r"(?<![\d.])(\d{1,7})\s*[条件个次项]", prose_only)}
        located = legacy.find_statistics_table(text)
        if located:
            start, end = located
            rows, runs = legacy.parse_statistics_table(text[start:end], stated)
            if len(rows) >= 3:
                report.legacy.extend(rows)
                report.digit_runs.extend(runs)
                report.layout = V.LEGACY
                spans.append((start, end))
                span = (start, end)
    if "comparison" in found:
        report.legacy.extend(legacy.parse_comparison_rows(
            [[c for c in row if c] for row in found["comparison"].rows()]))
    report.legacy.extend(legacy.parse_comparison_table(text))
    return span


# --- Harmonised headline figures ------------------------------------------------------------------

_HEADLINE_OF_TABLE3 = (("applications_received", "new_received"), ("applications_carried_over", "carried_over"),
                       ("applications_granted", "granted"), ("applications_partially_granted", "partially_granted"),
                       ("applications_processed", "total_processed"),
                       ("applications_carried_forward", "carried_forward"))


def headline_figures(report: Report) -> dict[str, Value]:
    """Figures comparable across layouts where the meaning matches; derived blanks are `recovered`."""
    figures: dict[str, Value] = {}
    if report.layout in (V.STANDARD_2019, V.STANDARD_2021):
        for code, row in _HEADLINE_OF_TABLE3:
            value = report.table3.get(row, {}).get("total")
            if value is not None:
                figures[code] = value
        _derive_from_h1(figures)
        review = report.table4.get("administrative_review", {}).get("total")
        if review is not None:
            figures["reviews"] = review
        parts = [report.table4.get(p, {}).get("total") for p in identities.LITIGATION_PARTS]
        if all(p is not None and p.known for p in parts):
            status = "recovered" if any(p.status == "recovered" for p in parts) else "reported"
            evidence = next((p.evidence for p in parts if p.status == "recovered"), "")
            figures["litigations"] = Value(sum(p.number for p in parts), status, evidence=evidence)
    elif report.layout == V.LEGACY:
        figures.update(_legacy_headline(report))
    for code in ("active_disclosures", "applications_received", "applications_processed", "reviews", "litigations"):
        if code in figures and figures[code].known:
            continue
        stated = prose.first_figure(report.prose, code)
        if stated is not None and stated.value.known:
            figures[code] = stated.value
    return {code: figures[code] for code in V.codes(V.HEADLINE) if code in figures}


def _derive_from_h1(figures: dict[str, Value]) -> None:
    """A blank total in Table 3 is derived from 一+二 = 三(七)+四 when the other three are known."""
    rows = dict((row, code) for code, row in _HEADLINE_OF_TABLE3)
    totals = {row: figures[code].number if code in figures and figures[code].known else None
              for row, code in rows.items()}
    solved = identities.derive_blank(totals, identities.H1)
    if solved is not None:
        row, number = solved
        figures[rows[row]] = Value(number, "recovered", evidence="derived")


def _legacy_headline(report: Report) -> dict[str, Value]:
    figures: dict[str, Value] = {}
    for code, pattern in V.LEGACY_HEADLINE_PATTERNS:
        for row in report.legacy:
            if row.table == "statistics" and row.period == "this_year" and re.search(
                    pattern, legacy.indicator_key(row.indicator)):
                figures[code] = row.value
                break
    return figures
