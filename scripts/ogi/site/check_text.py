"""Checks as readers see them: the check's Chinese name, its scope by its Chinese label, and the package's
message (written in Chinese from the check's structured fields by the vocabulary's templates)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vocabulary as V

CHECK_NAMES = {t.code: t.zh for t in V.CHECKS}
SEVERITY_NAMES = {t.code: t.zh for t in V.SEVERITIES}
_SCOPE_SUFFIX = {"H1": "列", "H2": "列", "H3": "行"}  # what a Table 3 code names in these checks
_YEARS = re.compile(r"(\d{4})->(\d{4})")
_COMPARES_NUMBERS = {"H1", "H2", "H3", "H4", "prose_vs_table", "carry_over_continuity", "legacy_sum", "legacy_part"}


@dataclass(frozen=True)
class CheckLine:
    name: str
    scope: str
    expected: str
    found: str
    explanation: str
    warning: bool


def scope_label(check_code: str, scope: str) -> str:
    years = _YEARS.fullmatch(scope or "")
    if years:
        return f"{years[1]}年→{years[2]}年"
    label = V.label(scope or "")
    return label + _SCOPE_SUFFIX[check_code] if check_code in _SCOPE_SUFFIX and label != scope else label


def scopes_summary(check_code: str, scopes: list[str]) -> str:
    """The scopes a check passed on: listed when few, counted when many (H3 runs on every Table 3 row)."""
    if len(scopes) <= 7:
        return "、".join(scopes)
    return f"表三全部{len(scopes)}行" if check_code == "H3" else f"共{len(scopes)}处"


def check_line(check: dict) -> CheckLine:
    code = check["check_code"]
    numeric = code in _COMPARES_NUMBERS and check["passed"] is not None
    return CheckLine(CHECK_NAMES.get(code, code), scope_label(code, check["scope"]),
                     (check["expected"] or "") if numeric else "", (check["found"] or "") if numeric else "",
                     check["message"] or "", check["severity"] == "warning")
