"""The five seed reports parse to the figures a careful reader finds in them.

Every expected value below is copied from the corpus README (../shared/corpus/README.md), not from
the parser's output.
"""

from __future__ import annotations

from ogi import vocabulary as V
from ogi.records import Rejection, Report

APPLICANT_COLUMNS = V.codes(V.TABLE3_COLUMNS)


def numbers(grid_row: dict) -> list:
    return [grid_row[c].number for c in APPLICANT_COLUMNS]


def first_prose(report: Report) -> dict:
    """The first figure stated for each indicator (later sentences often give sub-totals)."""
    found = {}
    for figure in report.prose:
        found.setdefault(figure.indicator, figure.value)
    return found


def legacy_value(report: Report, indicator_part: str, period: str = "this_year"):
    rows = [r for r in report.legacy if indicator_part in r.indicator and r.period == period and r.table == "statistics"]
    assert rows, f"no legacy row containing {indicator_part}"
    return rows[0].value


def test_000_legacy_township_2017(seed):
    r = seed("000")
    assert isinstance(r, Report)
    assert r.layout == "legacy"
    assert r.year == 2017
    assert r.title == "衢江区峡川镇2017年政府信息公开工作情况报告"
    assert r.organization == "衢江区峡川镇人民政府"
    assert (r.province, r.prefecture, r.county, r.township) == ("浙江省", "衢州市", "衢江区", "峡川镇")
    assert r.admin_level == "township"
    assert r.index_number == "330803-054/2022-59460"
    assert r.published == "2018-01-08"
    expected = {
        "主动公开政府信息数": (78, "条"), "其中:主动公开规范性文件数": (30, "条"), "制发规范性文件总数": (50, "件"),
        "政府公报公开政府信息数": (3, "条"), "政府网站公开政府信息数": (78, "条"), "政务微博公开政府信息数": (0, "条"),
        "政务微信公开政府信息数": (30, "条"), "其他方式公开政府信息数": (0, "条"),
        "回应公众关注热点或重大舆情数": (5, "次"), "政策解读稿件发布数": (5, "篇"), "微博微信回应事件数": (3, "次"),
        "其他方式回应事件数": (2, "次"), "(一)收到申请数": (0, "件"), "行政复议数量": (0, "件"), "行政诉讼数量": (0, "件"),
        "举报投诉数量": (0, "件"), "依申请公开信息收取的费用": (0, "万元"), "政府信息公开工作专门机构数": (1, "个"),
        "兼职人员数": (1, "人"), "召开政府信息公开工作会议或专题会议数": (4, "次"), "举办各类培训班数": (1, "次"),
        "接受培训人员数": (12, "人次"),
    }
    for indicator, (value, unit) in expected.items():
        rows = [x for x in r.legacy if indicator in x.indicator.replace(" ", "") and x.table == "statistics"]
        assert rows, indicator
        assert rows[0].value.number == value, indicator
        assert rows[0].unit == unit, indicator
    for blank in ("查阅点数", "专职人员数", "专项经费"):
        value = legacy_value(r, blank)
        assert value.number is None and value.status == "blank", blank
    news = [x for x in r.legacy if "新闻发布会" in x.indicator]
    assert news and news[0].value.number == 0
    comparison = {(x.period, x.indicator): x.value.number for x in r.legacy if x.table == "comparison"}
    assert comparison[("2016", "主动公开政府信息数")] == 60
    assert comparison[("2016", "回应公共热点和舆情次数")] == 0
    assert comparison[("2016", "参加政务公开内容培训情况")] == 17
    assert comparison[("2017", "主动公开政府信息数")] == 78
    assert comparison[("2017", "回应公共热点和舆情次数")] == 5
    assert comparison[("2017", "参加政务公开内容培训情况")] == 17
    assert r.headline["active_disclosures"].number == 78
    assert r.headline["applications_received"].number == 0
    assert r.headline["reviews"].number == 0 and r.headline["litigations"].number == 0


def test_001_traditional_2021(seed):
    r = seed("001")
    assert r.layout == "standard-2021"
    assert r.script == "traditional"
    assert r.year == 2021
    assert r.title == "攀枝花市米易縣2021年政府信息公開工作年度報告"
    assert r.organization_simplified == "米易县人民政府"
    assert r.organization == "米易縣人民政府"
    assert (r.province, r.prefecture, r.county, r.township) == ("四川省", "攀枝花市", "米易县", "")
    assert r.admin_level == "county"
    assert r.published == "2022-02-08"
    t2 = {item: {m: v.number for m, v in cells.items()} for item, cells in r.table2.items()}
    assert t2 == {
        "regulations": {"issued": 0, "abolished": 0, "in_force": 0},
        "normative_documents": {"issued": 9, "abolished": 0, "in_force": 75},
        "administrative_licensing": {"decisions": 9544},
        "administrative_penalty": {"decisions": 937},
        "administrative_coercion": {"decisions": 36},
        "administrative_fees": {"amount": 3415.891},
    }
    rows_2021 = V.codes(V.table3_rows("standard-2021"))
    assert sorted(r.table3) == sorted(rows_2021)
    for row in rows_2021:
        expected = [10, 0, 0, 0, 0, 0, 10] if row in ("new_received", "granted", "total_processed") else [0] * 7
        assert numbers(r.table3[row]) == expected, row
    t4 = {p: [v.number for v in cells.values()] for p, cells in r.table4.items()}
    assert t4 == {"administrative_review": [1, 0, 0, 0, 1], "litigation_direct": [0] * 5,
                  "litigation_after_review": [0] * 5}
    assert all(c.passed for c in r.checks if c.check in ("H1", "H2", "H3", "H4"))
    prose = first_prose(r)
    assert prose["active_disclosures"].number == 16996
    assert prose["applications_received"].number == 10
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]


def test_002_blank_line_cells_2022(seed):
    r = seed("002")
    assert r.layout == "standard-2021"
    assert r.year == 2022
    assert r.title == "宁晋县大曹庄镇2022年政府信息公开工作年度报告"
    assert r.published == "2023-01-19"
    assert r.index_number == "dczx/1674120257266"
    assert (r.province, r.prefecture, r.county, r.township) == ("河北省", "邢台市", "宁晋县", "大曹庄镇")
    assert r.admin_level == "township"
    t2 = {item: {m: v.number for m, v in cells.items()} for item, cells in r.table2.items()}
    assert t2["regulations"] == {"issued": 0, "abolished": 0, "in_force": 0}
    assert t2["normative_documents"] == {"issued": 0, "abolished": 0, "in_force": 0}
    assert t2["administrative_licensing"] == {"decisions": 404}
    assert t2["administrative_penalty"] == {"decisions": 1}
    assert t2["administrative_coercion"] == {"decisions": 0}
    assert t2["administrative_fees"] == {"amount": 0}
    assert len(r.table3) == 25
    assert all(numbers(row) == [0] * 7 for row in r.table3.values())
    assert all(v.number == 0 for cells in r.table4.values() for v in cells.values())
    assert len(r.table4) == 3
    assert first_prose(r)["active_disclosures"].number == 209


def test_003_narrative_2017(seed):
    r = seed("003")
    assert r.layout == "narrative"
    assert r.year == 2017
    assert r.title == "万盛经开区政府信息公开工作年度报告(2017年度)"
    assert (r.province, r.county) == ("重庆市", "万盛经济技术开发区")
    assert r.admin_level == "county"
    assert not r.table2 and not r.table3 and not r.table4
    prose = first_prose(r)
    assert prose["active_disclosures"].number == 20000
    assert prose["active_disclosures"].status == "approximate"
    assert prose["active_normative_documents"].number == 12
    assert prose["active_via_website"].number == 15117
    assert prose["active_via_weibo"].number == 2600
    assert prose["active_via_wechat"].number == 1174
    assert prose["applications_received"].number == 5
    assert prose["reviews"].number == 1
    assert r.headline["active_disclosures"].status == "approximate"
    assert r.headline["applications_received"].number == 5


def test_004_template_is_rejected_with_reason(seed):
    r = seed("004")
    assert isinstance(r, Rejection)
    assert "模板" in r.reason and "39 处占位符" in r.reason
