"""The data dictionary as the site shows it: each resource's and field's Chinese description (from the
package's schema, the one place they are written) and each allowed code beside its Chinese label."""

from __future__ import annotations

from .. import vocabulary as V
from ..schema import Field

TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数值", "boolean": "是/否", "date": "日期"}

LEGACY_TABLES = {t.code: t.zh for t in V.LEGACY_TABLES}
LEGACY_PERIODS = {t.code: t.zh for t in V.LEGACY_PERIODS}  # any other period is a year


def period_label(period: str) -> str:
    return LEGACY_PERIODS.get(period, f"{period}年" if period.isdigit() else period)


def code_labels(field: Field) -> list[tuple[str, str]]:
    """(code, Chinese label) for each allowed code of a field."""
    if field.name == "period":
        return list(LEGACY_PERIODS.items())
    return list(field.labels().items())
