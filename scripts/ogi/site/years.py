"""Year pages: static links to every report, so that a reader without JavaScript and a search engine's
crawler reach each one — /years/ (the years), /years/<year>/ (its provinces, from MkDocs) and
/years/<year>/<province code>/ (that province's reports of the year, streamed into their frame).
A year is split by province so that no page grows with the whole corpus.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

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


def year_province_pages(data: SiteData) -> Iterator[tuple[tuple[str, str], str, str, str]]:
    """((year, province code), title, description, content) for every year and province with reports."""
    for year in report_years(data):
        for (code, name), reports in _by_province(data, year).items():
            reports = sorted(reports, key=lambda r: (r["body_id"], r["report_id"]))
            rows = [{"report": r, "region": region(r), "level": LEVELS.get(r["admin_level"], "")} for r in reports]
            title = f"{name}{year}年的报告"
            yield ((str(year), code), title, f"{name}各机关{year}年的{len(reports)}份政府信息公开工作年度报告的目录。",
                   render("year_province.html", root="../../../", year=year, code=code, name=name, rows=rows))


def write_year_provinces(data: SiteData, frame: Frame) -> list[tuple[str, str]]:
    written = []
    for segments, title, description, content in year_province_pages(data):
        frame.write(segments, title, description, content)
        written.append(segments)
    return written
