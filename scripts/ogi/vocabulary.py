"""The domain vocabulary: every code that becomes a column value in the data package.

This module is the one place that knows the codes, their Chinese labels (as printed on the official
forms), English descriptions and the patterns the parser uses to recognise them in report text.
Parser, checks, package schemas and site tables are all driven from it.

Patterns are matched against normalised text: NFKC (so full-width brackets are ASCII), Simplified
script, no whitespace inside labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    code: str
    zh: str
    en: str
    pattern: str = ""  # regex recognising the label in normalised text ("" = not matched by label)
    group: str = ""  # the block a row belongs to, e.g. Table 3 outcome groups
    unit: str = ""
    layouts: tuple[str, ...] = ()  # layouts in which the term exists ("" = all)


def codes(terms: list[Term] | tuple[Term, ...]) -> list[str]:
    return [t.code for t in terms]


def by_code(terms: list[Term] | tuple[Term, ...]) -> dict[str, Term]:
    return {t.code: t for t in terms}


# --- Report generations -------------------------------------------------------------------------

STANDARD_2021 = "standard-2021"
STANDARD_2019 = "standard-2019"
LEGACY = "legacy"
NARRATIVE = "narrative"

LAYOUTS = (
    Term(STANDARD_2021, "2021年版格式", "Standard format of 国办公开办函〔2021〕30号 (reports on 2021 onwards): six sections, Tables 2-4."),
    Term(STANDARD_2019, "2019年版格式", "Standard format of 国办公开办函〔2019〕60号 (reports on 2019 and 2020): six sections, Tables 2-4."),
    Term(LEGACY, "旧版统计表", "Pre-2019 report with a 政府信息公开情况统计表 (indicator, unit, value)."),
    Term(NARRATIVE, "纯文字报告", "Report without statistics tables: figures only in the prose."),
)

SCRIPTS = (
    Term("simplified", "简体", "Written in Simplified Chinese."),
    Term("traditional", "繁体", "Written in Traditional Chinese (converted to Simplified for matching only)."),
)

ADMIN_LEVELS = (
    Term("province", "省级", "Provincial-level government (province, autonomous region, municipality)."),
    Term("prefecture", "地市级", "Prefecture-level government (prefecture-level city, prefecture, league)."),
    Term("county", "县级", "County-level government (county, district, county-level city, banner, county-level zone)."),
    Term("township", "乡镇级", "Township-level government (town, township, sub-district)."),
    Term("department", "部门", "A department or agency of a government (局, 委员会, 办公室 ...)."),
    Term("other", "其他", "Any other body, or a level that could not be determined."),
)

VALUE_STATUSES = (
    Term("reported", "已填报", "The report printed this number."),
    Term("blank", "空白", "The cell was left empty. Not zero."),
    Term("dash", "划线/无", "The cell holds a dash, slash or 无 instead of a number."),
    Term("approximate", "约数", "An approximate figure in prose (2万余条): value is the stated lower bound."),
    Term("recovered", "拆分还原", "Split from a run of digits printed without separators, or derived from an "
                                  "identity where the total was left blank; what decided it is recorded."),
    Term("ambiguous", "多种拆分", "Digits printed without separators that can be cut more than one way: no value "
                                  "is published; the candidate splits are listed in the checks (split_resolved)."),
    Term("invalid", "无效", "The report printed something that is not a valid count here (negative, decimal): "
                          "no value is published, see the checks."),
)

# What decided a `recovered` value.
EVIDENCE = (
    Term("only_split", "唯一拆分", "The digits can be cut into the row's cells one way only."),
    Term("identities", "勾稽关系", "The accounting identities (H1–H4, the row total) leave one way to cut the digits."),
    Term("bounds", "取值界限", "Bounds the form implies (in force ≥ issued, cumulative ≥ this year) leave one way."),
    Term("prose", "正文数字", "A figure the report states in its prose leaves one way."),
    Term("derived", "推算", "A blank total derived from the identity 一+二=三(七)+四."),
)

INPUT_STATUSES = (
    Term("published", "已发布", "Parsed and published as a report."),
    Term("rejected", "已拒收", "Not published: see the reason."),
    Term("duplicate", "重复", "Byte-identical or same-content copy of another input."),
)

SOURCE_FORMATS = (
    Term("text", "文本", "Plain text or markdown (pasted or converted page text)."),
    Term("html", "网页", "An HTML page; tables read from their markup."),
    Term("pdf", "PDF", "A text PDF; tables rebuilt from the page geometry."),
    Term("docx", "Word", "A Word .docx file; tables read from the document structure."),
)

# How a later version of one body's report for one year differs from the version before it.
VERSION_CHANGES = (
    Term("figures", "数字不同", "Different figures (a corrected re-issue, say)."),
    Term("text", "仅文字不同", "Same figures, different narrative."),
)

# Identities that had to change and now redirect (redirects resource).
REDIRECT_KINDS = (
    Term("report", "报告", "A report_id (page /reports/<id>/)."),
    Term("body", "机关", "A body_id (page /bodies/<id>/)."),
)

REGION_LEVELS = (
    Term("province", "省级", "Province, autonomous region or municipality."),
    Term("prefecture", "地级", "Prefecture-level city, prefecture, autonomous prefecture or league."),
    Term("county", "县级", "County, district, county-level city, banner, or a zone administered like a county."),
)

# What happened to a report between two data versions (the data CHANGELOG).
DATA_CHANGES = (
    Term("added", "新增", "Published for the first time."),
    Term("corrected", "更正", "Published before; its figures, text or metadata changed."),
    Term("withdrawn", "撤回", "Published before; no longer in the data."),
)

# The tables whose position in a paged source is recorded.
SOURCE_TABLES = (
    Term("table2", "主动公开政府信息情况", "Table 2 (standard layouts)."),
    Term("table3", "收到和处理政府信息公开申请情况", "Table 3 (standard layouts)."),
    Term("table4", "政府信息公开行政复议、行政诉讼情况", "Table 4 (standard layouts)."),
    Term("statistics", "政府信息公开情况统计表", "The statistics table of a legacy (pre-2019) report."),
)

# --- Table 3: 收到和处理政府信息公开申请情况 ---------------------------------------------------------

TABLE3_COLUMNS = (
    Term("natural_person", "自然人", "Applications from natural persons.", r"自然人"),
    Term("commercial_enterprise", "商业企业", "Legal persons or other organisations: commercial enterprises.",
         r"商业企业"),
    Term("research_institution", "科研机构", "Legal persons or other organisations: research institutions.",
         r"科研机构"),
    Term("social_welfare_organization", "社会公益组织", "Legal persons or other organisations: social welfare "
         "organisations.", r"社会公益"),
    Term("legal_service_organization", "法律服务机构", "Legal persons or other organisations: legal service "
         "organisations.", r"法律服务"),
    Term("other_organization", "其他", "Legal persons or other organisations: other.", r"^其他$"),
    Term("total", "总计", "Total over all applicant types.", r"^总计$|^合计$"),
)

_2019 = (STANDARD_2019,)
_2021 = (STANDARD_2021,)

TABLE3_ROWS = (
    Term("new_received", "一、本年新收政府信息公开申请数量", "Applications received this year.",
         r"本年新收|新收.{0,4}申请", group="intake"),
    Term("carried_over", "二、上年结转政府信息公开申请数量", "Applications carried over from the previous year.",
         r"上年(度)?结转", group="intake"),
    Term("granted", "（一）予以公开", "Outcome: disclosed in full.", r"予以公开", group="granted"),
    Term("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
         "Outcome: disclosed in part (counted only here).", r"部分公开", group="partially_granted"),
    Term("denied_state_secret", "（三）不予公开 1.属于国家秘密", "Not disclosed: state secret.",
         r"国家秘密", group="denied"),
    Term("denied_prohibited_by_law", "（三）不予公开 2.其他法律行政法规禁止公开",
         "Not disclosed: prohibited by other laws or administrative regulations.",
         r"法规禁止|禁止公开|法律行政.{0,3}止公开", group="denied"),
    Term("denied_endangers_safety_stability", "（三）不予公开 3.危及“三安全一稳定”",
         "Not disclosed: endangers national, public, economic security or social stability.",
         r"三安全|一稳定", group="denied"),
    Term("denied_third_party_rights", "（三）不予公开 4.保护第三方合法权益",
         "Not disclosed: protects a third party's lawful rights.", r"第三方", group="denied"),
    Term("denied_internal_affairs", "（三）不予公开 5.属于三类内部事务信息",
         "Not disclosed: internal affairs information.", r"内部事务", group="denied"),
    Term("denied_process_information", "（三）不予公开 6.属于四类过程性信息",
         "Not disclosed: process information.", r"过程性", group="denied"),
    Term("denied_law_enforcement_files", "（三）不予公开 7.属于行政执法案卷",
         "Not disclosed: administrative law-enforcement files.", r"执法案卷", group="denied"),
    Term("denied_administrative_query", "（三）不予公开 8.属于行政查询事项",
         "Not disclosed: administrative query matters.", r"行政查询", group="denied"),
    Term("unable_not_held", "（四）无法提供 1.本机关不掌握相关政府信息",
         "Cannot provide: the body does not hold the information.", r"不掌握", group="unable"),
    Term("unable_needs_creation", "（四）无法提供 2.没有现成信息需要另行制作",
         "Cannot provide: would need to be newly created.", r"另行制作|没有现成", group="unable"),
    Term("unable_unclear_after_correction", "（四）无法提供 3.补正后申请内容仍不明确",
         "Cannot provide: request still unclear after correction.", r"补正后|仍不明确", group="unable"),
    Term("not_processed_complaint", "（五）不予处理 1.信访举报投诉类申请",
         "Not processed: petition, report or complaint.", r"信访|举报投诉", group="not_processed"),
    Term("not_processed_duplicate", "（五）不予处理 2.重复申请", "Not processed: repeated application.",
         r"重复申请", group="not_processed"),
    Term("not_processed_publication", "（五）不予处理 3.要求提供公开出版物",
         "Not processed: asks for a public publication.", r"出版物", group="not_processed"),
    Term("not_processed_excessive", "（五）不予处理 4.无正当理由大量反复申请",
         "Not processed: numerous repeated applications without justification.", r"大量反复", group="not_processed"),
    Term("not_processed_confirmation", "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
         "Not processed: asks to confirm or re-issue information already obtained.",
         r"确认或重新|重新出具", group="not_processed"),
    Term("other", "（六）其他处理", "Other handling (standard-2019: one row; equals the sum of 2021's three).",
         r"其他处理", group="other", layouts=_2019),
    Term("other_overdue_correction", "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "Other: applicant did not supply corrections in time.", r"逾期不补正|不补正", group="other", layouts=_2021),
    Term("other_overdue_fee", "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         "Other: applicant did not pay the fee in time.", r"缴纳费用|收费通知", group="other", layouts=_2021),
    Term("other_other", "（六）其他处理 3.其他", "Other: other.", r"3[.、]其他(?!法律|处理|组织)", group="other",
         layouts=_2021),
    Term("total_processed", "（七）总计", "Total of this year's outcomes (一)…(六).", r"七\)?总计", group="total"),
    Term("carried_forward", "四、结转下年度继续办理", "Applications carried forward to next year.",
         r"结转下(一)?年", group="forward"),
)

TABLE3_OUTCOME_GROUPS = (
    Term("granted", "予以公开", "Disclosed in full."),
    Term("partially_granted", "部分公开", "Disclosed in part."),
    Term("denied", "不予公开", "Not disclosed."),
    Term("unable", "无法提供", "Cannot be provided."),
    Term("not_processed", "不予处理", "Not processed."),
    Term("other", "其他处理", "Other handling."),
)


def table3_rows(layout: str) -> list[Term]:
    return [t for t in TABLE3_ROWS if not t.layouts or layout in t.layouts]


def table3_outcome_rows(layout: str) -> list[Term]:
    return [t for t in table3_rows(layout) if t.group in {g.code for g in TABLE3_OUTCOME_GROUPS}]


# --- Table 4: 政府信息公开行政复议、行政诉讼情况 ------------------------------------------------------

# Patterns match a column's header path (its headers from top to bottom, joined); the more specific
# proceeding comes first, since every litigation header path may also mention 复议.
TABLE4_PROCEEDINGS = (
    Term("administrative_review", "行政复议", "Administrative review (行政复议).", r"^行政复议"),
    Term("litigation_direct", "行政诉讼·未经复议直接起诉", "Administrative litigation filed directly, without review.",
         r"未经复议|直接起诉"),
    Term("litigation_after_review", "行政诉讼·复议后起诉", "Administrative litigation filed after review.",
         r"复议后起诉"),
)

TABLE4_OUTCOMES = (
    Term("upheld", "结果维持", "Decision upheld.", r"维持$"),
    Term("corrected", "结果纠正", "Decision corrected.", r"纠正$"),
    Term("other", "其他结果", "Other result.", r"其他(?:结果)?$|结果其他$"),
    Term("pending", "尚未审结", "Not yet concluded.", r"审结$"),
    Term("total", "总计", "Total.", r"[总合]计$"),
)

# --- Table 2: 主动公开政府信息情况 -----------------------------------------------------------------

WAN_YUAN = "万元"


@dataclass(frozen=True)
class Table2Item:
    term: Term
    measures: tuple[Term, ...] = field(default_factory=tuple)


_ISSUED_2021 = (
    Term("issued", "本年制发件数", "Documents issued this year.", r"制发", unit="件"),
    Term("abolished", "本年废止件数", "Documents abolished this year.", r"废止", unit="件"),
    Term("in_force", "现行有效件数", "Documents in force at the end of the year.", r"现行有效", unit="件"),
)
_DECISIONS_2021 = (Term("decisions", "本年处理决定数量", "Decisions made this year.", r"处理决定", unit="件"),)

TABLE2_2021 = (
    Table2Item(Term("regulations", "规章", "Government rules (规章).", r"规章"), _ISSUED_2021),
    Table2Item(Term("normative_documents", "行政规范性文件", "Normative documents (行政规范性文件).",
                    r"规范性文件"), _ISSUED_2021),
    Table2Item(Term("administrative_licensing", "行政许可", "Administrative licensing.", r"行政许可"),
               _DECISIONS_2021),
    Table2Item(Term("administrative_penalty", "行政处罚", "Administrative penalties.", r"行政处罚"),
               _DECISIONS_2021),
    Table2Item(Term("administrative_coercion", "行政强制", "Administrative coercion.", r"行政强制"),
               _DECISIONS_2021),
    Table2Item(Term("administrative_fees", "行政事业性收费", "Administrative fees.", r"行政事业性收费"),
               (Term("amount", "本年收费金额（单位：万元）", "Amount collected this year.", r"收费金额", unit=WAN_YUAN),)),
)

_PUBLISHED_2019 = (
    Term("newly_made", "本年新制作数量", "Documents newly made this year.", r"新制作", unit="件"),
    Term("newly_published", "本年新公开数量", "Documents newly published this year.", r"新公开", unit="件"),
    Term("total_published", "对外公开总数量", "Documents published in total.", r"公开总数", unit="件"),
)
_ITEMS_2019 = (
    Term("previous_year_items", "上一年项目数量", "Number of items in the previous year.", r"上一年", unit="项"),
    Term("change", "本年增/减", "Change this year (signed).", r"增.?减", unit="项"),
    Term("decisions", "处理决定数量", "Decisions made this year.", r"处理决定", unit="件"),
)

TABLE2_2019 = (
    Table2Item(Term("regulations", "规章", "Government rules (规章).", r"规章"), _PUBLISHED_2019),
    Table2Item(Term("normative_documents", "规范性文件", "Normative documents (规范性文件).", r"规范性文件"),
               _PUBLISHED_2019),
    Table2Item(Term("administrative_licensing", "行政许可", "Administrative licensing.", r"行政许可"), _ITEMS_2019),
    Table2Item(Term("other_management_services", "其他对外管理服务事项", "Other external management services.",
                    r"其他对外管理|对外管理服务"), _ITEMS_2019),
    Table2Item(Term("administrative_penalty", "行政处罚", "Administrative penalties.", r"行政处罚"), _ITEMS_2019),
    Table2Item(Term("administrative_coercion", "行政强制", "Administrative coercion.", r"行政强制"), _ITEMS_2019),
    Table2Item(Term("administrative_fees", "行政事业性收费", "Administrative fees.", r"行政事业性收费"),
               _ITEMS_2019[:2]),
    Table2Item(Term("government_procurement", "政府集中采购", "Centralised government procurement.",
                    r"政府集中采购|集中采购"),
               (Term("projects", "采购项目数量", "Procurement projects.", r"采购项目", unit="项"),
                Term("amount", "采购总金额", "Procurement amount.", r"总金额", unit=WAN_YUAN))),
)

# Column headers that tell the two Table 2 generations apart.
TABLE2_2021_HEADER = r"本年制发|本年废止|现行有效|本年收费金额"
TABLE2_2019_HEADER = r"本年新制作|本年新公开|对外公开总数|上一年项目数|本年增/?减|采购项目数"


def table2_items(layout: str) -> tuple[Table2Item, ...]:
    return TABLE2_2019 if layout == STANDARD_2019 else TABLE2_2021


# --- Harmonised headline figures ---------------------------------------------------------------

HEADLINE = (
    Term("active_disclosures", "主动公开政府信息数", "Items of government information disclosed proactively this year."),
    Term("applications_received", "本年新收申请数", "Applications received this year."),
    Term("applications_carried_over", "上年结转申请数", "Applications carried over from the previous year."),
    Term("applications_granted", "予以公开", "Applications granted in full."),
    Term("applications_partially_granted", "部分公开", "Applications granted in part."),
    Term("applications_processed", "办理结果总计", "Applications answered this year (all outcomes)."),
    Term("applications_carried_forward", "结转下年度", "Applications carried forward to next year."),
    Term("reviews", "行政复议数", "Administrative reviews about disclosure."),
    Term("litigations", "行政诉讼数", "Administrative lawsuits about disclosure (direct and after review)."),
)

# --- Figures stated in prose ------------------------------------------------------------------------
# Each pattern has one group `n` (the number, possibly with 万/余) and is tried on simplified text.

_NUM = r"\s*(?P<n>\d[\d,]*(?:\.\d+)?\s*万?\s*(?:余|多)?)"

PROSE_FIGURES = (
    Term("active_disclosures", "主动公开政府信息", "Proactively disclosed items stated in prose.",
         r"主动(?:公开|发布)(?:各类|我区各级单位|各级)?(?:政府)?信息(?:数为|数|共计|共)?" + _NUM + r"\s*条",
         unit="条"),
    Term("active_normative_documents", "主动公开规范性文件", "Normative documents disclosed, stated in prose.",
         r"主动公开(?:行政)?规范性文件" + _NUM + r"\s*[个件份]", unit="件"),
    Term("active_via_website", "政府网站公开", "Items disclosed through the government website.",
         r"政府网站公开(?:各类)?(?:政府)?信息" + _NUM + r"\s*条", unit="条"),
    Term("active_via_weibo", "政务微博公开", "Items disclosed through government Weibo.",
         r"政务微博公开(?:政府)?信息" + _NUM + r"\s*条", unit="条"),
    Term("active_via_wechat", "政务微信公开", "Items disclosed through government WeChat.",
         r"政务微信公开(?:政府)?信息" + _NUM + r"\s*条", unit="条"),
    Term("applications_received", "收到申请", "Applications received, stated in prose.",
         r"(?:共收到|收到|接到|接受|受理)(?:政府信息公开|依申请公开|有关政府信息公开的)?(?:申请)?(?:共)?"
         + _NUM + r"\s*[件条个](?:申请)?", unit="件"),
    Term("applications_processed", "办结申请", "Applications answered, stated in prose.",
         r"(?:办结|办理|答复)" + _NUM + r"\s*件", unit="件"),
    Term("reviews", "行政复议", "Administrative reviews, stated in prose.",
         r"行政复议(?:申请)?(?:共)?" + _NUM + r"\s*[件起]", unit="件"),
    Term("litigations", "行政诉讼", "Administrative lawsuits, stated in prose.",
         r"行政诉讼(?:案件)?(?:共)?" + _NUM + r"\s*[件起]", unit="件"),
    Term("normative_documents_issued", "制发规范性文件", "Normative documents issued this year, stated in prose.",
         r"(?:制发|印发|出台)(?:了)?(?:的)?(?:行政)?规范性文件(?:共|为)?" + _NUM + r"\s*[件个份]", unit="件"),
    Term("normative_documents_abolished", "废止规范性文件", "Normative documents abolished this year, stated in prose.",
         r"废止(?:了)?(?:的)?(?:行政)?规范性文件(?:共|为)?" + _NUM + r"\s*[件个份]", unit="件"),
    Term("normative_documents_in_force", "现行有效规范性文件", "Normative documents in force, stated in prose.",
         r"现行有效(?:的)?(?:行政)?规范性文件(?:共|为|有)?" + _NUM + r"\s*[件个份]", unit="件"),
)

# Zero in words: 「未收到政府信息公开申请」 states 0 as surely as 「收到申请0件」. A clause, not a whole sentence:
# 「未收到有关政府信息公开行政复议申请」 is about reviews, so no pattern runs across a comma or a full stop,
# and each starts a clause: what comes before it must match PROSE_ZERO_CLAUSE_START (a comma, a full
# stop, 全年, 我区 …). The patterns open with the negation itself, so that they scan a long text fast.
_NOT = r"(?:未|没有|无)(?:发生|收到|接到|受理|出现|产生|涉及)?(?:过)?(?:任何)?"
PROSE_ZERO_CLAUSE_START = (r"(?:^|[,，。;；:：\s])(?:我[区县市镇乡局委办]?|本(?:机关|单位|部门))?"
                           r"(?:\d{4}年度?|全年|本年度?|今年|当年|年度)?$")
PROSE_ZEROS = (
    ("applications_received", _NOT + r"(?:公民、法人(?:或者?|和)其他组织(?:提出)?的?)?(?:有关)?"
     r"(?:政府信息公开|依申请公开)(?:的)?申请"),
    ("reviews", _NOT + r"[^,，。;；\n]{0,24}?行政复议"),
    ("litigations", _NOT + r"[^,，。;；\n]{0,30}?行政诉讼"),
)

# --- Legacy statistics table: indicators mapped to headline figures ---------------------------------

LEGACY_HEADLINE_PATTERNS = (
    ("active_disclosures", r"^\(?一?\)?主动公开(?:政府)?信息(?:数|总数)"),
    ("applications_received", r"收到申请(?:数|总数)|受理依申请公开(?:信息)?总数|申请(?:总)?数$"),
    ("applications_processed", r"申请办结数|答复总数|对申请的答复数"),
    ("applications_granted", r"(?<!不)同意公开(?:答复)?数"),
    ("applications_partially_granted", r"同意部分公开(?:答复)?数"),
    ("reviews", r"行政复议(?:数量|数)"),
    ("litigations", r"行政诉讼(?:数量|数)"),
)

LEGACY_TABLES = (
    Term("statistics", "政府信息公开情况统计表", "The statistics table of a pre-2019 report."),
    Term("comparison", "年度对比表", "A table comparing this year's figures with earlier years (some 2016-2018 reports)."),
)
# A legacy value's period: one of these, or a year (the comparison table's columns).
LEGACY_PERIODS = (
    Term("this_year", "本年度", "This year's figure."),
    Term("cumulative", "历年累计", "The cumulative figure since records began (历年累计)."),
)

LEGACY_UNITS = ("万元", "人次", "条", "件", "次", "个", "人", "篇", "项", "份", "期", "元")

# --- Six sections ----------------------------------------------------------------------------------

SECTIONS = (
    Term("1", "一、总体情况", "Overview.", r"总体情况|概述|总体|基本情况|主要开展的工作|工作情况"),
    Term("2", "二、主动公开政府信息情况", "Proactive disclosure.", r"主动公开"),
    Term("3", "三、收到和处理政府信息公开申请情况", "Applications received and handled.",
         r"收到和处理|依申请|申请公开|申请情况"),
    Term("4", "四、政府信息公开行政复议、行政诉讼情况", "Administrative reviews and litigation.",
         r"行政复议|行政诉讼"),
    Term("5", "五、存在的主要问题及改进情况", "Main problems and improvements.", r"问题|改进"),
    Term("6", "六、其他需要报告的事项", "Other matters.", r"其他需要报告|其他事项|其他需报告"),
    Term("7", "收费及减免情况", "Fees charged and waived: a section of pre-2019 reports, printed between the "
         "applications and the reviews.", r"收费|减免"),
)
# The order sections are printed in: the pre-2019 section on fees comes between 三 and the reviews.
SECTION_ORDER = ("1", "2", "3", "7", "4", "5", "6")

# --- Checks (勾稽关系) -------------------------------------------------------------------------------

CHECKS = (
    Term("H1", "一+二=三（七）+四", "Per Table 3 column: received + carried over = total processed + carried forward."),
    Term("H2", "（七）总计=各办理结果之和", "Per Table 3 column: total processed = sum of outcome rows (一)…(六)."),
    Term("H3", "总计=各类申请人之和", "Per Table 3 row: total = sum of the six applicant columns."),
    Term("H4", "维持+纠正+其他+尚未审结=总计", "Per Table 4 group: upheld + corrected + other + pending = total."),
    Term("counts_valid", "数量为非负整数", "Count cells hold non-negative integers."),
    Term("prose_vs_table", "正文与表格一致", "Figures stated in the prose agree with the table (warning)."),
    Term("carry_over_continuity", "上年结转=上年结转下年度", "Carried over (t) = carried forward (t-1) of the same body (warning)."),
    Term("split_resolved", "连写数字已拆分", "Runs of digits printed without separators could be split unambiguously."),
    Term("legacy_sum", "分项之和=合计", "Legacy statistics table: a row equals the sum of the numbered rows under it "
         "(warning)."),
    Term("legacy_part", "其中项≤总数", "Legacy statistics table: a 其中 (of which) row is at most the row it belongs to "
         "(warning)."),
)

# Check messages, shown on the site as they are (beside the check's name and its scope's label): made
# from a check's structured fields. A passed check has no message unless it says something of its own.
CHECK_MESSAGES = {
    "H1": "一+二为{expected}，三（七）+四为{found}。",
    "H2": "（七）总计为{expected}，各办理结果之和为{found}。",
    "H3": "总计为{expected}，各类申请人之和为{found}。",
    "H4": "总计为{expected}，维持+纠正+其他+尚未审结为{found}。",
    "counts_valid": "以下数量单元格不是非负整数，不计入数据：{found}。",
    "prose_vs_table": "正文写{found}，表格为{expected}；数据以表格为准。",
    "carry_over_continuity": "本年报告的上年结转为{found}，上一年报告的结转下年度为{expected}。",
    "split_resolved": "连写数字「{expected}」可拆为{found}；各种拆分不一致的单元格留空。",
    "legacy_sum": "合计为{expected}，分项之和为{found}。",
    "legacy_part": "总数为{expected}，其中项为{found}。",
}
CHECK_PASSED_MESSAGES = {
    "split_resolved": "连写数字「{expected}」只有一种拆分：{found}。",
}
CHECK_NOT_EVALUATED = "有空白或划线的单元格，未评估。"
CHECK_NOT_APPLICABLE = "缺少计算所需的行，未评估。"

SEVERITIES = (
    Term("error", "错误", "A hard identity or constraint that does not hold."),
    Term("warning", "提示", "A soft check: worth a look, not necessarily wrong."),
)


def label(scope: str) -> str:
    """A check's scope in Chinese: each code it names (a column, row, group, table) by its label."""
    return " ".join(_LABELS.get(part, part) for part in scope.split(" "))


_LABELS: dict[str, str] = {"table2": "表二", "table3": "表三", "table4": "表四", "statistics": "统计表",
                           "tables": "表二至表四"}
for _terms in (TABLE3_COLUMNS, TABLE4_PROCEEDINGS, SOURCE_TABLES, HEADLINE, PROSE_FIGURES, TABLE3_ROWS,
               tuple(item.term for item in TABLE2_2021 + TABLE2_2019)):
    for _term in _terms:
        _LABELS.setdefault(_term.code, _term.zh.replace(" ", ""))  # 「（三）不予公开 1.属于国家秘密」
