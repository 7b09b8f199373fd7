"""Checks in Chinese, written from the package's structured fields (check_code, scope, expected, found).

A check's scope is a code of the vocabulary (a Table 3 column for H1/H2, a row for H3, a Table 4
proceeding for H4, a headline figure for prose_vs_table) or one of a few fixed words; readers see its
Chinese label. The package's free-text `message` is shown only for a check this module does not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vocabulary as V

CHECK_NAMES = {t.code: t.zh for t in V.CHECKS}
SEVERITY_NAMES = {t.code: t.zh for t in V.SEVERITIES}
_SCOPE_TERMS = {"H1": V.TABLE3_COLUMNS, "H2": V.TABLE3_COLUMNS, "H3": V.TABLE3_ROWS, "H4": V.TABLE4_PROCEEDINGS,
                "prose_vs_table": V.HEADLINE}
_SCOPE_LABELS = {code: {t.code: t.zh.replace(" ", "") for t in terms} for code, terms in _SCOPE_TERMS.items()}
_SCOPE_SUFFIX = {"H1": "列", "H2": "列", "H3": "行"}
_WHOLE_SCOPES = {"table3": "表三", "tables": "各表"}
_YEARS = re.compile(r"(\d{4})->(\d{4})")

# What a failed identity compares: the check's `expected` is the first side, `found` the second.
_SIDES = {"H1": ("一+二", "三（七）+四"), "H2": ("（七）总计", "各办理结果之和"),
          "H3": ("总计", "各类申请人之和"), "H4": ("总计", "维持+纠正+其他+尚未审结")}


@dataclass(frozen=True)
class CheckLine:
    name: str
    scope: str
    expected: str
    found: str
    explanation: str
    warning: bool


def scope_label(check_code: str, scope: str) -> str:
    label = _SCOPE_LABELS.get(check_code, {}).get(scope)
    if label:
        return label + _SCOPE_SUFFIX.get(check_code, "")
    if scope in _WHOLE_SCOPES:
        return _WHOLE_SCOPES[scope]
    years = _YEARS.fullmatch(scope or "")
    if years:
        return f"{years[1]}年→{years[2]}年"
    return scope or ""


def scopes_summary(check_code: str, scopes: list[str]) -> str:
    """The scopes a check passed on: listed when few, counted when many (H3 runs on every Table 3 row)."""
    if len(scopes) <= 7:
        return "、".join(scopes)
    return f"表三全部{len(scopes)}行" if check_code == "H3" else f"共{len(scopes)}处"


def check_line(check: dict) -> CheckLine:
    code = check["check_code"]
    numeric = code in _SIDES or code in ("prose_vs_table", "carry_over_continuity")
    return CheckLine(CHECK_NAMES.get(code, code), scope_label(code, check["scope"]),
                     check["expected"] if numeric else "", check["found"] if numeric else "",
                     explanation(check), check["severity"] == "warning")


def explanation(check: dict) -> str:
    """Why a check failed or was not evaluated, in Chinese; "" for a check that passed."""
    code, passed, expected, found = check["check_code"], check["passed"], check["expected"], check["found"]
    if passed is None:
        if check["scope"] == "table3":
            return "表三缺少计算所需的行，未计算。"
        return "有空白或划线的单元格，未计算。"
    if code == "split_resolved":
        return "连写数字均已唯一拆分。" if passed else "有连写数字不能唯一拆分，相关单元格留空。"
    if passed:
        return ""
    if code in _SIDES:
        left, right = _SIDES[code]
        return f"{left}为{expected}，{right}为{found}{_difference(expected, found)}。"
    if code == "prose_vs_table":
        return f"正文写{found}，表格为{expected}；数据以表格为准。"
    if code == "carry_over_continuity":
        return f"本年报告的上年结转为{found}，上年报告的结转下年度为{expected}。"
    if code == "counts_valid":
        return "表中有数量不是非负整数（以✗标出），这些单元格不计入数据。"
    return check["message"] or ""


def _difference(expected: str, found: str) -> str:
    try:
        gap = abs(float(expected) - float(found))
    except ValueError:
        return ""
    return f"，相差{gap:,.0f}" if gap.is_integer() else f"，相差{gap:,.2f}"
