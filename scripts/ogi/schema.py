"""The data package's resources and fields, generated from the vocabulary.

One definition feeds the Frictionless descriptor, the Parquet schemas, the Excel column titles and the
site's data dictionary, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from . import vocabulary as V


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # frictionless: string | integer | number | boolean | date
    zh: str
    description: str
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    required: bool = False

    def descriptor(self) -> dict:
        out: dict = {"name": self.name, "type": self.type, "title": self.zh, "description": self.description}
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if constraints:
            out["constraints"] = constraints
        return out

    def arrow_type(self) -> pa.DataType:
        return {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
                "date": pa.date32()}[self.type]


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    references_reports: bool = True
    field_names: tuple[str, ...] = field(default=())

    def descriptor(self, path: str) -> dict:
        out = {"name": self.name, "title": self.title, "description": self.description, "path": path,
               "format": path.rsplit(".", 1)[-1], "mediatype": _MEDIATYPES[path.rsplit(".", 1)[-1]],
               "encoding": "utf-8", "profile": "tabular-data-resource",
               "schema": {"fields": [f.descriptor() for f in self.fields], "primaryKey": list(self.primary_key),
                          "missingValues": [""]}}
        if path.endswith(".parquet"):
            del out["encoding"]
            # frictionless reads Parquet through pandas, where a null number arrives as NaN.
            out["schema"]["missingValues"] = ["", "nan"]
        if self.references_reports:
            out["schema"]["foreignKeys"] = [{"fields": "report_id",
                                             "reference": {"resource": "reports", "fields": "report_id"}}]
        return out

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(f.name, f.arrow_type(), nullable=not f.required) for f in self.fields])

    def names(self) -> list[str]:
        return [f.name for f in self.fields]


_MEDIATYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


def _enum(terms) -> tuple[str, ...]:
    return tuple(V.codes(terms))


REPORT_ID = Field("report_id", "string", "报告编号", "Stable identifier of the report: year, body, and the first "
                  "8 hex digits of the raw file's sha256.", required=True)
VALUE_STATUS = Field("value_status", "string", "数值状态", "What the report printed: " + "; ".join(
    f"{t.code} = {t.en}" for t in V.VALUE_STATUSES), enum=_enum(V.VALUE_STATUSES), required=True)

_headline_fields: list[Field] = []
for _term in V.HEADLINE:
    _headline_fields.append(Field(_term.code, "number", _term.zh, _term.en + " Harmonised across layouts.", minimum=0))
    _headline_fields.append(Field(f"{_term.code}_status", "string", f"{_term.zh}状态", f"Value status of {_term.code}.",
                                  enum=_enum(V.VALUE_STATUSES)))

REPORTS = Resource(
    "reports", "报告", "One row per published report: metadata, harmonised headline figures and check counts.",
    (REPORT_ID,
     Field("title", "string", "标题", "Title as printed (original script)."),
     Field("organization", "string", "发布机关", "Reporting body as printed (original script)."),
     Field("organization_simplified", "string", "发布机关(简体)", "Reporting body in Simplified script."),
     Field("province", "string", "省级", "Province-level division."),
     Field("prefecture", "string", "地市级", "Prefecture-level division."),
     Field("county", "string", "县级", "County-level division (county, district, county-level city or zone)."),
     Field("township", "string", "乡镇级", "Township-level division."),
     Field("admin_level", "string", "行政层级", "Level of the body.", enum=_enum(V.ADMIN_LEVELS), required=True),
     Field("year", "integer", "报告年度", "The year the statistics cover (not the publication year).", minimum=2000,
           required=True),
     Field("layout", "string", "报告格式", "Report generation.", enum=_enum(V.LAYOUTS), required=True),
     Field("script", "string", "字体", "Script of the original text.", enum=_enum(V.SCRIPTS), required=True),
     Field("published", "date", "发布日期", "Publication date (page date, else the date under the signature)."),
     Field("index_number", "string", "索引号", "索引号 of the government information catalogue, when printed."),
     Field("source_file", "string", "原始文件", "Path of the raw input under reports/.", required=True),
     Field("source_format", "string", "文件格式", "What the input was: " + "; ".join(
         f"{t.code} = {t.en}" for t in V.SOURCE_FORMATS), enum=_enum(V.SOURCE_FORMATS), required=True),
     Field("page_count", "integer", "页数", "Pages of a paged source (a PDF, or text with page breaks); empty "
           "otherwise.", minimum=1),
     Field("source_url", "string", "来源网址", "Where the report was published, when known."),
     Field("sha256", "string", "SHA-256", "sha256 of the raw input file.", required=True),
     *_headline_fields,
     Field("version", "integer", "版本", "When one body has several different reports for the same year: "
           "this one's number, in order of publication date then file name (1 otherwise).", minimum=1, required=True),
     Field("versions", "integer", "版本数", "How many different reports of this body for this year are published.",
           minimum=1, required=True),
     Field("checks_failed", "integer", "未通过校验数", "Number of failed checks (errors and warnings).", minimum=0,
           required=True),
     Field("checks_run", "integer", "校验数", "Number of checks evaluated.", minimum=0, required=True)),
    ("report_id",), references_reports=False)

INPUTS = Resource(
    "inputs", "输入文件", "One row per input file: published, rejected with its reason, or duplicate.",
    (Field("path", "string", "文件", "Path under reports/.", required=True),
     Field("sha256", "string", "SHA-256", "文件的 SHA-256;未读取的文件(符号链接、管道、无法读取或过大的文件、"
           "文件名不是 UTF-8 的文件)为空。"),
     Field("size", "integer", "字节数", "文件大小(字节);未读取的文件为 0。", minimum=0, required=True),
     Field("status", "string", "状态", "Outcome.", enum=_enum(V.INPUT_STATUSES), required=True),
     Field("reason", "string", "原因", "Why the file was rejected, or which file it duplicates."),
     Field("report_id", "string", "报告编号", "The report published from this file (or its original).")),
    ("path",), references_reports=False)

_T2_ITEMS = tuple(dict.fromkeys(i.term.code for i in V.TABLE2_2021 + V.TABLE2_2019))
_T2_MEASURES = tuple(dict.fromkeys(m.code for i in V.TABLE2_2021 + V.TABLE2_2019 for m in i.measures))

ACTIVE_DISCLOSURE = Resource(
    "active_disclosure", "主动公开政府信息情况(表二)", "Table 2, long format. 2019 and 2021 measures are different "
    "codes and are never merged.",
    (REPORT_ID,
     Field("layout", "string", "报告格式", "Generation of the form the row comes from.",
           enum=(V.STANDARD_2019, V.STANDARD_2021), required=True),
     Field("item", "string", "信息内容", "Row of Table 2.", enum=_T2_ITEMS, required=True),
     Field("measure", "string", "指标", "Column of Table 2.", enum=_T2_MEASURES, required=True),
     Field("value", "number", "数值", "The value; empty when blank, a dash or invalid. `change` is signed."),
     VALUE_STATUS,
     Field("unit", "string", "单位", "件, 项 or 万元.")),
    ("report_id", "item", "measure"))

APPLICATIONS = Resource(
    "applications", "收到和处理政府信息公开申请情况(表三)", "Table 3, long format: one row per cell.",
    (REPORT_ID,
     Field("row", "string", "行", "Row of Table 3. " + "; ".join(f"{t.code} = {t.zh}" for t in V.TABLE3_ROWS),
           enum=_enum(V.TABLE3_ROWS), required=True),
     Field("outcome_group", "string", "办理结果类别", "Outcome block of the row, if it is an outcome.",
           enum=_enum(V.TABLE3_OUTCOME_GROUPS)),
     Field("applicant", "string", "申请人", "Applicant type. " + "; ".join(f"{t.code} = {t.zh}" for t in V.TABLE3_COLUMNS),
           enum=_enum(V.TABLE3_COLUMNS), required=True),
     Field("value", "integer", "件数", "Number of applications; empty when blank, a dash or invalid.", minimum=0),
     VALUE_STATUS),
    ("report_id", "row", "applicant"))

REVIEWS_LITIGATION = Resource(
    "reviews_litigation", "行政复议、行政诉讼情况(表四)", "Table 4, long format.",
    (REPORT_ID,
     Field("proceeding", "string", "类别", "Review or litigation.", enum=_enum(V.TABLE4_PROCEEDINGS), required=True),
     Field("outcome", "string", "结果", "Outcome.", enum=_enum(V.TABLE4_OUTCOMES), required=True),
     Field("value", "integer", "件数", "Number of cases; empty when blank, a dash or invalid.", minimum=0),
     VALUE_STATUS),
    ("report_id", "proceeding", "outcome"))

LEGACY_INDICATORS = Resource(
    "legacy_indicators", "旧版统计表指标", "Pre-2019 statistics tables as printed: indicator, unit, value per period.",
    (REPORT_ID,
     Field("legacy_table", "string", "表", "statistics (政府信息公开情况统计表) or comparison (年度对比表).",
           enum=("statistics", "comparison"), required=True),
     Field("row", "integer", "行号", "Row number within the table.", minimum=1, required=True),
     Field("indicator", "string", "指标名称", "Indicator as printed (Simplified script).", required=True),
     Field("unit", "string", "计量单位", "Unit as printed."),
     Field("period", "string", "期间", "this_year, cumulative (历年累计) or a year.", required=True),
     Field("value", "number", "数值", "The value; empty when blank or a dash."),
     VALUE_STATUS),
    ("report_id", "legacy_table", "row", "period"))

PROSE_FIGURES = Resource(
    "prose_figures", "正文数字", "Figures stated in sentences, with the words around them.",
    (REPORT_ID,
     Field("figure", "integer", "序号", "Order of the figure in the report.", minimum=1, required=True),
     Field("indicator", "string", "指标", "; ".join(f"{t.code} = {t.zh}" for t in V.PROSE_FIGURES),
           enum=_enum(V.PROSE_FIGURES), required=True),
     Field("value", "number", "数值", "Value; for approximate figures (2万余) the stated lower bound.", minimum=0),
     VALUE_STATUS,
     Field("unit", "string", "单位", "Unit."),
     Field("context", "string", "上下文", "The words around the figure.")),
    ("report_id", "figure"))

SECTIONS = Resource(
    "sections", "报告正文", "The six sections' text, in the original script.",
    (REPORT_ID,
     Field("section", "integer", "部分", "; ".join(f"{t.code} = {t.zh}" for t in V.SECTIONS), minimum=1, required=True),
     Field("heading", "string", "标题", "Heading as printed."),
     Field("text", "string", "正文", "Text of the section.")),
    ("report_id", "section"))

CHECKS = Resource(
    "checks", "勾稽关系校验", "Every check run on every report; a failure is a finding about the report.",
    (REPORT_ID,
     Field("check_number", "integer", "序号", "Order of the check within the report.", minimum=1, required=True),
     Field("check_code", "string", "校验", "; ".join(f"{t.code} = {t.en}" for t in V.CHECKS), enum=_enum(V.CHECKS),
           required=True),
     Field("scope", "string", "范围", "Column, row or group checked."),
     Field("passed", "boolean", "通过", "True, false, or empty when the check could not be evaluated."),
     Field("severity", "string", "级别", "error or warning.", enum=_enum(V.SEVERITIES), required=True),
     Field("expected", "string", "应为", "Expected value."),
     Field("found", "string", "实为", "Value found."),
     Field("message", "string", "说明", "What did not add up.")),
    ("report_id", "check_number"))

TABLE_PAGES = Resource(
    "table_pages", "表格所在页", "Provenance in paged sources: the pages of the source PDF (or page-broken text) "
    "on which each table was printed.",
    (REPORT_ID,
     Field("table_code", "string", "表", "; ".join(f"{t.code} = {t.zh}" for t in V.SOURCE_TABLES),
           enum=_enum(V.SOURCE_TABLES), required=True),
     Field("first_page", "integer", "起始页", "Page on which the table starts (1 = first page).", minimum=1,
           required=True),
     Field("last_page", "integer", "结束页", "Page on which its last row of figures is printed.", minimum=1,
           required=True)),
    ("report_id", "table_code"))

RESOURCES = (REPORTS, INPUTS, ACTIVE_DISCLOSURE, APPLICATIONS, REVIEWS_LITIGATION, LEGACY_INDICATORS,
             PROSE_FIGURES, SECTIONS, CHECKS, TABLE_PAGES)
