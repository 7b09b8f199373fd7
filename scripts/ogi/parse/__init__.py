"""Parse: a normalised Document → a Report record, or a Rejection with its reason.

Entry point: `parse_document(doc)`. Steps, in order: is this a report at all; metadata; where the
tables are; the layout (generation); Tables 2/3/4 or the legacy statistics table; figures in prose;
the six sections; harmonised headline figures.
"""

from __future__ import annotations

import re

from .. import vocabulary as V
from ..records import Document, Report, Rejection, Value
from . import legacy, metadata, prose, sections, tables

_PLACEHOLDER = re.compile(r"[xX×]{2}[镇县区市乡街局]|_+\s*(?:年|条|月|日|镇|名|件|个|期|%)|_\._|××")
_SHARING_SITE = re.compile(r"由会员分享|可在线阅读|文档分享|珍藏版|淘文阁|道客巴巴|豆丁网|原创力文档|文库")
_NOTICE = re.compile(r"(?:关于|做好|编制|报送).{0,30}(?:年度报告|年报).{0,10}(?:的)?通知")
_MIN_PLACEHOLDERS = 3


def parse_document(doc: Document) -> Report | Rejection:
    text = doc.text
    reason = _not_a_report(text)
    if reason:
        return Rejection(doc.source, reason)
    meta = metadata.read_metadata(text, doc.display_text, doc.html_title)
    if meta.year is None:
        return Rejection(doc.source, "no report year found: neither the title nor the statistics period names one")
    report = Report(source=doc.source, layout=V.NARRATIVE, script=doc.script, source_format=doc.source_format,
                    page_count=len(doc.page_starts) or None, title=meta.title,
                    organization=meta.organization, year=meta.year, published=meta.published,
                    index_number=meta.index_number, source_url=meta.source_url or doc.source.source_url,
                    admin_level=meta.admin_level)
    report.organization_simplified = _simplified(meta.organization, text, doc.display_text)
    if meta.region:
        report.province, report.prefecture = meta.region.province, meta.region.prefecture
        report.county, report.township = meta.region.county, meta.region.township
    regions = tables.find_regions(text)
    spans = list(regions.spans)
    _read_standard_tables(report, regions)
    located = {code: span for code, span in regions.located.items() if getattr(report, code)}
    if report.layout == V.NARRATIVE:
        statistics = _read_legacy_tables(report, text, prose.prose_text(text, spans), spans)
        if statistics:
            located["statistics"] = statistics
    report.table_pages = table_pages(doc, located)
    report.prose = prose.find_prose_figures(prose.prose_text(text, spans))
    report.sections = sections.find_sections(text, doc.display_text)
    report.headline = headline_figures(report)
    return report


def _not_a_report(text: str) -> str:
    placeholders = _PLACEHOLDER.findall(text)
    if len(placeholders) >= _MIN_PLACEHOLDERS:
        shown = "», «".join(list(dict.fromkeys(p.strip() for p in placeholders))[:3])
        sharing = " from a document-sharing site" if _SHARING_SITE.search(text) else ""
        return (f"fill-in template{sharing}, not a report: {len(placeholders)} placeholders "
                f"such as «{shown}»")
    if not re.search(r"政府信息公开|政务公开|信息公开", text):
        return "not an annual report: the text never mentions 政府信息公开"
    has_report_words = metadata._REPORT_WORDS.search(text) or re.search(r"统计表|年度报告", text)
    has_structure = re.search(r"本年新收|申请人情况|第二十条第|统\s*计\s*指\s*标|指标名称|统计表", text)
    if not has_report_words and not has_structure:
        return "not an annual report: no report title, no statistics table"
    head = text[:400]
    if _NOTICE.search(head) and not has_structure:
        return "a notice about annual reports, not a report"
    return ""


def _simplified(organization: str, text: str, display: str) -> str:
    if not organization:
        return ""
    position = display.find(organization)
    if position >= 0 and len(text) == len(display):
        return text[position:position + len(organization)]
    from ..ingest import to_simplified

    return to_simplified(organization)


def _read_standard_tables(report: Report, regions: tables.Regions) -> None:
    if not regions.table3:
        return
    table3, notes3 = tables.parse_table3(regions.table3)
    if len(table3) < 3:
        report.notes.extend(notes3)
        return
    report.table3 = table3
    report.notes.extend(notes3)
    report.layout = _standard_layout(regions, table3, report.year)
    if regions.table2:
        report.table2, notes2 = tables.parse_table2(regions.table2, report.layout)
        report.notes.extend(notes2)
    if regions.table4:
        report.table4, notes4 = tables.parse_table4(regions.table4)
        report.notes.extend(notes4)


def _standard_layout(regions: tables.Regions, table3: dict, year: int | None) -> str:
    """From the tables themselves: Table 2's headers, then Table 3's block (六), then the year."""
    by_header = tables.table2_header_layout(regions.table2) if regions.table2 else None
    if by_header:
        return by_header
    if any(code in table3 for code in ("other_overdue_correction", "other_overdue_fee", "other_other")):
        return V.STANDARD_2021
    if "other" in table3:
        return V.STANDARD_2019
    return V.STANDARD_2019 if year is not None and year < 2021 else V.STANDARD_2021


def table_pages(doc: Document, located: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """First and last page of each table: where its region starts and its last line with a figure."""
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
    return {code: pages[code] for code in V.codes(V.SOURCE_TABLES) if code in pages}


def _read_legacy_tables(report: Report, text: str, prose_only: str,
                        spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Read the legacy statistics and comparison tables; → the statistics table's span, if read."""
    stated = {int(n) for n in re.findall(r"(?<![\d.])(\d{1,7})\s*[条件个次项]", prose_only)}
    found = legacy.find_statistics_table(text)
    if found:
        start, end = found
        rows, notes = legacy.parse_statistics_table(text[start:end], stated)
        if len(rows) >= 3:
            report.legacy.extend(rows)
            report.notes.extend(notes)
            report.layout = V.LEGACY
            spans.append((start, end))
    report.legacy.extend(legacy.parse_comparison_table(text))
    return spans[-1] if report.layout == V.LEGACY else None


# --- Harmonised headline figures ------------------------------------------------------------------

def headline_figures(report: Report) -> dict[str, Value]:
    """Figures comparable across layouts where the meaning matches; derived blanks are `recovered`."""
    figures: dict[str, Value] = {}
    if report.layout in (V.STANDARD_2019, V.STANDARD_2021):
        total = lambda row: report.table3.get(row, {}).get("total")  # noqa: E731
        for code, row in (("applications_received", "new_received"), ("applications_carried_over", "carried_over"),
                          ("applications_granted", "granted"), ("applications_partially_granted", "partially_granted"),
                          ("applications_processed", "total_processed"),
                          ("applications_carried_forward", "carried_forward")):
            value = total(row)
            if value is not None:
                figures[code] = value
        _derive_from_h1(figures)
        review = report.table4.get("administrative_review", {}).get("total")
        if review is not None:
            figures["reviews"] = review
        direct = report.table4.get("litigation_direct", {}).get("total")
        after = report.table4.get("litigation_after_review", {}).get("total")
        if direct is not None and after is not None and direct.known and after.known:
            status = "recovered" if "recovered" in (direct.status, after.status) else "reported"
            figures["litigations"] = Value(direct.number + after.number, status)
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
    """A blank total in Table 3 (一+二 = 三(七) + 四) is derived when the other three are known."""
    names = ("applications_received", "applications_carried_over", "applications_processed",
             "applications_carried_forward")
    values = [figures.get(n) for n in names]
    unknown = [i for i, v in enumerate(values) if v is None or not v.known]
    if len(unknown) != 1:
        return
    known = [v.number if v is not None and v.known else 0 for v in values]
    i = unknown[0]
    derived = (known[2] + known[3] - known[1]) if i == 0 else (known[2] + known[3] - known[0]) if i == 1 \
        else (known[0] + known[1] - known[3]) if i == 2 else (known[0] + known[1] - known[2])
    if derived >= 0:
        figures[names[i]] = Value(derived, "recovered", "derived from 一+二=三(七)+四")


def _legacy_headline(report: Report) -> dict[str, Value]:
    figures: dict[str, Value] = {}
    for code, pattern in V.LEGACY_HEADLINE_PATTERNS:
        for row in report.legacy:
            if row.table == "statistics" and row.period == "this_year" and re.search(
                    pattern, legacy.indicator_key(row.indicator)):
                figures[code] = row.value
                break
    return figures
