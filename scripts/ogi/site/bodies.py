"""Body pages (/bodies/<body_id>/): one government body over the years — a body that reported for two
years or more (a body of one year links to its report's page instead: SiteData.body_path).

Every report the body published, a table of its headline figures and rates year by year — from its first
to its last report year, a year without a report shown as such (a gap, never 0) — and charts drawn from
that table. Pages are streamed into their frame (see frames.py), one body at a time.
"""

from __future__ import annotations

from .charts import Chart
from .data import SiteData
from .figures import SERIES_COLUMNS, report_series_row
from .frames import Frame
from .report import LEVELS
from .templates import number, percent, render

ROOT = "../../"


def _columns(*keys: str) -> tuple[int, ...]:
    return tuple(1 + [c.key for c in SERIES_COLUMNS].index(key) for key in keys)


BODY_CHARTS = (
    Chart("依申请公开：新收申请和办结（件）", "ogi-series", _columns("applications_received", "applications_processed")),
    Chart("办理结果占办结的比例", "ogi-series",
          _columns("granted_share", "partially_granted_share", "not_granted_share"), percent=True),
    Chart("主动公开政府信息数（条）", "ogi-series", _columns("active_disclosures")),
    Chart("行政复议和行政诉讼（件）", "ogi-series", _columns("reviews", "litigations")),
    Chart("行政复议和行政诉讼的纠错率", "ogi-series",
          _columns("review_correction_rate", "litigation_correction_rate"), percent=True),
)


def region_links(report: dict) -> list[tuple[str, str]]:
    """(code, name) of the regions a report belongs to, province first, as resolved for its year."""
    parts = ((report["province_code"], report["province"]), (report["prefecture_code"], report["prefecture"]),
             (report["county_code"], report["county"]))
    return [(code, name) for code, name in parts if code and name]


def _cells(values: list) -> list[str]:
    return [percent(v) if c.unit == "%" else number(v) for c, v in zip(SERIES_COLUMNS, values)]


def body_page(data: SiteData, body_id: str, reports: list[dict]) -> str:
    """`reports`: every report of the body (all versions), oldest first."""
    latest = reports[-1]
    current = {r["year"]: r for r in reports if r.get("is_current", True)}
    versions: dict[int, list[dict]] = {}
    for r in reports:
        versions.setdefault(r["year"], []).append(r)
    rows = []
    for year in range(min(current), max(current) + 1):
        report = current.get(year)
        rows.append({"year": year, "report": report, "others": [r for r in versions.get(year, []) if r is not report],
                     "cells": _cells(report_series_row(report, data.figures.get(report["report_id"]))) if report else None})
    missing = [row["year"] for row in rows if row["report"] is None]
    names = list(dict.fromkeys(r["organization"] for r in reversed(reports)))
    return render("body.html", root=ROOT, body_id=body_id, name=latest["organization"], former_names=names[1:],
                  level=LEVELS.get(latest["admin_level"], ""), regions=region_links(latest), rows=rows,
                  missing=missing, reports=len(reports), columns=SERIES_COLUMNS, charts=BODY_CHARTS,
                  hant=latest["script"] == "traditional")


def body_description(body_id: str, reports: list[dict]) -> str:
    years = sorted({r["year"] for r in reports})
    span = f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年"
    return (f"{reports[-1]['organization']}{span}的政府信息公开工作年度报告（{len(reports)}份）："
            "各年度新收申请、办理结果占比、主动公开、行政复议和行政诉讼及纠错率的变化。")


def write_bodies(data: SiteData, frame: Frame) -> list[str]:
    """Every body's page (SiteData.has_body_page), in body_id order; → the body ids (for the sitemap). A
    page is made from the body's reports (SiteData.body_key): rendered only when one of them changed."""
    written = []
    for body_id in sorted(filter(data.has_body_page, data.by_body)):
        reports = data.by_body[body_id]
        frame.place((body_id,), (data.body_key(body_id),), reports[-1]["organization"],
                    body_description(body_id, reports), lambda body_id=body_id, reports=reports:
                    body_page(data, body_id, reports))
        written.append(body_id)
    return written
