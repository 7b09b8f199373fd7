"""The data dictionary in Chinese: what each resource and field holds, and each code's Chinese label.

The package's schemas (schema.py) describe fields in English for the Frictionless descriptor; readers of
the site read Chinese. Every field of every resource needs a description here (a test checks it); a
field's allowed codes are listed with their labels from the vocabulary.
"""

from __future__ import annotations

from .. import vocabulary as V
from ..schema import Field, Resource

TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数值", "boolean": "是/否", "date": "日期"}

LEGACY_TABLES = {"statistics": "政府信息公开情况统计表", "comparison": "年度对比表"}
LEGACY_PERIODS = {"this_year": "本年度", "cumulative": "历年累计"}  # any other period is a year

RESOURCES = {
    "reports": "每份已发布的报告一行：基本信息、统一口径的主要数字和校验结果数。",
    "inputs": "每个输入文件一行：已发布、已拒收（附原因）或与另一文件重复。",
    "active_disclosure": "表二（主动公开政府信息情况）的每个单元格一行。2019年版和2021年版的指标不同，分别记录，从不合并。",
    "applications": "表三（收到和处理政府信息公开申请情况）的每个单元格一行。",
    "reviews_litigation": "表四（政府信息公开行政复议、行政诉讼情况）的每个单元格一行。",
    "legacy_indicators": "2019年以前旧版统计表的每个指标一行：指标、单位和各期间的数值，照原表记录。",
    "prose_figures": "正文句子中写明的数字，附所在的原文。",
    "sections": "报告正文的六个部分，保留原文字体。",
    "checks": "对每份报告所做的每一项勾稽关系校验；未通过的校验是关于该报告的发现。",
    "table_pages": "分页的原始文件中各表格所在的页码。",
}

_HEADLINE = {t.code for t in V.HEADLINE}

FIELDS = {
    "report_id": "报告的稳定编号：年度、机关和原始文件SHA-256的前8位十六进制数字。",
    "title": "报告标题，照原文（原字体）。",
    "organization": "发布报告的机关，照原文（原字体）。",
    "organization_simplified": "发布机关的简体写法。",
    "province": "所在省级行政区。",
    "prefecture": "所在地级行政区。",
    "county": "所在县级行政区（县、区、县级市或功能区）。",
    "township": "所在乡级行政区（乡、镇、街道）。",
    "admin_level": "发布机关的行政层级。",
    "year": "统计数字所属的年度（不是发布年份）。",
    "layout": "报告所用的格式。",
    "script": "原文的字体。",
    "published": "发布日期（网页日期，否则为落款日期）。",
    "index_number": "政府信息公开目录的索引号（报告印有时）。",
    "source_file": "原始文件在报告文件夹中的路径。",
    "source_format": "原始文件的类型。",
    "page_count": "分页的原始文件（如带分页符的文本）的页数；不分页的文件为空。",
    "source_url": "报告的发布网址（已知时）。",
    "sha256": "原始文件的SHA-256校验值。",
    "version": "同一机关同一年度有几份不同报告时，本份的序号（按发布日期、再按文件名排列）；否则为1。",
    "versions": "同一机关同一年度发布的不同报告份数。",
    "checks_failed": "未通过的校验数（含错误和提示）。",
    "checks_run": "已评估的校验数。",
    "path": "文件在报告文件夹中的路径。",
    "size": "文件大小（字节）。",
    "status": "处理结果。",
    "reason": "未发布的原因，或与哪个文件重复。",
    "inputs.sha256": "文件的SHA-256校验值。",
    "inputs.report_id": "由该文件发布的报告（重复文件则为原件发布的报告）的编号。",
    "active_disclosure.layout": "该行所属表格的格式版本。",
    "item": "表二的行（信息内容）。",
    "measure": "表二的列（指标）。",
    "value": "数值；单元格空白、划线或无效时为空。",
    "active_disclosure.value": "数值；单元格空白、划线或无效时为空。2019年版的「本年增/减」可为负数。",
    "applications.value": "申请件数；单元格空白、划线或无效时为空。",
    "reviews_litigation.value": "案件数；单元格空白、划线或无效时为空。",
    "legacy_indicators.value": "数值；单元格空白或划线时为空。",
    "prose_figures.value": "数值；约数（如「2万余」）记为所述的下限。",
    "value_status": "报告中这个单元格写的是什么：数字、空白、划线、约数、拆分还原或无效。",
    "unit": "单位。",
    "active_disclosure.unit": "单位：件、项或万元。",
    "legacy_indicators.unit": "计量单位，照原表。",
    "row": "表三的行。",
    "outcome_group": "该行所属的办理结果类别（仅办理结果行）。",
    "applicant": "申请人类别（表三的列）。",
    "proceeding": "行政复议，或行政诉讼的两类。",
    "outcome": "结果。",
    "legacy_table": "所属的表。",
    "legacy_indicators.row": "在表中的行号。",
    "indicator": "指标名称，照原表（简体）。",
    "prose_figures.indicator": "数字所指的指标。",
    "period": "期间：下列代码之一，或某一年份。",
    "figure": "该数字在报告中的顺序。",
    "context": "数字前后的原文（简体，供匹配使用）。",
    "section": "正文的部分：" + "；".join(f"{t.code}＝{t.zh}" for t in V.SECTIONS) + "。",
    "heading": "该部分的标题，照原文。",
    "text": "该部分的正文。",
    "check_number": "该校验在报告中的序号。",
    "check_code": "校验项目。",
    "scope": "校验的范围：表三的列或行、表四的类别、主要数字或年度。",
    "passed": "是否通过；无法评估时为空。",
    "severity": "级别：错误或提示。",
    "expected": "应为的数值。",
    "found": "实际的数值。",
    "message": "说明（没有对上的地方）。",
    "table_code": "表格。",
    "first_page": "表格开始的页码（第1页为1）。",
    "last_page": "表格最后一行数字所在的页码。",
}

_T2_ITEMS = [i.term for i in V.TABLE2_2021 + V.TABLE2_2019]
_T2_MEASURES = [m for i in V.TABLE2_2021 + V.TABLE2_2019 for m in i.measures]
_CODE_TERMS = {
    "admin_level": V.ADMIN_LEVELS, "layout": V.LAYOUTS, "script": V.SCRIPTS, "source_format": V.SOURCE_FORMATS,
    "status": V.INPUT_STATUSES, "value_status": V.VALUE_STATUSES, "item": _T2_ITEMS, "measure": _T2_MEASURES,
    "row": V.TABLE3_ROWS, "outcome_group": V.TABLE3_OUTCOME_GROUPS, "applicant": V.TABLE3_COLUMNS,
    "proceeding": V.TABLE4_PROCEEDINGS, "outcome": V.TABLE4_OUTCOMES, "indicator": V.PROSE_FIGURES,
    "check_code": V.CHECKS, "severity": V.SEVERITIES, "table_code": V.SOURCE_TABLES,
}


def description(resource: Resource, field: Field) -> str:
    key = f"{resource.name}.{field.name}"
    if key in FIELDS:
        return FIELDS[key]
    if field.name in _HEADLINE:
        return f"{field.zh}，各格式统一口径。"
    if field.name.removesuffix("_status") in _HEADLINE:
        return f"「{field.zh.removesuffix('状态')}」的数值状态。"
    return FIELDS.get(field.name, "")


def code_labels(field: Field) -> list[tuple[str, str]]:
    """(code, Chinese label) for each allowed code of a field; a code with labels that differ between
    layouts (Table 2 measures) gets them all, joined."""
    if field.name == "legacy_table":
        return [(code, LEGACY_TABLES[code]) for code in field.enum]
    if field.name == "period":
        return list(LEGACY_PERIODS.items())
    terms = V.VALUE_STATUSES if field.name.endswith("_status") else _CODE_TERMS.get(field.name, ())
    labels: dict[str, list[str]] = {}
    for term in terms:
        labels.setdefault(term.code, [])
        label = term.zh.replace(" ", "")  # Table 3 rows: 「（三）不予公开 1.属于国家秘密」
        if label not in labels[term.code]:
            labels[term.code].append(label)
    return [(code, "／".join(labels.get(code, []))) for code in field.enum]
