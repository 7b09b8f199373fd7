"""Year pages: static links to every report, so that a reader without JavaScript and a search engine's
crawler reach each one — /years/ (the years), /years/<year>/ (its provinces, from MkDocs) and
/years/<year>/<province code>/ (that province's reports of the year, streamed into their frame).
A year is split by province so that no page grows with the whole corpus.
"""

from __future__ import annotations

from collections import defaultdict

from .data import SiteData
from .frames import Frame
from .regions import NO_REGION
from .report import LEVELS, region
from .templates import render

UNPLACED = "未识别地区"


def report_years(data: SiteData) -> list[int]:
    return sorted({r["year"] for r in data.reports})


def _province(report: dict) -> tuple[str, str]:
    code = report["province_code"]
    return (code, report["province"]) if code and code != NO_REGION and report["province"] else (NO_REGION, UNPLACED)


def _by_province(data: SiteData, year: int) -> dict[tuple[str, str], list[dict]]:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for report in data.reports:
        if report["year"] == year:
            groups[_province(report)].append(report)
    return dict(sorted(groups.items()))


def years_index(data: SiteData) -> str:
    counts = defaultdict(int)
    bodies = defaultdict(set)
    for report in data.reports:
        counts[report["year"]] += 1
        bodies[report["year"]].add(report["body_id"])
    rows = [(year, counts[year], len(bodies[year])) for year in sorted(counts, reverse=True)]
    return render("years.html", rows=rows)


def year_page(data: SiteData, year: int) -> str:
    provinces = [(code, name, len(reports)) for (code, name), reports in _by_province(data, year).items()]
    return render("year.html", year=year, provinces=provinces)


def write_year_provinces(data: SiteData, frame: Frame) -> list[tuple[str, str]]:
    """The page of every year and province with reports; → their (year, province code) (for the sitemap).
    A page is made from its reports (SiteData.report_key): rendered only when one of them changed."""
    written = []
    for year in report_years(data):
        for (code, name), reports in _by_province(data, year).items():
            reports = sorted(reports, key=lambda r: (r["body_id"], r["report_id"]))
            segments = (str(year), code)
            frame.place(segments, (name, [data.report_key(r) for r in reports]), f"{name}{year}年的报告",
                        f"{name}各机关{year}年的{len(reports)}份政府信息公开工作年度报告的目录。",
                        lambda year=year, code=code, name=name, reports=reports:
                        _year_province(year, code, name, reports))
            written.append(segments)
    return written


def _year_province(year: int, code: str, name: str, reports: list[dict]) -> str:
    rows = [{"report": r, "region": region(r), "level": LEVELS.get(r["admin_level"], "")} for r in reports]
    return render("year_province.html", root="../../../", year=year, code=code, name=name, rows=rows)
