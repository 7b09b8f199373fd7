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


# --- Word rendering ---------------------------------------------------------------------------------

def docx_bytes(title: str, paragraphs_before: list[str], layout: str, t2: dict, t3: dict[str, list[int]],
               t4: dict[str, list[int]], paragraphs_after: list[str]) -> bytes:
    """A .docx laid out like the official form: Tables 2–4 as real Word tables with merged header cells
    (Table 3's 申请人情况 → 法人或其他组织 → 商业企业…, Table 4's three header levels, the outcome blocks
    merged down). Used for fixtures and round-trip tests of the Word reader."""
    import io

    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for text in paragraphs_before:
        document.add_paragraph(text)
    document.add_paragraph("二、主动公开政府信息情况")
    _docx_table2(document, t2, layout)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    _docx_table3(document, t3, layout)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _docx_table4(document, t4)
    for text in paragraphs_after:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table2(document, data: dict, layout: str) -> None:
    items = V.table2_items(layout)
    width = 1 + max(len(i.measures) for i in items)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for item in items:
        for cells in (["信息内容"] + [m.zh for m in item.measures],
                      [item.term.zh] + [str(data[item.term.code][m.code]) for m in item.measures]):
            row = table.add_row().cells
            for c, text in enumerate(cells):
                row[c].text = text
            if len(cells) < width:  # the last cell spans the rest of the row, as on the form
                row[len(cells) - 1].merge(row[width - 1])


def _docx_table3(document, data: dict[str, list[int]], layout: str) -> None:
    rows = V.table3_rows(layout)
    table = document.add_table(rows=3 + len(rows), cols=10)
    table.style = "Table Grid"
    cell = table.cell
    cell(0, 0).merge(cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    cell(0, 3).merge(cell(0, 9)).text = "申请人情况"
    cell(1, 3).merge(cell(2, 3)).text = "自然人"
    cell(1, 4).merge(cell(1, 8)).text = "法人或其他组织"
    cell(1, 9).merge(cell(2, 9)).text = "总计"
    for c, term in enumerate(V.TABLE3_COLUMNS[1:6], 4):
        cell(2, c).text = term.zh
    outcome_rows = [r for r, term in enumerate(rows, 3) if term.group not in ("intake", "")
                    and term.code != "carried_forward"]
    cell(outcome_rows[0], 0).merge(cell(outcome_rows[-1], 0)).text = "三、本年度办理结果"
    groups: dict[str, list[int]] = {}
    for r, term in enumerate(rows, 3):
        if " " in term.zh:
            group, label = term.zh.split(" ", 1)
            groups.setdefault(group, []).append(r)
            cell(r, 2).text = label
        else:
            first = 1 if r in outcome_rows else 0
            cell(r, first).merge(cell(r, 2)).text = term.zh
        for c, value in enumerate(data[term.code], 3):
            cell(r, c).text = str(value)
    for group, members in groups.items():
        cell(members[0], 1).merge(cell(members[-1], 1)).text = group


def _docx_table4(document, data: dict[str, list[int]]) -> None:
    table = document.add_table(rows=4, cols=15)
    table.style = "Table Grid"
    cell = table.cell
    cell(0, 0).merge(cell(0, 4)).text = "行政复议"
    cell(0, 5).merge(cell(0, 14)).text = "行政诉讼"
    for c, term in enumerate(V.TABLE4_OUTCOMES):
        cell(1, c).merge(cell(2, c)).text = term.zh
        cell(2, 5 + c).text = term.zh
        cell(2, 10 + c).text = term.zh
    cell(1, 5).merge(cell(1, 9)).text = "未经复议直接起诉"
    cell(1, 10).merge(cell(1, 14)).text = "复议后起诉"
    values = [v for p in V.codes(V.TABLE4_PROCEEDINGS) for v in data[p]]
    for c, value in enumerate(values):
        cell(3, c).text = str(value)
