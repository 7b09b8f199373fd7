"""The accuracy classes of the parser: no value is ever silently wrong. Each case is built from a seed, a
dev-corpus report or the synthetic generator, with the change that makes it hard, and its expected
outcome read from the text, not from the parser."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import FIXTURES, REPORTS, parse_path
from ogi import synth
from ogi import vocabulary as V
from ogi.checks import check_report, continuity_checks, with_continuity
from ogi.identity import summarize
from ogi.package import report_rows
from ogi.records import Rejection, Report, Value

REAL = FIXTURES / "real"
PT_2021 = (REAL / "pt_2021.txt").read_text(encoding="utf-8")
SEED_000 = next(REPORTS.glob("000_*.txt")).read_text(encoding="utf-8")
SEED_003 = next(REPORTS.glob("003_*.txt")).read_text(encoding="utf-8")


def _parse(tmp_path: Path, text: str, suffix: str = ".txt", name: str = "input"):
    path = tmp_path / f"{name}{suffix}"
    path.write_text(text, encoding="utf-8")
    return parse_path(path)


def _markdown_report(layout: str = V.STANDARD_2021, seed: int = 3) -> synth.Synthetic:
    return synth.generate(random.Random(seed), synth.places(), style="markdown", layout=layout)


def _numbers(cells: dict) -> dict:
    return {code: value.number for code, value in cells.items()}


# --- Cells that were separated are never merged ------------------------------------------------------

SHORT_ROW_HEADER = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"


def test_a_markdown_row_short_of_a_cell_is_read_in_order_never_cut(tmp_path):
    """「| 行政规范性文件 | 27 | 153 |」 under three columns was cut as 27 · 1 · 53."""
    item = _markdown_report()
    lines = item.text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("| 行政规范性文件 |"))
    lines[row] = "| 行政规范性文件 | 27 | 153 |"
    report = _parse(tmp_path, "\n".join(lines))
    cells = report.table2["normative_documents"]
    assert _numbers(cells) == {"issued": 27, "abolished": 153, "in_force": None}
    assert cells["in_force"].status == "blank"
    assert not [run for run in report.digit_runs if run.row == "normative_documents"]


def test_an_html_row_short_of_a_cell_keeps_its_cells_under_their_headers(tmp_path):
    item = synth.generate(random.Random(3), synth.places(), style="html", layout=V.STANDARD_2021)
    truth = item.truth["table2"]["normative_documents"]
    printed = "".join(f"<td>{v}</td>" for v in (truth["issued"], truth["abolished"], truth["in_force"]))
    short = f"<td>{truth['issued']}</td><td>153</td>"
    assert printed in item.text
    report = _parse(tmp_path, item.text.replace(printed, short), ".html")
    assert _numbers(report.table2["normative_documents"]) == {"issued": truth["issued"], "abolished": 153,
                                                              "in_force": None}


def test_numbers_apart_in_flattened_text_are_never_joined_and_an_uncertain_cut_is_left_open(tmp_path):
    """Space between 27 and 153 in a layout copy: 27 stays whole or is cut, 153 too, but no value spans the
    space, and more than one cut survives the bounds: the cells are ambiguous, never a guess."""
    item = synth.generate(random.Random(3), synth.places(), style="layout", layout=V.STANDARD_2021)
    lines = item.text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("行政规范性文件"))
    lines[row] = "行政规范性文件    27    153"
    report = _parse(tmp_path, "\n".join(lines))
    cells = report.table2["normative_documents"]
    assert {v.status for v in cells.values()} == {"ambiguous"}
    run = next(run for run in report.digit_runs if run.row == "normative_documents")
    assert set(run.candidates) == {(2, 7, 153), (27, 1, 53)}  # 27·15·3 breaks 现行有效 ≥ 本年制发
    assert all(str(c[0]) + str(c[1]) + str(c[2]) == "27153" for c in run.candidates)


# --- Run-together digits with no identity: prose and bounds decide, or nothing does ------------------

def _pt_2021_with(row_digits: str, prose: str = "") -> str:
    text = PT_2021.replace("行政规范性文件693665", f"行政规范性文件{row_digits}")
    return text.replace("（二）依申请公开方面。", prose + "（二）依申请公开方面。", 1)


def test_figures_stated_in_the_prose_choose_the_cut(tmp_path):
    text = _pt_2021_with("6631520", "全年本年度制发的规范性文件66件,现行有效行政规范性文件520件。")
    report = _parse(tmp_path, text)
    cells = report.table2["normative_documents"]
    assert _numbers(cells) == {"issued": 66, "abolished": 31, "in_force": 520}
    assert {(v.status, v.evidence) for v in cells.values()} == {("recovered", "prose")}
    check = next(c for c in report.checks if c.check == "split_resolved" and c.scope == "table2 normative_documents")
    assert check.passed is True and check.found == "66·31·520"


def test_without_a_stated_figure_the_cells_are_blank_with_their_candidates(tmp_path):
    report = _parse(tmp_path, _pt_2021_with("6631520"))
    cells = report.table2["normative_documents"]
    assert all(v.number is None and v.status == "ambiguous" for v in cells.values())
    assert 66 in cells["issued"].candidates and 520 in cells["in_force"].candidates
    check = next(c for c in report.checks if c.check == "split_resolved" and c.scope == "table2 normative_documents")
    assert check.passed is False and "66·31·520" in check.found and check.expected == "6631520"
    assert check.scope == "table2 normative_documents" and check.message.startswith("连写数字「6631520」")


def test_the_2019_form_is_cut_by_its_own_bound(tmp_path):
    """「规范性文件5309」 under 新制作 · 新公开 · 对外公开总数 cuts as 5·30·9 or 53·0·9 (5·3·09 has a leading
    zero); 对外公开总数量 ≥ 本年新公开数量 rules out 5·30·9."""
    item = synth.generate(random.Random(8), synth.places(), style="run_together", layout=V.STANDARD_2019)
    t2 = item.truth["table2"]["normative_documents"]
    printed = f"规范性文件{t2['newly_made']}{t2['newly_published']}{t2['total_published']}"
    assert printed in item.text
    report = _parse(tmp_path, item.text.replace(printed, "规范性文件5309"))
    cells = report.table2["normative_documents"]
    assert _numbers(cells) == {"newly_made": 53, "newly_published": 0, "total_published": 9}
    assert {v.evidence for v in cells.values()} == {"bounds"}


# --- Zero in words -----------------------------------------------------------------------------------

def test_zero_in_words_is_zero_as_reported_in_a_narrative_report(tmp_path):
    text = SEED_003.replace("2017年,我区接受依申请公开5件,", "2017年,我区未收到政府信息公开申请,").replace(
        "2017年,青年镇人民政府发生因政府信息公开申请行政复议1件。",
        "2017年,没有发生因政府信息公开引起的行政复议,全年无政府信息公开行政诉讼案件。")
    report = _parse(tmp_path, text)
    for code in ("applications_received", "reviews", "litigations"):
        assert (report.headline[code].number, report.headline[code].status) == (0, "reported"), code


def test_zero_in_words_names_the_right_figure():
    """「未收到有关政府信息公开行政复议申请」 is about reviews: it says nothing of applications received."""
    report = parse_path(REAL / "pt_county_2013.txt")
    stated = {(f.indicator, f.value.number) for f in report.prose}
    assert ("reviews", 0) in stated and ("applications_received", 0) not in stated


# --- Metadata ------------------------------------------------------------------------------------------

def _report_text(title: str, signature: list[str], head: list[str] = ()) -> str:
    body = SEED_003.split("\n", 1)[1]
    return "\n".join([*head, title, body, *signature])


def test_a_markdown_heading_mark_never_enters_the_title_or_the_body(tmp_path):
    report = _parse(tmp_path, _report_text("# 米易县人民政府2021年政府信息公开工作年度报告", ["## 米易县人民政府"]), ".md")
    assert report.title == "米易县人民政府2021年政府信息公开工作年度报告"
    assert report.organization == "米易县人民政府" and report.county == "米易县"


def test_numbering_never_enters_the_body_name(tmp_path):
    report = _parse(tmp_path, _report_text("1. 米易县2021年政府信息公开工作年度报告", []))
    assert (report.title, report.organization) == ("米易县2021年政府信息公开工作年度报告", "米易县")


def test_a_date_in_chinese_numerals_is_read_and_the_page_date_does_not_override_it(tmp_path):
    head = ["发布机构: 米易县人民政府 | 成文日期: 2022-07-14"]
    report = _parse(tmp_path, _report_text("米易县2017年政府信息公开工作年度报告", ["米易县人民政府", "二〇一八年一月八日"], head))
    assert report.published == "2018-01-08"


def test_an_impossible_date_is_left_blank_with_a_note(tmp_path):
    head = ["发布时间: 2023-02-30"]
    report = _parse(tmp_path, _report_text("米易县2022年政府信息公开工作年度报告", [], head))
    assert isinstance(report, Report) and report.published == ""
    assert any("2023-02-30" in note for note in report.notes)


# --- Legacy statistics tables: section headers, indentation, the sums the form implies ---------------------

def test_legacy_rows_keep_the_form_s_sections_and_indentation(seed):
    rows = {r.indicator.replace(" ", ""): r for r in seed("000").legacy if r.table == "statistics"}
    assert (rows["(一)收到申请数"].section, rows["(一)收到申请数"].indent) == ("三、依申请公开情况", 1)
    assert (rows["1.当面申请数"].section, rows["1.当面申请数"].indent) == ("三、依申请公开情况", 2)
    assert rows["其中:主动公开规范性文件数"].indent == 2  # under (一)主动公开政府信息数
    assert rows["制发规范性文件总数"].indent == 2  # the 其中 list goes on
    assert rows["其中:主要负责同志参加新闻发布会次数"].indent == 3  # under 1.参加或举办新闻发布会总次数
    assert (rows["四、行政复议数量"].section, rows["四、行政复议数量"].indent) == ("四、行政复议数量", 0)
    # The block heading 「一、主动公开情况 | ——」 is the rows' section, not a row of its own.
    assert not [r for r in rows.values() if r.indicator.startswith("一、")]


def test_legacy_section_and_indent_reach_the_package(seed):
    report = seed("000")
    rows = report_rows("r", report)["legacy_indicators"]
    row = next(r for r in rows if r["indicator"] == "(一)收到申请数")
    assert (row["section"], row["indent"]) == ("三、依申请公开情况", 1)


def test_legacy_sums_the_form_implies_are_checked(tmp_path):
    passed = parse_path(next(REPORTS.glob("000_*.txt")))
    sums = {c.scope: c for c in passed.checks if c.check == "legacy_sum"}
    assert sums["(一)收到申请数"].passed is True and sums["(三)申请答复数"].passed is True
    broken = _parse(tmp_path, SEED_000.replace("1.当面申请数 | 0件", "1.当面申请数 | 2件"))
    check = next(c for c in broken.checks if c.check == "legacy_sum" and c.scope == "(一)收到申请数")
    assert (check.passed, check.expected, check.found) == (False, "0", "2")
    assert check.message == "合计为0，分项之和为2。"


def test_legacy_sums_hold_in_both_periods_of_a_run_together_table():
    report = parse_path(REAL / "pt_county_2013.txt")
    sums = {c.scope: c.passed for c in report.checks if c.check == "legacy_sum"}
    # 受理 7 = 0+0+3+4+0+0 this year; 28 = 18+0+6+4+0+0 in all (其它形式 closes the list: it is whole).
    assert sums["受理依申请公开信息总数"] is True and sums["受理依申请公开信息总数 历年累计"] is True
    parts = {c.scope: c.passed for c in report.checks if c.check == "legacy_part"}
    assert parts["主动公开信息数"] is True  # 其中 1.网站公开 1713 ≤ 1853


# --- Sections of prose-only reports -------------------------------------------------------------------

def test_a_prose_report_keeps_its_fee_section_apart(seed):
    sections = {s.number: s for s in seed("003").sections}
    assert sections[7].heading == "四、政府信息公开收费及减免情况"
    assert "未进行收费" in sections[7].text and "未进行收费" not in sections[3].text
    assert [s.number for s in seed("003").sections] == [1, 2, 3, 7, 4, 5]


def test_headings_run_into_a_single_line_page_are_found():
    numbers = [s.number for s in parse_path(REAL / "pt_2021.txt").sections]
    assert numbers == [1, 2, 3, 4, 5, 6]


# --- Not a report ---------------------------------------------------------------------------------

NOTICE = """关于做好2021年政府信息公开工作年度报告编制发布工作的通知
各乡镇人民政府,县政府各部门:
根据《中华人民共和国政府信息公开条例》,现将2021年政府信息公开工作年度报告编制有关事项通知如下:
一、总体情况。各单位要全面总结本年度政府信息公开工作,如实报告主动公开政府信息情况。
二、主动公开政府信息情况。去年全县主动公开政府信息2万余条,收到政府信息公开申请35件。
三、收到和处理政府信息公开申请情况。请按附表填报。
四、政府信息公开行政复议、行政诉讼情况。
米易县人民政府办公室
2022年1月5日"""

SUMMARY = """米易县2021年政务公开工作总结
2021年,我县政府信息公开工作稳步推进,全年主动公开政府信息16996条,收到政府信息公开申请10件。
一、总体情况
加强组织领导,完善工作机制。
二、存在问题
政策解读形式不够丰富。
米易县人民政府办公室
2022年1月20日"""

LETTER = """政府信息公开申请答复书
米府信复〔2021〕3号
张某某:
本机关于2021年3月1日收到您提出的政府信息公开申请,您申请公开2020年政府信息公开工作年度报告中的数据。
经查,该信息已主动公开。
米易县人民政府办公室
2021年3月10日"""


@pytest.mark.parametrize("text,kind", [(NOTICE, "通知"), (SUMMARY, "工作总结"), (LETTER, "答复")],
                         ids=["notice", "summary", "letter"])
def test_a_document_about_the_report_is_rejected_with_its_reason(tmp_path, text, kind):
    outcome = _parse(tmp_path, text)
    assert isinstance(outcome, Rejection), outcome
    assert outcome.reason.startswith("不是年度报告") and kind in outcome.reason


def test_a_notice_that_publishes_the_report_is_the_report(tmp_path):
    text = "关于公布万盛经开区2017年政府信息公开工作年度报告的通知\n各部门:现将年度报告公布如下。\n" + SEED_003
    report = _parse(tmp_path, text)
    assert isinstance(report, Report) and report.year == 2017


# --- The checks read typed data and fail on the wrong outcome -------------------------------------------

def test_an_unresolved_table4_split_fails_split_resolved(tmp_path):
    """「2002123201101320114」: the review group is 20·0·2·1·23 or 2·0·0·21·23, the direct lawsuits
    2·0·1·10·13 or 2·0·11·0·13: each satisfies every group total, so the cells that differ are left open
    and the check fails (it used to pass: its note lacked the words the check searched for)."""
    text = PT_2021.replace("10203120001200000五、", "2002123201101320114五、")
    report = _parse(tmp_path, text)
    check = next(c for c in report.checks if c.check == "split_resolved" and c.scope == "table4")
    run = next(r for r in report.digit_runs if r.table == "table4")
    assert len(run.candidates) > 1 and check.passed is False
    review = report.table4["administrative_review"]
    assert (review["upheld"].status, review["upheld"].candidates) == ("ambiguous", (2, 20))
    assert (review["total"].number, review["total"].status, review["total"].evidence) == (23, "recovered", "identities")


def test_a_resolved_table4_split_passes_split_resolved():
    report = parse_path(REAL / "pt_2021.txt")
    check = next(c for c in report.checks if c.check == "split_resolved" and c.scope == "table4")
    assert check.passed is True and check.found == "1·0·2·0·3·12·0·0·0·12·0·0·0·0·0"


def _year_report(year: int, carried_over: int, carried_forward: int) -> Report:
    """Seed 001 as the body's report on `year`, carrying over and forward what the test needs."""
    report = parse_path(next(REPORTS.glob("001_*.txt")))
    report.year = year
    report.headline = {**report.headline, "applications_carried_over": Value(carried_over, "reported"),
                       "applications_carried_forward": Value(carried_forward, "reported")}
    return check_report(report)


def _with_continuity(reports: list[Report]) -> None:
    for position, check in continuity_checks([summarize(r) for r in reports]).items():
        with_continuity(reports[position], check)


def test_carry_over_continuity_passes_when_the_years_agree_and_fails_when_they_do_not():
    earlier, later = _year_report(2021, 0, 3), _year_report(2022, 3, 0)
    _with_continuity([earlier, later])
    check = next(c for c in later.checks if c.check == "carry_over_continuity")
    assert (check.scope, check.passed, check.expected, check.found) == ("2021->2022", True, "3", "3")
    earlier, later = _year_report(2021, 0, 3), _year_report(2022, 2, 0)
    _with_continuity([earlier, later])
    check = next(c for c in later.checks if c.check == "carry_over_continuity")
    assert (check.passed, check.expected, check.found) == (False, "3", "2")
    assert check.message == "本年报告的上年结转为2，上一年报告的结转下年度为3。"
    assert not [c for c in earlier.checks if c.check == "carry_over_continuity"]


@pytest.mark.parametrize("check, passed, expected, found, message", [
    ("H1", False, "12", "10", "一+二为12，三（七）+四为10。"),
    ("H3", False, "5", "7", "总计为5，各类申请人之和为7。"),
    ("H4", None, "", "", "有空白或划线的单元格，未评估。"),
    ("carry_over_continuity", False, "3", "4", "本年报告的上年结转为4，上一年报告的结转下年度为3。"),
    ("prose_vs_table", False, "95", "17", "正文写17，表格为95；数据以表格为准。"),
    ("H1", True, "10", "10", ""),
])
def test_check_messages_are_chinese_and_made_from_the_checks_fields(check, passed, expected, found, message):
    from ogi.checks import result

    assert result(check, "total", passed, "error", expected, found).message == message
