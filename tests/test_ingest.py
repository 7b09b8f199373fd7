"""Inputs in any encoding and HTML with real table structure give the same figures."""

from __future__ import annotations


import pytest

from conftest import REPORTS, parse_path
from ogi.ingest import normalise
from ogi.records import Rejection, Report


def _figures(report: Report) -> dict:
    return {"year": report.year, "layout": report.layout,
            "t3": {r: {c: v.number for c, v in cells.items()} for r, cells in report.table3.items()},
            "t2": {r: {c: v.number for c, v in cells.items()} for r, cells in report.table2.items()},
            "t4": {r: {c: v.number for c, v in cells.items()} for r, cells in report.table4.items()}}


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig", "big5"])
def test_encodings_give_the_same_figures(tmp_path, encoding):
    prefix = "001" if encoding == "big5" else "002"  # Big5 holds Traditional text: use the Traditional seed
    original = next(REPORTS.glob(f"{prefix}_*.txt"))
    text = original.read_text(encoding="utf-8")
    copy = tmp_path / f"copy-{encoding}.txt"
    copy.write_bytes(text.encode(encoding, errors="replace"))
    assert _figures(parse_path(copy)) == _figures(parse_path(original))


def test_traditional_copy_of_a_simplified_seed(tmp_path):
    import opencc

    original = next(REPORTS.glob("002_*.txt"))
    traditional = opencc.OpenCC("s2t").convert(original.read_text(encoding="utf-8"))
    copy = tmp_path / "traditional.txt"
    copy.write_text(traditional, encoding="utf-8")
    parsed = parse_path(copy)
    assert parsed.script == "traditional"
    assert _figures(parsed) == _figures(parse_path(original))


def test_normalise_strips_pinyin_page_markers_and_chrome():
    display, simple, script = normalise("政府信息公(gong)开\n- 4 -\n第 5 页 共 5 页\n字号:[ 大 中 小 ] 阅读次数:12 来源:县政府\n１２３")
    assert [line.strip() for line in simple.split("\n")] == ["政府信息公开", "来源:县政府", "123"]
    assert script == "simplified"
    display, simple, script = normalise("政府信息公(gong)開,現將報告如下,規範性檔案,屬於國家秘密")
    assert script == "traditional"
    assert simple == "政府信息公开,现将报告如下,规范性文件,属于国家秘密"
    assert display == "政府信息公開,現將報告如下,規範性檔案,屬於國家秘密"


HTML = """<!DOCTYPE html><html><head><title>某县2021年政府信息公开工作年度报告</title>
<script>alert(1)</script></head><body>
<h1>某某县2021年政府信息公开工作年度报告</h1><p>本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。</p>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td colspan="3" rowspan="3">(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="4">三、本年度办理结果</td><td colspan="2">(一)予以公开</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>
<tr><td colspan="2">(二)部分公开(区分处理的,只计这一情形,不计其他情形)</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="1">(四)无法提供</td><td>1.本机关不掌握相关政府信息</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
<tr><td colspan="2">(七)总计</td><td>6</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>7</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table><tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>
<p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"""


def test_html_tables_with_rowspan_and_colspan(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(HTML, encoding="utf-8")
    report = parse_path(path)
    assert isinstance(report, Report)
    assert report.year == 2021
    assert [v.number for v in report.table3["new_received"].values()] == [5, 1, 0, 0, 0, 0, 6]
    assert [v.number for v in report.table3["unable_not_held"].values()] == [2, 0, 0, 0, 0, 0, 2]
    assert [v.number for v in report.table3["total_processed"].values()] == [6, 1, 0, 0, 0, 0, 7]
    assert report.table4["administrative_review"]["total"].number == 1
    assert all(c.passed for c in report.checks if c.check in ("H1", "H3", "H4"))
    assert "alert" not in "".join(s.text for s in report.sections)


@pytest.mark.parametrize("content,reason", [
    (b"", "空文件"), (b"   \n\t \n", "只有空白"), (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG图片"),
    (bytes(range(256)) * 40, "二进制"),
])
def test_unreadable_inputs_are_rejected_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    outcome = parse_path(path)
    assert isinstance(outcome, Rejection)
    assert reason.lower() in outcome.reason.lower()


def test_unrelated_page_is_rejected(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("关于开展2022年春季植树活动的通知\n各单位:为改善生态环境,定于3月12日开展植树活动。", encoding="utf-8")
    outcome = parse_path(path)
    assert isinstance(outcome, Rejection)
