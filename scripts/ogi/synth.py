"""Synthetic reports: random, identity-consistent tables rendered in every layout and flattening style,
with the truth written beside each file. Used by the property tests and the benchmarks.

`ogi synth --count N --out DIR` writes `DIR/synth_00001.txt` (or .html) and `DIR/synth_00001.truth.json`.
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass
from pathlib import Path

from . import vocabulary as V
from .parse.gazetteer import counties

STYLES = ("pipe_lines", "blank_lines", "markdown", "layout", "run_together", "html")
_COLUMNS = V.codes(V.TABLE3_COLUMNS)


@dataclass
class Synthetic:
    text: str
    suffix: str
    truth: dict


_TOWN_NAMES = "东西南北新安平和兴龙泉山河清水石桥阳光明华长乐永福"


def _body(rng: random.Random, places: list) -> dict:
    province, prefecture, county = rng.choice(places)
    kind = rng.choice(["county", "township", "department"])
    if kind == "township":
        town = rng.choice(_TOWN_NAMES) + rng.choice(_TOWN_NAMES) + "镇"
        return {"organization": f"{county}{town}人民政府", "prefix": f"{prefecture}{county}{town}", "admin_level": "township",
                "province": province, "prefecture": prefecture, "county": county, "township": town}
    if kind == "department":
        bureau = rng.choice(["教育局", "民政局", "自然资源局", "卫生健康局", "市场监督管理局"])
        return {"organization": f"{county}{bureau}", "prefix": f"{prefecture}{county}{bureau}", "admin_level": "department",
                "province": province, "prefecture": prefecture, "county": county, "township": ""}
    return {"organization": f"{county}人民政府", "prefix": f"{prefecture}{county}人民政府", "admin_level": "county",
            "province": province, "prefecture": prefecture, "county": county, "township": ""}


def _split(rng: random.Random, total: int, parts: int, skew: float = 0.7) -> list[int]:
    """`total` spread over `parts`, most of it in the first part (real tables are mostly natural persons)."""
    out = [0] * parts
    for _ in range(total):
        out[0 if rng.random() < skew else rng.randrange(parts)] += 1
    return out


def table3(rng: random.Random, layout: str) -> dict[str, list[int]]:
    """Rows → 7 cells, consistent with H1, H2 and H3."""
    rows = V.table3_rows(layout)
    outcome_rows = [t.code for t in V.table3_outcome_rows(layout)]
    scale = rng.choice([0, 1, 5, 30, 200])
    per_column_new = _split(rng, rng.randint(0, scale * 2 + 1), 6)
    per_column_old = _split(rng, rng.randint(0, max(1, scale // 5)), 6, 0.9)
    grid = {t.code: [0] * 6 for t in rows}
    grid["new_received"] = per_column_new
    grid["carried_over"] = per_column_old
    for col in range(6):
        available = per_column_new[col] + per_column_old[col]
        forward = rng.randint(0, available // 10) if available else 0
        grid["carried_forward"][col] = forward
        handled = available - forward
        grid["total_processed"][col] = handled
        weights = [8, 2] + [0.3] * (len(outcome_rows) - 2)
        for _ in range(handled):
            grid[rng.choices(outcome_rows, weights)[0]][col] += 1
    return {code: cells + [sum(cells)] for code, cells in grid.items()}


def table2(rng: random.Random, layout: str) -> dict[str, dict[str, float | int]]:
    out: dict[str, dict[str, float | int]] = {}
    for item in V.table2_items(layout):
        values: dict[str, float | int] = {}
        for measure in item.measures:
            if measure.unit == V.WAN_YUAN:
                values[measure.code] = round(rng.uniform(0, 5000), rng.choice([0, 2, 4]))
                if float(values[measure.code]).is_integer():
                    values[measure.code] = int(values[measure.code])
            elif measure.code == "change":
                values[measure.code] = rng.randint(-20, 20)
            else:
                values[measure.code] = rng.choice([0, rng.randint(0, 30), rng.randint(0, 3000)])
        codes = [m.code for m in item.measures]
        if codes == ["issued", "abolished", "in_force"]:
            # The generator's model of a typical body: stock ≥ this year's documents ≥ abolished ones.
            values["abolished"] = rng.randint(0, int(values["issued"]))
            values["in_force"] = int(values["issued"]) + rng.randint(0, 800)
        if codes == ["newly_made", "newly_published", "total_published"]:
            values["newly_published"] = rng.randint(0, int(values["newly_made"]))
            values["total_published"] = int(values["newly_published"]) + rng.randint(0, 800)
        out[item.term.code] = values
    return out


def table4(rng: random.Random) -> dict[str, list[int]]:
    out = {}
    for proceeding in V.codes(V.TABLE4_PROCEEDINGS):
        cells = [rng.choice([0, 0, 1, rng.randint(0, 12)]) for _ in range(4)]
        out[proceeding] = cells + [sum(cells)]
    return out


# --- Rendering ----------------------------------------------------------------------------------

def _render_rows(rows: list[list[str]], style: str) -> str:
    if style == "pipe_lines":
        return "\n".join(f"{cell} |" for row in rows for cell in row)
    if style == "blank_lines":
        return "\n\n".join(cell for row in rows for cell in row)
    if style == "markdown":
        return "\n".join("| " + " | ".join(row) + " |" for row in rows)
    if style == "layout":
        return "\n".join("    ".join(row) for row in rows)
    if style == "run_together":
        return "".join("".join(row) for row in rows)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{body}</table>"


def _table2_rows(data: dict, layout: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for item in V.table2_items(layout):
        rows.append(["信息内容"] + [m.zh for m in item.measures])
        rows.append([item.term.zh] + [str(data[item.term.code][m.code]) for m in item.measures])
    return rows


def _table3_rows(data: dict, layout: str) -> list[list[str]]:
    rows = [["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况"],
            ["自然人", "法人或其他组织", "总计"], ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]
    group_shown = set()
    for term in V.table3_rows(layout):
        label = term.zh
        if " " in label:
            group, label = label.split(" ", 1)
            if group not in group_shown:
                group_shown.add(group)
                label = group + label
        rows.append([label] + [str(v) for v in data[term.code]])
    return rows


def _table4_rows(data: dict) -> list[list[str]]:
    header = [["行政复议", "行政诉讼"], ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"],
              ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2]
    return header + [[str(v) for p in V.codes(V.TABLE4_PROCEEDINGS) for v in data[p]]]


def _standard_text(rng, body, year, layout, style, t2, t3, t4, active) -> str:
    sections = [
        ("一、总体情况", f"{year}年,{body['organization']}坚持以公开为常态。全年主动公开政府信息{active}条。"),
        ("二、主动公开政府信息情况", _render_rows(_table2_rows(t2, layout), style)),
        ("三、收到和处理政府信息公开申请情况", _render_rows(_table3_rows(t3, layout), style)),
        ("四、政府信息公开行政复议、行政诉讼情况", _render_rows(_table4_rows(t4), style)),
        ("五、存在的主要问题及改进情况", "政策解读形式不够丰富,下一步将加强培训。"),
        ("六、其他需要报告的事项", "本年度未收取信息处理费。"),
    ]
    title = f"{body['prefix']}{year}年政府信息公开工作年度报告"
    intro = f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    joiner = "" if style == "run_together" else "\n"
    parts = [title, intro] + [joiner.join([h, t]) for h, t in sections]
    signature = f"{body['organization']}\n{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"
    return "\n".join(parts) + "\n" + signature + "\n"


def _legacy_text(rng, body, year, style) -> tuple[str, dict]:
    received = rng.randint(0, 40)
    processed = rng.randint(0, received)
    granted = rng.randint(0, processed)
    partial = rng.randint(0, processed - granted)
    figures = {"active_disclosures": rng.randint(10, 5000), "applications_received": received,
               "applications_processed": processed, "applications_granted": granted,
               "applications_partially_granted": partial, "reviews": rng.randint(0, 3), "litigations": rng.randint(0, 2)}
    rows = [("一、主动公开政府信息数", "条", figures["active_disclosures"]), ("二、收到申请数", "件", received),
            ("三、申请办结数", "件", processed), ("1.同意公开答复数", "件", granted),
            ("2.同意部分公开答复数", "件", partial), ("四、行政复议数量", "件", figures["reviews"]),
            ("五、行政诉讼数量", "件", figures["litigations"])]
    if style == "markdown":
        table = "| 统计指标 | 单位 | 统计数 |\n" + "\n".join(f"| {a} | {u} | {n} |" for a, u, n in rows)
    else:
        table = "统计指标 | 单位 | 统计数 |\n" + "\n".join(f"{a} | {n}{u} | |" for a, u, n in rows)
    text = (f"{body['prefix']}{year}年政府信息公开工作年度报告\n"
            f"现将{year}年政府信息公开工作情况报告如下。\n一、概述\n我单位认真贯彻《条例》。\n"
            f"二、主动公开政府信息情况\n全年主动公开政府信息{figures['active_disclosures']}条。\n"
            f"附件:{year}年政府信息公开情况统计表\n{table}\n")
    return text, figures


def generate(rng: random.Random, places: list, style: str | None = None, layout: str | None = None) -> Synthetic:
    body = _body(rng, places)
    layout = layout or rng.choice([V.STANDARD_2021, V.STANDARD_2021, V.STANDARD_2019, V.LEGACY])
    style = style or rng.choice(STYLES)
    truth = {k: body[k] for k in ("organization", "admin_level", "province", "prefecture", "county", "township")}
    truth.update(layout=layout, style=style)
    if layout == V.LEGACY:
        year = rng.randint(2009, 2018)
        text, figures = _legacy_text(rng, body, year, "markdown" if style in ("markdown", "html") else "pipe")
        truth.update(year=year, headline=figures)
        return Synthetic(text, ".txt", truth)
    year = rng.randint(2021, 2025) if layout == V.STANDARD_2021 else rng.randint(2019, 2020)
    t2, t3, t4 = table2(rng, layout), table3(rng, layout), table4(rng)
    active = rng.randint(10, 20000)
    text = _standard_text(rng, body, year, layout, style, t2, t3, t4, active)
    truth.update(year=year, table2=t2, table3={r: dict(zip(_COLUMNS, v)) for r, v in t3.items()},
                 table4={p: dict(zip(V.codes(V.TABLE4_OUTCOMES), v)) for p, v in t4.items()})
    if style == "html":
        paragraphs = "".join(f"<p>{line}</p>" if not line.startswith("<table") else line for line in text.split("\n"))
        text = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(text.split(chr(10))[0])}</title></head><body>{paragraphs}</body></html>"
        return Synthetic(text, ".html", truth)
    return Synthetic(text, ".txt", truth)


def write_corpus(out: Path, count: int, seed: int = 1, truth_dir: Path | None = None) -> list[Path]:
    """Write `count` reports into `out` and their truth into `truth_dir` (default: `out`/../truth), kept
    apart so that a build of `out` sees only reports."""
    rng = random.Random(seed)
    places = counties()
    truth_dir = truth_dir or out.parent / "truth"
    out.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, count + 1):
        item = generate(rng, places)
        path = out / f"synth_{i:05d}{item.suffix}"
        path.write_text(item.text, encoding="utf-8")
        (truth_dir / f"synth_{i:05d}.json").write_text(json.dumps(item.truth, ensure_ascii=False, indent=1),
                                                      encoding="utf-8")
        paths.append(path)
    return paths


def places() -> list[tuple[str, str, str]]:
    """(province, prefecture, county) triples from the gazetteer the parser uses."""
    return counties()


# --- The official form as tables with merged cells (for Word and PDF files) -------------------------

@dataclass
class FormTable:
    """A table of the official form: `rows × width` cells and the merged ranges (r0, c0, r1, c1); a
    merged range's text is in its top-left cell."""

    width: int
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]]

    def merge(self, r0: int, c0: int, r1: int, c1: int, text: str) -> None:
        self.rows[r0][c0] = text
        self.merges.append((r0, c0, r1, c1))


def _form(rows: int, width: int) -> FormTable:
    return FormTable(width, [[""] * width for _ in range(rows)], [])


def form_tables(layout: str, t2: dict, t3: dict[str, list[int]], t4: dict[str, list[int]]) -> list[tuple[str, FormTable]]:
    """(section heading, table) for Tables 2, 3 and 4, laid out like the official form: Table 3's
    申请人情况 → 法人或其他组织 → 商业企业… header, the outcome blocks merged down, Table 4's three
    header levels."""
    return [("二、主动公开政府信息情况", _form_table2(t2, layout)),
            ("三、收到和处理政府信息公开申请情况", _form_table3(t3, layout)),
            ("四、政府信息公开行政复议、行政诉讼情况", _form_table4(t4))]


def _form_table2(data: dict, layout: str) -> FormTable:
    items = V.table2_items(layout)
    width = 1 + max(len(i.measures) for i in items)
    table = _form(2 * len(items), width)
    for i, item in enumerate(items):
        for r, cells in ((2 * i, ["信息内容"] + [m.zh for m in item.measures]),
                         (2 * i + 1, [item.term.zh] + [str(data[item.term.code][m.code]) for m in item.measures])):
            table.rows[r][:len(cells)] = cells
            if len(cells) < width:  # the last cell spans the rest of the row, as on the form
                table.merge(r, len(cells) - 1, r, width - 1, cells[-1])
    return table


def _form_table3(data: dict[str, list[int]], layout: str) -> FormTable:
    rows = V.table3_rows(layout)
    table = _form(3 + len(rows), 10)
    table.merge(0, 0, 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    table.merge(0, 3, 0, 9, "申请人情况")
    table.merge(1, 3, 2, 3, "自然人")
    table.merge(1, 4, 1, 8, "法人或其他组织")
    table.merge(1, 9, 2, 9, "总计")
    for c, term in enumerate(V.TABLE3_COLUMNS[1:6], 4):
        table.rows[2][c] = term.zh
    outcome_rows = [r for r, term in enumerate(rows, 3) if term.group not in ("intake", "")
                    and term.code != "carried_forward"]
    table.merge(outcome_rows[0], 0, outcome_rows[-1], 0, "三、本年度办理结果")
    groups: dict[str, list[int]] = {}
    for r, term in enumerate(rows, 3):
        if " " in term.zh:
            group, label = term.zh.split(" ", 1)
            groups.setdefault(group, []).append(r)
            table.rows[r][2] = label
        else:
            first = 1 if r in outcome_rows else 0
            table.merge(r, first, r, 2, term.zh)
        table.rows[r][3:] = [str(v) for v in data[term.code]]
    for group, members in groups.items():
        table.merge(members[0], 1, members[-1], 1, group)
    return table


def _form_table4(data: dict[str, list[int]]) -> FormTable:
    table = _form(4, 15)
    table.merge(0, 0, 0, 4, "行政复议")
    table.merge(0, 5, 0, 14, "行政诉讼")
    for c, term in enumerate(V.TABLE4_OUTCOMES):
        table.merge(1, c, 2, c, term.zh)
        table.rows[2][5 + c] = table.rows[2][10 + c] = term.zh
    table.merge(1, 5, 1, 9, "未经复议直接起诉")
    table.merge(1, 10, 1, 14, "复议后起诉")
    table.rows[3] = [str(v) for p in V.codes(V.TABLE4_PROCEEDINGS) for v in data[p]]
    return table


# --- Word ----------------------------------------------------------------------------------------

def docx_bytes(title: str, paragraphs_before: list[str], layout: str, t2: dict, t3: dict[str, list[int]],
               t4: dict[str, list[int]], paragraphs_after: list[str], layout_box: bool = False) -> bytes:
    """A .docx with Tables 2–4 as real Word tables with the form's merged cells; with `layout_box` the
    whole report sits inside a one-cell table, as some sites' Word exports do. Used for fixtures and
    round-trip tests of the Word reader."""
    import io

    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    container = document.add_table(rows=1, cols=1).cell(0, 0) if layout_box else document
    for text in paragraphs_before:
        container.add_paragraph(text)
    for heading, form in form_tables(layout, t2, t3, t4):
        container.add_paragraph(heading)
        table = container.add_table(rows=len(form.rows), cols=form.width)
        table.style = "Table Grid"
        for r, row in enumerate(form.rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        for r0, c0, r1, c1 in form.merges:
            table.cell(r0, c0).merge(table.cell(r1, c1)).text = form.rows[r0][c0]
    for text in paragraphs_after:
        container.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------

def pdf_bytes(title: str, paragraphs_before: list[str], layout: str, t2: dict, t3: dict[str, list[int]],
              t4: dict[str, list[int]], paragraphs_after: list[str], ruled: bool = True,
              running_header: str = "", page_border: bool = False, encrypt=None) -> bytes:
    """A text PDF of the report (reportlab, the Adobe-GB1 CID font every PDF reader knows): Tables 2–4
    with the form's merged cells, drawn with ruling lines or (`ruled=False`) as bare aligned text;
    tables split across pages repeat their header rows; every page has a page number and, when given,
    a running header and a border drawn around the page body (which a table finder sees as a one-cell
    table holding the whole page); `encrypt` (reportlab's StandardEncryption) encrypts the file. Used
    for round-trip tests of the PDF reader."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9, wordWrap="CJK")
    story = [Paragraph(title, ParagraphStyle("title", parent=body, fontSize=15, leading=22)), Spacer(1, 8)]
    story += [Paragraph(text, body) for text in paragraphs_before]
    page_width = A4[0] - 100
    for heading, form in form_tables(layout, t2, t3, t4):
        story.append(Paragraph(heading, body))
        header_rows = _form_header_rows(form)
        label_columns = 3 if form.width == 10 else 1 if form.width < 10 else 0
        widths = _column_widths(form.width, label_columns, page_width)
        cells = [[Paragraph(text, cell) if text else "" for text in row] for row in form.rows]
        style = [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in form.merges]
        style += [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), font)]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        story += [Table(cells, colWidths=widths, style=TableStyle(style), repeatRows=header_rows), Spacer(1, 8)]
    story += [Paragraph(text, body) for text in paragraphs_after]

    def decorate(canvas, document):
        canvas.setFont(font, 9)
        if running_header:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 30, running_header)
        canvas.drawCentredString(A4[0] / 2, 25, f"- {document.page} -")
        if page_border:  # a box around the page body, with a rule under the running header
            canvas.rect(40, 42, A4[0] - 80, A4[1] - 95)
            canvas.line(40, A4[1] - 58, A4[0] - 40, A4[1] - 58)

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=60, bottomMargin=50,
                      title=title, author="ogi synth", creator="ogi synth", invariant=1, encrypt=encrypt).build(
        story, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()


def _form_header_rows(form: FormTable) -> int:
    """Rows before the first row holding a number: the header a split table repeats on the next page."""
    for r, row in enumerate(form.rows):
        if any(text.replace(".", "", 1).isdigit() for text in row):
            return r
    return 0


def _column_widths(width: int, label_columns: int, page_width: float) -> list[float]:
    if label_columns == 3:  # Table 3: three label columns, seven narrow value columns
        labels = [0.07, 0.14, 0.25]
        return [page_width * w for w in labels] + [page_width * (1 - sum(labels)) / 7] * 7
    if label_columns == 1:
        return [page_width * 0.34] + [page_width * 0.66 / (width - 1)] * (width - 1)
    return [page_width / width] * width
