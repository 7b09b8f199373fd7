"""The generated pages: one per report, the reports list, statistics, data, data quality, home block.

Every function returns markdown (front matter + one raw HTML block) or a fragment of HTML. Paths are
relative to the page, so the site works from any folder or static server.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal

from .. import vocabulary as V
from ..schema import RESOURCES
from .charts import bar_chart, share_bar
from .data import SiteData
from .html import badge, cell, esc, number, page, paragraphs, table, td, td_number, url

LEVEL = {t.code: t.zh for t in V.ADMIN_LEVELS}
LAYOUT = {t.code: t.zh for t in V.LAYOUTS}
SOURCE_FORMAT = {t.code: t.zh for t in V.SOURCE_FORMATS}
HEADLINE = V.HEADLINE
MIN_SAMPLE = 10  # rankings list only bodies that processed at least this many applications


def _region(report: dict) -> str:
    return " ".join(p for p in (report["province"], report["prefecture"], report["county"], report["township"]) if p)


def _figure(row: dict):
    """A count (`value`) or a money amount (`amount`, 万元)."""
    return row["value"] if row["value"] is not None else row.get("amount")


def _plain(number):
    """An amount as printed (3415.891), not as its fixed-scale decimal (3415.891000)."""
    return format(number.normalize(), "f") if isinstance(number, Decimal) else number


def _json_number(amount: Decimal) -> int | float:
    """An amount as a JSON number: whole amounts without a trailing .0."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _failed(checks: list[dict]) -> list[dict]:
    return [c for c in checks if c["passed"] is False]


# --- One report -----------------------------------------------------------------------------------

# Every report page shares one frame rendered by MkDocs (header, navigation, footer); its content and
# title are put in for each report by `site.write_reports`, without a Markdown pass per page.
TEMPLATE_SLUG = "ogi-report-frame"
TITLE_MARKER = "OGIREPORTTITLE"
BODY_MARKER = "<!--ogi-report-body-->"


def report_title(report: dict) -> str:
    return f'{report["year"]} {report["organization"]}'


def report_body(data: SiteData, report: dict, rows: dict[str, list[dict]]) -> str:
    """The HTML of one report's page content; `rows` are the report's rows of each per-report resource."""
    rid = report["report_id"]
    root = "../../"
    checks = rows["checks"]
    pages = {row["table_code"]: row for row in rows["table_pages"]}
    searchable = [f'<h1>{esc(report["title"] or report["organization"])}</h1>', _metadata_card(report, root)]
    parts = [_headline(report)]
    if report["layout"] in (V.STANDARD_2019, V.STANDARD_2021):
        parts += [_table2(rows["active_disclosure"], report["layout"], pages.get("table2")),
                  _table3(rows["applications"], report["layout"], pages.get("table3")),
                  _table4(rows["reviews_litigation"], pages.get("table4"))]
    legacy = rows["legacy_indicators"]
    if legacy:
        parts.append(_legacy(legacy, pages.get("statistics")))
    prose = rows["prose_figures"]
    if prose:
        parts.append(_prose(prose))
    parts.append(_checks(checks))
    figures = "".join(parts)
    rest = [_other_years(data, report, root),
            f'<h2>下载本报告数据</h2><p><a href="{root}downloads/{url(rid)}.csv" download>CSV</a> · '
            f'<a href="{root}downloads/{url(rid)}.json" download>JSON</a></p>']
    # Search indexes what people look for — the body, the place, the report's words — not the tables'
    # figures and labels, which every report repeats and which would multiply the index for no match.
    return ("".join(searchable) + f"<div data-pagefind-ignore>{figures}</div>" + _sections(rows["sections"])
            + f"<div data-pagefind-ignore>{''.join(rest)}</div>")


def _metadata_card(report: dict, root: str) -> str:
    source = (f'<a href="{esc(report["source_url"])}" rel="nofollow noopener">{esc(report["source_url"])}</a>'
              if report["source_url"].startswith(("http://", "https://")) else esc(report["source_url"]) or "—")
    rows = [("发布机关", esc(report["organization"])), ("地区", esc(_region(report)) or "—"),
            ("行政层级", esc(LEVEL.get(report["admin_level"], ""))), ("报告年度", esc(report["year"])),
            ("报告格式", esc(LAYOUT.get(report["layout"], ""))),
            ("版本", f'第 {report["version"]} 版,共 {report["versions"]} 版' if report["versions"] > 1 else "—"),
            ("发布日期", esc(report["published"] or "—")), ("索引号", esc(report["index_number"] or "—")),
            ("来源", source), ("原始文件", esc(report["source_file"])),
            ("文件格式", esc(SOURCE_FORMAT.get(report["source_format"], "")
                         + (f',{report["page_count"]} 页' if report["page_count"] else ""))),
            ("SHA-256", f'<code>{esc(report["sha256"])}</code>'), ("报告编号", f'<code>{esc(report["report_id"])}</code>')]
    return '<dl class="ogi-card">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _heading(title: str, pages: dict | None) -> str:
    """A table's heading, with the pages of the source where it was printed (PDFs)."""
    if not pages:
        return f"<h2>{esc(title)}</h2>"
    first, last = pages["first_page"], pages["last_page"]
    where = f"原文第 {first} 页" if first == last else f"原文第 {first}–{last} 页"
    return f'<h2>{esc(title)} <small class="ogi-pages">{esc(where)}</small></h2>'


def _headline(report: dict) -> str:
    cells = [f'<div class="ogi-figure"><span>{esc(t.zh)}</span><strong>'
             + (number(report[t.code]) + ("余" if report[f"{t.code}_status"] == "approximate" else "")
                if report[t.code] is not None else "—") + "</strong></div>" for t in HEADLINE]
    return '<h2>主要数字</h2><div class="ogi-figures">' + "".join(cells) + "</div>"


def _table2(rows: list[dict], layout: str, pages: dict | None = None) -> str:
    heading = _heading("表二 主动公开政府信息情况", pages)
    if not rows:
        return heading + "<p>未识别到表格。</p>"
    values = {(r["item"], r["measure"]): r for r in rows}
    out = []
    for item in V.table2_items(layout):
        header = "".join(f"<th>{esc(m.zh)}</th>" for m in item.measures)
        cells = "".join(cell(_figure(values[(item.term.code, m.code)]), values[(item.term.code, m.code)]["value_status"])
                        if (item.term.code, m.code) in values else cell(None, None) for m in item.measures)
        out.append(f"<tr><th>信息内容</th>{header}</tr><tr><td>{esc(item.term.zh)}</td>{cells}</tr>")
    return heading + '<table class="ogi-table ogi-form">' + "".join(out) + "</table>"


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


def _table3(rows: list[dict], layout: str, pages: dict | None = None) -> str:
    """Laid out like the official form: 三、本年度办理结果 and each outcome block span their rows."""
    heading = _heading("表三 收到和处理政府信息公开申请情况", pages)
    if not rows:
        return heading + "<p>未识别到表格。</p>"
    values = {(r["row"], r["applicant"]): r for r in rows}
    terms = _table3_terms({r["row"] for r in rows}, layout)
    columns = V.codes(V.TABLE3_COLUMNS)
    head = ('<tr><th rowspan="3" colspan="3"></th><th colspan="7">申请人情况</th></tr>'
            '<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>'
            "<tr>" + "".join(f"<th>{esc(t.zh)}</th>" for t in V.TABLE3_COLUMNS[1:6]) + "</tr>")
    results = [t for t in terms if t.group not in ("intake", "forward")]
    block_sizes: dict[str, int] = defaultdict(int)
    for term in results:
        block_sizes[term.zh.partition(" ")[0]] += 1
    body, shown_blocks = [], set()
    for term in terms:
        block, _, label = term.zh.partition(" ")
        if term.group in ("intake", "forward"):
            labels = f'<td colspan="3">{esc(term.zh)}</td>'
        else:
            labels = (f'<td rowspan="{len(results)}" class="ogi-group">三、本年度办理结果</td>'
                      if term is results[0] else "")
            if not label:
                labels += f'<td colspan="2">{esc(block)}</td>'
            else:
                if block not in shown_blocks:
                    labels += f'<td rowspan="{block_sizes[block]}" class="ogi-group">{esc(block)}</td>'
                labels += f"<td>{esc(label)}</td>"
            shown_blocks.add(block)
        cells = "".join(cell(values[(term.code, c)]["value"], values[(term.code, c)]["value_status"])
                        if (term.code, c) in values else cell(None, None) for c in columns)
        body.append(f'<tr data-row="{esc(term.code)}">{labels}{cells}</tr>')
    return (heading + '<div class="ogi-scroll"><table class="ogi-table ogi-form ogi-t3">'
            f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table></div>")


def _table4(rows: list[dict], pages: dict | None = None) -> str:
    heading = _heading("表四 政府信息公开行政复议、行政诉讼情况", pages)
    if not rows:
        return heading + "<p>未识别到表格。</p>"
    values = {(r["proceeding"], r["outcome"]): r for r in rows}
    outcomes = "".join(f"<th>{esc(t.zh)}</th>" for t in V.TABLE4_OUTCOMES)
    head = ('<tr><th colspan="5" rowspan="2">行政复议</th><th colspan="10">行政诉讼</th></tr>'
            '<tr><th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>'
            f"<tr>{outcomes * 3}</tr>")
    cells = "".join(cell(values[(p, o)]["value"], values[(p, o)]["value_status"]) if (p, o) in values else cell(None, None)
                    for p in V.codes(V.TABLE4_PROCEEDINGS) for o in V.codes(V.TABLE4_OUTCOMES))
    return (heading + '<div class="ogi-scroll"><table class="ogi-table ogi-form">'
            f"<thead>{head}</thead><tbody><tr>{cells}</tr></tbody></table></div>")


def _legacy(rows: list[dict], pages: dict | None = None) -> str:
    out = []
    for table_name, title in (("statistics", "政府信息公开情况统计表"), ("comparison", "年度对比表")):
        selected = [r for r in rows if r["legacy_table"] == table_name]
        if not selected:
            continue
        periods = list(dict.fromkeys(r["period"] for r in selected))
        by_row: dict[int, dict] = defaultdict(dict)
        for r in selected:
            by_row[r["row"]][r["period"]] = r
        period_names = {"this_year": "本年度", "cumulative": "历年累计"}
        body = []
        for row_number in sorted(by_row):
            first = next(iter(by_row[row_number].values()))
            body.append([td(first["indicator"]), td(first["unit"])]
                        + [cell(_figure(by_row[row_number][p]), by_row[row_number][p]["value_status"])
                           if p in by_row[row_number] else cell(None, None) for p in periods])
        out.append(_heading(title, pages if table_name == "statistics" else None) + table(["指标", "单位"] + [period_names.get(p, p) for p in periods], body))
    return "".join(out)


def _prose(rows: list[dict]) -> str:
    names = {t.code: t.zh for t in V.PROSE_FIGURES}
    body = [[td(names.get(r["indicator"], r["indicator"])), cell(r["value"], r["value_status"]), td(r["unit"]),
             f'<td class="ogi-context">{esc(r["context"])}</td>'] for r in rows]
    return "<h2>正文中的数字</h2>" + table(["指标", "数值", "单位", "原文"], body)


def _checks(checks: list[dict]) -> str:
    if not checks:
        return "<h2>勾稽关系校验</h2><p>本报告没有可校验的表格。</p>"
    names = {t.code: t.zh for t in V.CHECKS}
    failed = _failed(checks)
    summary = (f'<p>{badge(not failed)} {len(checks) - len(failed)} 项通过或未评估,{len(failed)} 项未通过'
               f'(共 {len(checks)} 项)。</p>')

    def rows(selected):
        return [[f"<td>{badge(c['passed'])}</td>", td(f'{c["check_code"]} {names.get(c["check_code"], "")}'), td(c["scope"]),
                 td(c["expected"]), td(c["found"]), td(c["message"])] for c in selected]

    headers = ["结果", "校验", "范围", "应为", "实为", "说明"]
    others = [c for c in checks if c["passed"] is not False]
    parts = ["<h2>勾稽关系校验</h2>", summary]
    if failed:
        parts.append(table(headers, rows(failed), "ogi-checks"))
    if others:
        parts.append(f'<details class="ogi-section"><summary>通过和未评估的校验({len(others)})</summary>'
                     + table(headers, rows(others), "ogi-checks") + "</details>")
    return "".join(parts)


def _sections(sections: list[dict]) -> str:
    if not sections:
        return ""
    parts = [f'<details class="ogi-section"><summary>{esc(s["heading"])}</summary>{paragraphs(s["text"])}</details>'
             for s in sorted(sections, key=lambda s: s["section"])]
    return "<h2>报告正文</h2>" + "".join(parts)


def _other_years(data: SiteData, report: dict, root: str) -> str:
    years = data.same_body(report)
    if len(years) < 2:
        return ""
    codes = ("applications_received", "applications_processed", "applications_granted", "reviews", "litigations")
    names = {t.code: t.zh for t in HEADLINE}
    body, previous = [], None
    for other in years:
        link = (f'<td><a href="{root}reports/{url(other["report_id"])}/">{esc(other["year"])}</a></td>'
                if other["report_id"] != report["report_id"] else f'<td><strong>{esc(other["year"])}</strong></td>')
        row = [link]
        for code in codes:
            value, change = other[code], ""
            if previous is not None and value is not None and previous[code] is not None:
                delta = value - previous[code]
                change = f' <span class="ogi-delta">({"+" if delta >= 0 else ""}{number(delta)})</span>'
            row.append(f'<td class="ogi-num">{number(value)}{change}</td>')
        body.append(row)
        previous = other
    return "<h2>同一机关其他年度</h2>" + table(["年度"] + [names[c] for c in codes], body)


def report_downloads(report: dict, rows: dict[str, list[dict]]) -> tuple[str, str]:
    """(CSV, JSON) of every row the package holds for this report."""
    bundle = {"report": report}
    for name in ("active_disclosure", "applications", "reviews_litigation", "legacy_indicators", "prose_figures",
                 "checks", "table_pages"):
        bundle[name] = rows[name]
    text = json.dumps(bundle, ensure_ascii=False, separators=(",", ":"),
                      default=lambda v: _json_number(v) if isinstance(v, Decimal) else str(v))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["table", "row", "column", "value", "value_status"])
    for r in rows["active_disclosure"]:
        writer.writerow(["active_disclosure", r["item"], r["measure"], _plain(_figure(r)), r["value_status"]])
    for r in rows["applications"]:
        writer.writerow(["applications", r["row"], r["applicant"], r["value"], r["value_status"]])
    for r in rows["reviews_litigation"]:
        writer.writerow(["reviews_litigation", r["proceeding"], r["outcome"], r["value"], r["value_status"]])
    for r in rows["legacy_indicators"]:
        writer.writerow([f"legacy_{r['legacy_table']}", r["indicator"], r["period"], _plain(_figure(r)), r["value_status"]])
    return "\ufeff" + out.getvalue(), text  # BOM: Excel opens the CSV as UTF-8


# --- Reports list -------------------------------------------------------------------------------

def reports_index(data: SiteData) -> str:
    body = ('<h1>报告列表</h1><p>共 <strong id="ogi-count">' + str(len(data.reports)) + '</strong> 份报告。'
            '点击表头排序,用下面的选项筛选。</p>'
            '<form class="ogi-filters" id="ogi-filters">'
            '<label>年度 <select name="year"><option value="">全部</option></select></label> '
            '<label>省份 <select name="province"><option value="">全部</option></select></label> '
            '<label>层级 <select name="admin_level"><option value="">全部</option></select></label> '
            '<label>格式 <select name="layout"><option value="">全部</option></select></label> '
            '<label>校验 <select name="status"><option value="">全部</option><option value="ok">全部通过</option>'
            '<option value="failed">有未通过</option></select></label> '
            '<label>机关 <input type="search" name="q" placeholder="输入机关名称"></label></form>'
            '<div class="ogi-scroll"><table class="ogi-table" id="ogi-reports"><thead><tr>'
            '<th data-key="year" data-type="number">年度</th><th data-key="organization">发布机关</th>'
            '<th data-key="region">地区</th><th data-key="admin_level">层级</th><th data-key="layout">格式</th>'
            '<th data-key="received" data-type="number">新收申请</th><th data-key="processed" data-type="number">办结</th>'
            '<th data-key="granted_share" data-type="number">予以公开率</th>'
            '<th data-key="failed" data-type="number">未通过校验</th></tr></thead><tbody></tbody></table></div>'
            '<noscript><p>列表需要 JavaScript;也可以直接下载 <a href="../data/reports.csv">reports.csv</a>。</p></noscript>')
    return page("报告列表", body)


def reports_json(data: SiteData) -> str:
    """The list's data: compact rows the browser sorts and filters (no server needed)."""
    rows = []
    for r in data.reports:
        processed, granted = r["applications_processed"], r["applications_granted"]
        rows.append({"id": r["report_id"], "year": r["year"], "organization": r["organization"],
                     "region": _region(r), "province": r["province"], "admin_level": r["admin_level"],
                     "admin_level_zh": LEVEL.get(r["admin_level"], ""), "layout": r["layout"],
                     "layout_zh": LAYOUT.get(r["layout"], ""), "received": r["applications_received"],
                     "processed": processed, "granted_share": round(granted / processed, 4) if processed and granted is not None else None,
                     "failed": r["checks_failed"]})
    rows.sort(key=lambda row: (-row["year"], row["organization"], row["id"]))
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


# --- Statistics ---------------------------------------------------------------------------------

def _sum(rows: list[dict], code: str) -> tuple[float, int]:
    values = [r[code] for r in rows if r[code] is not None]
    return sum(values), len(values)


def _aggregate_table(groups: dict[str, list[dict]], first_header: str) -> tuple[str, list[str], list[float]]:
    codes = ("applications_received", "applications_processed", "applications_granted",
             "applications_partially_granted", "reviews", "litigations")
    names = {t.code: t.zh for t in HEADLINE}
    body, labels, received = [], [], []
    for key in groups:
        rows = groups[key]
        line = [td(key), td_number(len(rows))]
        for code in codes:
            total, n = _sum(rows, code)
            line.append(f'<td class="ogi-num" title="{n} 份报告有此数据">{number(total) if n else ""}</td>')
        body.append(line)
        labels.append(str(key))
        received.append(_sum(rows, "applications_received")[0])
    return table([first_header, "报告数"] + [names[c] for c in codes], body), labels, received


def statistics_page(data: SiteData) -> str:
    by_year: dict = defaultdict(list)
    by_province: dict = defaultdict(list)
    by_level: dict = defaultdict(list)
    for r in sorted(data.current_reports, key=lambda r: r["year"]):
        by_year[r["year"]].append(r)
        by_province[r["province"] or "未识别"].append(r)
        by_level[LEVEL.get(r["admin_level"], r["admin_level"])].append(r)
    year_table, year_labels, year_received = _aggregate_table(by_year, "年度")
    parts = ["<h1>统计</h1><p>合计只计报告中有数字的单元格;空白不计为 0。单元格悬停可见参与合计的报告数。</p>",
             "<h2>按年度</h2>", bar_chart("各年度新收政府信息公开申请数", year_labels, year_received, "件"), year_table,
             "<h2>按省份</h2>", _aggregate_table(dict(sorted(by_province.items())), "省份")[0],
             "<h2>按行政层级</h2>", _aggregate_table(by_level, "层级")[0],
             _outcomes(data), _reviews(data), _rankings(data)]
    return page("统计", "".join(parts))


def _outcomes(data: SiteData) -> str:
    parts = [(g.zh, data.outcome_totals.get(g.code, 0.0)) for g in V.TABLE3_OUTCOME_GROUPS]
    all_outcomes = sum(v for _, v in parts)
    body = [[td(name), td_number(value), td(f"{value / all_outcomes:.1%}" if all_outcomes else "")] for name, value in parts]
    chart = share_bar("办理结果构成(表三总计列)", parts) if all_outcomes else "<p>暂无数据。</p>"
    return "<h2>办理结果分布</h2>" + chart + table(["办理结果", "件数", "占比"], body)


def _reviews(data: SiteData) -> str:
    totals: dict[tuple[str, str], float] = defaultdict(float, data.review_totals)
    body = []
    for p in V.TABLE4_PROCEEDINGS:
        concluded = sum(totals[(p.code, o)] for o in ("upheld", "corrected", "other"))
        rate = f"{totals[(p.code, 'corrected')] / concluded:.1%}" if concluded else ""
        body.append([td(p.zh)] + [td_number(totals[(p.code, o.code)]) for o in V.TABLE4_OUTCOMES] + [td(rate)])
    return ("<h2>行政复议、行政诉讼结果</h2><p>纠错率 = 结果纠正 ÷ 已审结(维持 + 纠正 + 其他)。</p>"
            + table(["类别"] + [o.zh for o in V.TABLE4_OUTCOMES] + ["纠错率"], body))


def _rankings(data: SiteData) -> str:
    eligible = [r for r in data.current_reports if (r["applications_processed"] or 0) >= MIN_SAMPLE
                and r["applications_granted"] is not None]
    ranked = sorted(eligible, key=lambda r: (-(r["applications_granted"] / r["applications_processed"]),
                                             -r["applications_processed"], r["report_id"]))[:20]
    body = [[td(i), f'<td><a href="../reports/{url(r["report_id"])}/">{esc(r["organization"])}</a></td>', td(r["year"]),
             td_number(r["applications_processed"]), td(f'{r["applications_granted"] / r["applications_processed"]:.1%}')]
            for i, r in enumerate(ranked, 1)]
    rule = f"<p>只列出当年办结申请不少于 {MIN_SAMPLE} 件的报告,避免小样本造成的极端比例。</p>"
    return "<h2>予以公开率排名</h2>" + rule + (table(["名次", "机关", "年度", "办结", "予以公开率"], body)
                                              if body else "<p>暂无满足样本量要求的报告。</p>")


# --- Data, quality, home ------------------------------------------------------------------------

def data_page(data: SiteData) -> str:
    files = [[f'<td><a href="{esc(f.name)}" download>{esc(f.name)}</a></td>', td_number(f.size),
              f"<td><code>{esc(f.sha256)}</code></td>"] for f in data.files]
    parts = ["<h1>数据下载</h1><p>全部数据以 Frictionless 数据包发布:每张表都有 CSV(UTF-8)和 Parquet 两种格式,"
             "另有 Excel 工作簿(中文列名)和整个数据包的 zip。空白单元格保持空白,从不记为 0;"
             "每个数值都有 <code>value_status</code>。</p>",
             table(["文件", "字节", "SHA-256"], files), _versions(data),
             "<h2>示例查询</h2><p>pandas:</p><pre><code>import pandas as pd&#10;reports = pd.read_parquet(\"reports.parquet\")"
             "&#10;print(reports.groupby(\"year\")[\"applications_received\"].sum(min_count=1))</code></pre>"
             "<p>DuckDB:</p><pre><code>SELECT year, sum(applications_received) AS received&#10;FROM 'reports.parquet' "
             "GROUP BY year ORDER BY year;</code></pre>",
             "<h2>数据字典</h2>"]
    for resource in RESOURCES:
        rows = [[f"<td><code>{esc(f.name)}</code></td>", td(f.type), td(f.zh), td(f.description),
                 td(";".join(f"{t.code} = {t.zh}" for t in f.terms))] for f in resource.fields]
        parts.append(f'<h3 id="{esc(resource.name)}">{esc(resource.title)} <code>{esc(resource.name)}</code></h3>'
                     f"<p>{esc(resource.description)} 主键:<code>{esc(', '.join(resource.primary_key))}</code></p>"
                     + table(["字段", "类型", "中文名", "说明", "允许的代码"], rows, "ogi-dictionary"))
    parts.append("<h2>引用</h2><p>ogi 政府信息公开工作年度报告数据(数据包 <code>ogi-gov-info-disclosure-reports</code>)。"
                 "请同时注明各报告的发布机关与来源网址(见 reports 表)。</p>"
                 "<h2>许可</h2><p>报告本身是各机关公开发布的政府信息;整理后的数据以 CC BY 4.0 提供,代码以 MIT 许可发布。</p>")
    return page("数据", "".join(parts))


def _versions(data: SiteData) -> str:
    """The data versions (versions.json of the package): each one stays downloadable from its release."""
    path = data.folder / "versions.json"
    if not path.exists():
        return ""
    info = json.loads(path.read_text(encoding="utf-8"))
    rows = [[td(v["version"] + ("(当前)" if v["version"] == info["current"] else "")), td(v["created"][:10]),
             td_number(v["reports"]), f'<td><a href="{esc(v["release_url"])}">发布页面</a> · '
             f'<a href="{esc(v["download_url"])}">下载 zip</a></td>'] for v in info["versions"]]
    return ("<h2>数据版本</h2><p>每个数据版本都作为 GitHub Release 长期保存,可下载、可引用;"
            '变化见 <a href="CHANGELOG.md">CHANGELOG.md</a>。</p>' + table(["版本", "日期", "报告数", "链接"], rows))


def quality_page(data: SiteData) -> str:
    by_id = {r["report_id"]: r for r in data.reports}
    failed_rows = []
    for rid, failed in sorted(data.failed_checks.items()):
        if failed:
            r = by_id[rid]
            failed_rows.append([f'<td><a href="../reports/{url(rid)}/">{esc(r["year"])} {esc(r["organization"])}</a></td>',
                                td_number(len(failed)), td("; ".join(f'{c["check_code"]} {c["scope"]}: {c["message"]}'
                                                                     for c in failed[:3]))])
    rejected = [[td(i["path"]), td(i["status"]), td(i["reason"])] for i in data.inputs if i["status"] != "published"]
    parts = ["<h1>数据质量</h1><p>数字对不上的报告照常发布,未通过的校验就是发现。没有发布的输入文件也都列在这里。</p>",
             f"<h2>有未通过校验的报告({len(failed_rows)})</h2>",
             table(["报告", "未通过", "说明(前三项)"], failed_rows) if failed_rows else "<p>没有。</p>",
             f"<h2>未发布的输入文件({len(rejected)})</h2>",
             table(["文件", "状态", "原因"], rejected) if rejected else "<p>没有。</p>"]
    return page("数据质量", "".join(parts))


def home_block(data: SiteData) -> str:
    """Headline numbers and latest reports, put into the hand-written home page."""
    years = sorted({r["year"] for r in data.reports})
    bodies = {r["organization_simplified"] for r in data.reports}
    received = sum(r["applications_received"] or 0 for r in data.current_reports)
    figures = [("报告", len(data.reports)), ("机关", len(bodies)),
               ("年度", f"{years[0]}–{years[-1]}" if years else "—"), ("新收申请合计", received)]
    cards = "".join(f'<div class="ogi-figure"><span>{esc(k)}</span><strong>{esc(number(v) if isinstance(v, (int, float)) else v)}'
                    "</strong></div>" for k, v in figures)
    latest = sorted(data.reports, key=lambda r: (r["published"] or "", r["year"], r["report_id"]), reverse=True)[:10]
    items = "".join(f'<li><a href="reports/{url(r["report_id"])}/">{esc(r["year"])} · {esc(r["organization"])}</a>'
                    f' <small>{esc(r["published"] or "")}</small></li>' for r in latest)
    search = ('<form class="ogi-search" action="search/" method="get"><input type="search" name="q" '
              'placeholder="搜索机关、地名或报告内容,例如:米易县" aria-label="搜索"><button type="submit">搜索</button></form>')
    return f'<div class="ogi">{search}<div class="ogi-figures">{cards}</div><h2>最新报告</h2><ul>{items}</ul></div>'
