"""The data package's resources and fields, generated from the vocabulary.

One definition feeds the Frictionless descriptor (v2), the Parquet schemas, the CSV and Excel column
titles and the site's data dictionary, so they cannot drift apart. Descriptions are in Chinese (what the
site shows); coded fields carry their codes with Chinese labels (`categories`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from . import vocabulary as V

TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
# Money (万元) as exact decimals: 18 digits before the point, 6 after (0.000001 万元 = 0.01 元). An amount
# that does not fit is published as invalid with its printed text, never rounded.
AMOUNT_PRECISION, AMOUNT_SCALE = 24, 6
INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # frictionless: string | integer | number | boolean | date
    zh: str
    description: str  # Chinese
    terms: tuple[V.Term, ...] = ()  # the allowed codes, with their Chinese labels
    minimum: float | None = None
    required: bool = False
    decimal: bool = False  # a money amount: exact decimal in Parquet

    @property
    def enum(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    def labels(self) -> dict[str, str]:
        return {t.code: t.zh for t in self.terms}

    def descriptor(self) -> dict:
        out: dict = {"name": self.name, "type": self.type, "title": self.zh, "description": self.description}
        if self.terms:
            out["categories"] = [{"value": t.code, "label": t.zh} for t in self.terms]
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.terms:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if constraints:
            out["constraints"] = constraints
        return out

    def arrow_type(self) -> pa.DataType:
        if self.decimal:
            return pa.decimal128(AMOUNT_PRECISION, AMOUNT_SCALE)
        return {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
                "date": pa.date32()}[self.type]


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str  # Chinese
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    references_reports: bool = True

    def schema(self) -> dict:
        out = {"$schema": TABLE_SCHEMA_PROFILE, "fields": [f.descriptor() for f in self.fields],
               "primaryKey": list(self.primary_key), "missingValues": [""]}
        if self.references_reports:
            out["foreignKeys"] = [{"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["report_id"]}}]
        return out

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(f.name, f.arrow_type(), nullable=not f.required) for f in self.fields])

    def names(self) -> list[str]:
        return [f.name for f in self.fields]


def _codes_text(terms) -> str:
    return ";".join(f"{t.code} = {t.zh}" for t in terms)


REPORT_ID = Field("report_id", "string", "报告编号", "报告的稳定编号:年度-地区代码-发布机关名称,同一机关同一年度"
                  "有多个版本时第二版起加 -v2、-v3。编号只取决于报告本身(机关、年度、版次),与承载它的文件无关。",
                  required=True)
VALUE_STATUS = Field("value_status", "string", "数值状态", "报告原文的填写情况:" + _codes_text(V.VALUE_STATUSES),
                     terms=V.VALUE_STATUSES, required=True)
RAW = Field("raw", "string", "原文", "数值无效(value_status = invalid)时报告所印的原文,以便核对;其他情况为空。")


def _count(description: str, zh: str = "件数") -> Field:
    return Field("value", "integer", zh, description + "空白、划线或无效时为空(不记为 0)。", minimum=0)


_headline_fields: list[Field] = []
for _term in V.HEADLINE:
    _headline_fields.append(Field(_term.code, "integer", _term.zh, f"{_term.zh}(各代报告格式统一口径的主要数字)。",
                                  minimum=0))
    _headline_fields.append(Field(f"{_term.code}_status", "string", f"{_term.zh}状态", f"{_term.code} 的数值状态。",
                                  terms=V.VALUE_STATUSES))

REPORTS = Resource(
    "reports", "报告", "每份发布的报告一行:元数据、地区代码、版本、统一口径的主要数字和校验数。",
    (REPORT_ID,
     Field("body_id", "string", "机关编号", "发布机关的稳定编号:地区代码-机关名称;机关更名(见 body_renamings.csv)"
           "后仍是同一编号,同一机关的各年度报告因此连成一个序列。", required=True),
     Field("title", "string", "标题", "报告标题(原文字体)。"),
     Field("organization", "string", "发布机关", "发布机关名称(原文字体)。"),
     Field("organization_simplified", "string", "发布机关(简体)", "发布机关名称(简体)。"),
     Field("province", "string", "省级", "省级行政区名称。"),
     Field("province_code", "string", "省级代码", "省级行政区的 GB/T 2260 六位代码(报告年度适用的代码)。"),
     Field("prefecture", "string", "地市级", "地级行政区名称。"),
     Field("prefecture_code", "string", "地市级代码", "地级行政区的六位代码(报告年度适用的代码)。"),
     Field("county", "string", "县级", "县级行政区(县、区、县级市、旗)或按县级管理的开发区名称。"),
     Field("county_code", "string", "县级代码", "县级行政区的六位代码(报告年度适用的代码;统计用代码表中没有"
           "的开发区为空)。"),
     Field("township", "string", "乡镇级", "乡镇、街道名称。"),
     Field("admin_level", "string", "行政层级", "发布机关的层级:" + _codes_text(V.ADMIN_LEVELS), terms=V.ADMIN_LEVELS,
           required=True),
     Field("year", "integer", "报告年度", "报告所统计的年度(不是发布年份)。", minimum=2000, required=True),
     Field("layout", "string", "报告格式", "报告格式的代别:" + _codes_text(V.LAYOUTS), terms=V.LAYOUTS, required=True),
     Field("script", "string", "字体", "原文字体:" + _codes_text(V.SCRIPTS), terms=V.SCRIPTS, required=True),
     Field("published", "date", "发布日期", "发布日期(网页日期,否则为落款日期)。"),
     Field("index_number", "string", "索引号", "政府信息公开目录的索引号(如有)。"),
     Field("source_file", "string", "原始文件", "发布所用的原始文件在 reports/ 下的路径(有多个副本时取最好的一份)。",
           required=True),
     Field("source_format", "string", "文件格式", "原始文件的格式:" + _codes_text(V.SOURCE_FORMATS),
           terms=V.SOURCE_FORMATS, required=True),
     Field("page_count", "integer", "页数", "分页来源(PDF 或带分页符的文本)的页数;其他为空。", minimum=1),
     Field("source_url", "string", "来源网址", "报告的发布网址(如已知)。"),
     Field("sha256", "string", "SHA-256", "原始文件的 sha256。", required=True),
     *_headline_fields,
     Field("version", "integer", "版本", "同一机关同一年度有多份不同报告(如更正后重新发布)时本报告的序号,按发布日期排序;"
           "只有一份时为 1。", minimum=1, required=True),
     Field("versions", "integer", "版本数", "同一机关同一年度发布的不同报告份数。", minimum=1, required=True),
     Field("is_current", "boolean", "现行版本", "是否为同一机关同一年度的现行(最新)版本。统计汇总只计现行版本,"
           "每份报告只计一次。", required=True),
     Field("version_change", "string", "与上一版本的差异", "与上一版本相比:" + _codes_text(V.VERSION_CHANGES)
           + ";第一版为空。", terms=V.VERSION_CHANGES),
     Field("checks_failed", "integer", "未通过校验数", "未通过的校验数(错误和提示)。", minimum=0, required=True),
     Field("checks_run", "integer", "校验数", "已评估的校验数。", minimum=0, required=True)),
    ("report_id",), references_reports=False)

INPUTS = Resource(
    "inputs", "输入文件", "每个输入文件一行:已发布、已拒收(附原因)或重复(附所重复的报告)。",
    (Field("path", "string", "文件", "在 reports/ 下的路径。", required=True),
     Field("sha256", "string", "SHA-256", "文件的 sha256。", required=True),
     Field("size", "integer", "字节数", "文件大小(字节)。", minimum=0, required=True),
     Field("status", "string", "状态", "处理结果:" + _codes_text(V.INPUT_STATUSES), terms=V.INPUT_STATUSES,
           required=True),
     Field("reason", "string", "原因", "拒收原因,或所重复的文件。"),
     Field("report_id", "string", "报告编号", "由此文件发布的报告(重复文件为其所属报告)。")),
    ("path",), references_reports=False)

_T2_ITEMS = tuple(dict.fromkeys(i.term for i in V.TABLE2_2021 + V.TABLE2_2019))
_T2_MEASURES = tuple({m.code: m for i in V.TABLE2_2019 + V.TABLE2_2021 for m in i.measures}.values())

ACTIVE_DISCLOSURE = Resource(
    "active_disclosure", "主动公开政府信息情况(表二)", "表二,长表格式。2019 年版与 2021 年版的指标代码不同,从不合并。",
    (REPORT_ID,
     Field("layout", "string", "报告格式", "本行所属的表格代别。", terms=V.LAYOUTS[:2], required=True),
     Field("item", "string", "信息内容", "表二的行:" + _codes_text(_T2_ITEMS), terms=_T2_ITEMS, required=True),
     Field("measure", "string", "指标", "表二的列:" + _codes_text(_T2_MEASURES), terms=_T2_MEASURES, required=True),
     Field("value", "integer", "数量", "件数或项数(change 为有符号的增减数);金额见 amount。空白、划线或无效时为空。"),
     Field("amount", "number", "金额", "金额(单位见 unit,万元),精确小数;数量见 value。", minimum=0, decimal=True),
     Field("unit", "string", "单位", "件、项或万元。"),
     VALUE_STATUS, RAW),
    ("report_id", "item", "measure"))

APPLICATIONS = Resource(
    "applications", "收到和处理政府信息公开申请情况(表三)", "表三,长表格式:每个单元格一行。",
    (REPORT_ID,
     Field("row", "string", "行", "表三的行:" + _codes_text(V.TABLE3_ROWS), terms=V.TABLE3_ROWS, required=True),
     Field("outcome_group", "string", "办理结果类别", "本行所属的办理结果类别(如为办理结果)。",
           terms=V.TABLE3_OUTCOME_GROUPS),
     Field("applicant", "string", "申请人", "申请人类型:" + _codes_text(V.TABLE3_COLUMNS), terms=V.TABLE3_COLUMNS,
           required=True),
     _count("申请件数。"),
     VALUE_STATUS, RAW),
    ("report_id", "row", "applicant"))

REVIEWS_LITIGATION = Resource(
    "reviews_litigation", "行政复议、行政诉讼情况(表四)", "表四,长表格式。",
    (REPORT_ID,
     Field("proceeding", "string", "类别", "行政复议或行政诉讼:" + _codes_text(V.TABLE4_PROCEEDINGS),
           terms=V.TABLE4_PROCEEDINGS, required=True),
     Field("outcome", "string", "结果", "结果:" + _codes_text(V.TABLE4_OUTCOMES), terms=V.TABLE4_OUTCOMES, required=True),
     _count("案件数。"),
     VALUE_STATUS, RAW),
    ("report_id", "proceeding", "outcome"))

_LEGACY_TABLES = (V.Term("statistics", "政府信息公开情况统计表", ""), V.Term("comparison", "年度对比表", ""))

LEGACY_INDICATORS = Resource(
    "legacy_indicators", "旧版统计表指标", "2019 年以前的统计表,按原样:指标、单位、各期间的数值。",
    (REPORT_ID,
     Field("legacy_table", "string", "表", "所属的表:" + _codes_text(_LEGACY_TABLES), terms=_LEGACY_TABLES,
           required=True),
     Field("row", "integer", "行号", "表内行号。", minimum=1, required=True),
     Field("section", "string", "所属部分", "原表中该行上方所印的部分标题（如「三、依申请公开情况」）；没有则为空。"),
     Field("indent", "integer", "缩进层级", "0为顶层；1为其下的「（一）」或「其中」行；2为再下一层的「1.」「2.」行，依此类推。",
           minimum=0),
     Field("indicator", "string", "指标名称", "指标名称(简体)。", required=True),
     Field("unit", "string", "计量单位", "原文的计量单位。"),
     Field("period", "string", "期间", "this_year = 本年度;cumulative = 历年累计;或某一年份。", required=True),
     Field("value", "integer", "数量", "以条、件、次、人等计的数量;金额见 amount。空白、划线或无效时为空。"),
     Field("amount", "number", "金额", "以万元或元计的金额(单位见 unit),精确小数。", decimal=True),
     VALUE_STATUS, RAW),
    ("report_id", "legacy_table", "row", "period"))

PROSE_FIGURES = Resource(
    "prose_figures", "正文数字", "正文句子中所述的数字及其上下文。",
    (REPORT_ID,
     Field("figure", "integer", "序号", "数字在报告中的顺序。", minimum=1, required=True),
     Field("indicator", "string", "指标", _codes_text(V.PROSE_FIGURES), terms=V.PROSE_FIGURES, required=True),
     Field("value", "integer", "数量", "数值;约数(如「2万余」)为所述的下限。", minimum=0),
     VALUE_STATUS, RAW,
     Field("unit", "string", "单位", "单位。"),
     Field("context", "string", "上下文", "数字前后的原文。")),
    ("report_id", "figure"))

SECTIONS = Resource(
    "sections", "报告正文", "六个部分的正文(原文字体)。",
    (REPORT_ID,
     Field("section", "integer", "部分", _codes_text(V.SECTIONS), minimum=1, required=True),
     Field("heading", "string", "标题", "原文所印的标题。"),
     Field("text", "string", "正文", "该部分的正文。")),
    ("report_id", "section"))

CHECKS = Resource(
    "checks", "勾稽关系校验", "每份报告的每项校验;未通过的校验是关于报告本身的发现。",
    (REPORT_ID,
     Field("check_number", "integer", "序号", "校验在报告内的顺序。", minimum=1, required=True),
     Field("check_code", "string", "校验", _codes_text(V.CHECKS), terms=V.CHECKS, required=True),
     Field("scope", "string", "范围", "被校验的列、行或组。"),
     Field("passed", "boolean", "通过", "true、false;无法评估时为空。"),
     Field("severity", "string", "级别", _codes_text(V.SEVERITIES), terms=V.SEVERITIES, required=True),
     Field("expected", "string", "应为", "应有的数值。"),
     Field("found", "string", "实为", "实际的数值。"),
     Field("message", "string", "说明", "哪里对不上。")),
    ("report_id", "check_number"))

TABLE_PAGES = Resource(
    "table_pages", "表格所在页", "分页来源(PDF 或带分页符的文本)中各表格所在的页。",
    (REPORT_ID,
     Field("table_code", "string", "表", _codes_text(V.SOURCE_TABLES), terms=V.SOURCE_TABLES, required=True),
     Field("first_page", "integer", "起始页", "表格开始的页(1 = 第一页)。", minimum=1, required=True),
     Field("last_page", "integer", "结束页", "表格最后一行数字所在的页。", minimum=1, required=True)),
    ("report_id", "table_code"))

REDIRECTS = Resource(
    "redirects", "编号变更", "不得不改变的编号(如更正了机关名称):旧编号指向新编号,网站在旧地址保留跳转页面。",
    (Field("kind", "string", "类型", _codes_text(V.REDIRECT_KINDS), terms=V.REDIRECT_KINDS, required=True),
     Field("old_id", "string", "旧编号", "不再使用的编号。", required=True),
     Field("new_id", "string", "新编号", "现在的编号。", required=True),
     Field("since", "string", "自数据版本", "旧编号最后出现的数据版本之后的版本。"),
     Field("reason", "string", "原因", "编号为何改变。")),
    ("kind", "old_id"), references_reports=False)

REGIONS = Resource(
    "regions", "行政区划代码", "省、地、县三级行政区划代码(GB/T 2260,及统计用区划代码中的开发区),每个代码一行:"
    "最新的名称和上级、出现在哪些年度的代码表中、曾用名。报告表中的 province_code、prefecture_code、county_code "
    "可与此表连接;报告当年的名称见报告表本身。",
    (Field("code", "string", "代码", "六位代码。", required=True),
     Field("name", "string", "名称", "该代码在最近一个代码表中的名称。", required=True),
     Field("level", "string", "层级", _codes_text(V.REGION_LEVELS), terms=V.REGION_LEVELS, required=True),
     Field("parent_code", "string", "上级代码", "上级行政区的代码(省级为空)。"),
     Field("first_year", "integer", "起始年度", "出现该代码的第一个代码表年度(2015 表示 2015 年或更早)。",
           required=True),
     Field("last_year", "integer", "终止年度", "出现该代码的最后一个代码表年度;等于最新代码表年度即为现行代码。",
           required=True),
     Field("former_names", "string", "曾用名", "该代码在较早代码表中的其他名称(以顿号分隔)。")),
    ("code",), references_reports=False)

CHANGES = Resource(
    "changes", "数据更新记录", "各数据版本相对上一版本新增、更正和撤回的报告(由输入文件清单的差异生成),"
    "CHANGELOG.md 是它的可读版本。",
    (Field("version", "string", "数据版本", "数据版本号(年.月.序号)。", required=True),
     Field("change", "string", "变化", _codes_text(V.DATA_CHANGES), terms=V.DATA_CHANGES, required=True),
     Field("report_id", "string", "报告编号", "变化的报告(撤回的报告已不在 reports 表中)。", required=True),
     Field("detail", "string", "说明", "来源文件,或更正前的编号。")),
    ("version", "report_id", "change"), references_reports=False)

RESOURCES = (REPORTS, INPUTS, ACTIVE_DISCLOSURE, APPLICATIONS, REVIEWS_LITIGATION, LEGACY_INDICATORS,
             PROSE_FIGURES, SECTIONS, CHECKS, TABLE_PAGES, REDIRECTS, REGIONS, CHANGES)
