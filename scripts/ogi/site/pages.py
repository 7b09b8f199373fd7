"""The pages about many reports: the reports list, statistics, data, data quality, and the home page's block.

Each function gathers what its template needs from the site's data and renders it. Links are relative to
the page, so the site works from any folder or static server.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from .. import vocabulary as V
from ..bundle import WORKBOOK
from ..hosting import asset_url
from ..schema import RESOURCES
from .charts import Chart
from .check_text import check_line
from .data import SiteData
from .dictionary import TYPE_NAMES, code_labels
from .figures import MIN_SAMPLE, year_aggregates
from .regions import NO_REGION, REGION_CHARTS
from .report import LEVELS
from .templates import render

INPUT_STATUSES = {t.code: t.zh for t in V.INPUT_STATUSES}
AGGREGATE_CODES = ("applications_received", "applications_processed", "applications_granted",
                   "applications_partially_granted", "reviews", "litigations")


# --- Reports list -------------------------------------------------------------------------------

def reports_index(data: SiteData) -> str:
    """The list's page; its rows come from the shards listing.write_list_data writes."""
    return render("reports.html", count=len(data.reports))


# --- Statistics ---------------------------------------------------------------------------------

def _aggregate(groups: dict) -> list[dict]:
    """Per group: the number of reports and, per figure, (sum, reports with the figure); blanks not counted."""
    out = []
    for key, rows in groups.items():
        sums = []
        for code in AGGREGATE_CODES:
            values = [r[code] for r in rows if r[code] is not None]
            sums.append((sum(values) if values else None, len(values)))
        out.append({"label": str(key), "reports": len(rows), "sums": sums})
    return out


OUTCOME_CHART = Chart("办理结果构成（表三总计列，占比）", "ogi-outcomes", (2,), percent=True, bar=True)


def statistics_page(data: SiteData) -> str:
    by_province: dict = defaultdict(list)
    by_level: dict = defaultdict(list)
    for r in data.current_reports:
        by_province[(r["province_code"] or "", r["province"] or "未识别")].append(r)
        by_level[LEVELS.get(r["admin_level"], r["admin_level"])].append(r)
    provinces = _aggregate({name: by_province[(code, name)] for code, name in sorted(by_province)})
    for row, (code, _) in zip(provinces, sorted(by_province)):
        row["code"] = code if code != NO_REGION else ""  # the province's page, if it has one
    names = {t.code: t.zh for t in V.HEADLINE}
    outcomes = [(g.zh, data.outcome_totals.get(g.code, 0.0)) for g in V.TABLE3_OUTCOME_GROUPS]
    all_outcomes = sum(v for _, v in outcomes)
    return render("statistics.html", figures=[names[c] for c in AGGREGATE_CODES], charts=REGION_CHARTS,
                  years=year_aggregates(data.reports, data.figures), provinces=provinces,
                  levels=_aggregate(by_level), outcome_chart=OUTCOME_CHART,
                  outcomes=[(name, value, value / all_outcomes if all_outcomes else None) for name, value in outcomes],
                  reviews=_reviews(data), outcome_names=[o.zh for o in V.TABLE4_OUTCOMES],
                  rankings=_rankings(data), min_sample=MIN_SAMPLE)


def _reviews(data: SiteData) -> list[dict]:
    totals: dict[tuple[str, str], float] = defaultdict(float, data.review_totals)
    out = []
    for p in V.TABLE4_PROCEEDINGS:
        concluded = sum(totals[(p.code, o)] for o in ("upheld", "corrected", "other"))
        out.append({"name": p.zh, "values": [totals[(p.code, o.code)] for o in V.TABLE4_OUTCOMES],
                    "rate": totals[(p.code, "corrected")] / concluded if concluded else None})
    return out


def _rankings(data: SiteData) -> list[dict]:
    eligible = [r for r in data.current_reports if (r["applications_processed"] or 0) >= MIN_SAMPLE
                and r["applications_granted"] is not None]
    ranked = sorted(eligible, key=lambda r: (-(r["applications_granted"] / r["applications_processed"]),
                                             -r["applications_processed"], r["report_id"]))[:20]
    return [{"report": r, "share": r["applications_granted"] / r["applications_processed"]} for r in ranked]


# --- Data, quality, home ------------------------------------------------------------------------

def data_page(data: SiteData, site_url: str = "") -> str:
    resources = [{"name": resource.name, "title": resource.title,
                  "description": resource.description,
                  "primary_key": resource.primary_key,
                  "fields": [{"name": f.name, "zh": f.zh, "type": TYPE_NAMES.get(f.type, f.type),
                              "description": f.description, "codes": code_labels(f)}
                             for f in resource.fields]}
                 for resource in RESOURCES]
    versions = _versions(data)
    files = _data_files(data, versions)
    return render("data.html", files=files, resources=resources, versions=versions,
                  release=_release_files(data, versions), dataset=dataset_markup(data, files, versions, site_url))


def _data_files(data: SiteData, versions: dict | None) -> list[dict]:
    """Each file of the package with its link: beside the page, or on the data version's release."""
    on_release = data.downloads == "github" and versions is not None
    return [{"name": f.name, "size": f.size, "sha256": f.sha256,
             "href": asset_url(versions["current"], f.name) if on_release else f.name} for f in data.files]


def _release_files(data: SiteData, versions: dict | None) -> dict | None:
    """For a site whose data lives on the release: that release, and its workbook and zip (made there)."""
    if data.downloads != "github" or versions is None:
        return None
    current = next(v for v in versions["versions"] if v["version"] == versions["current"])
    return {"url": current["release_url"], "workbook": asset_url(versions["current"], WORKBOOK),
            "zip": current["download_url"]}


ENCODINGS = {".csv": "text/csv", ".parquet": "application/vnd.apache.parquet", ".json": "application/json",
             ".zip": "application/zip", ".md": "text/markdown",
             ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def dataset_markup(data: SiteData, files: list[dict], versions: dict | None, site_url: str) -> dict:
    """schema.org `Dataset` (JSON-LD) for the data page, so that dataset search engines list it."""
    page = f"{site_url}data/" if site_url else ""
    years = sorted({r["year"] for r in data.reports})
    current = next((v for v in (versions or {}).get("versions", []) if v["version"] == versions.get("current")), None)
    markup = {
        "@context": "https://schema.org", "@type": "Dataset", "name": "ogi政府信息公开工作年度报告数据",
        "alternateName": "ogi-gov-info-disclosure-reports",
        "description": "中国各级政府机关发布的政府信息公开工作年度报告解析成的结构化开放数据：主动公开、依申请公开、"
                       "行政复议和行政诉讼的各项数字，附勾稽关系校验、原文出处和行政区划代码。",
        "inLanguage": "zh-CN", "isAccessibleForFree": True, "license": "https://creativecommons.org/licenses/by/4.0/",
        "keywords": ["政府信息公开", "年度报告", "开放数据", "依申请公开", "行政复议", "行政诉讼"],
        "creator": {"@type": "Organization", "name": "ogi", "url": "https://github.com/ogi-data/ogi"},
        "spatialCoverage": {"@type": "Place", "name": "中国"},
        "distribution": [{"@type": "DataDownload", "name": f["name"], "contentSize": f'{f["size"]} B',
                          "encodingFormat": ENCODINGS.get(Path(f["name"]).suffix, "application/octet-stream"),
                          "contentUrl": f["href"] if "://" in f["href"] else page + f["href"]} for f in files],
    }
    if page:
        markup["url"] = page
    if years:
        markup["temporalCoverage"] = f"{years[0]}/{years[-1]}"
    if current:
        markup.update(version=current["version"], dateModified=current["created"][:10])
    return markup


def _versions(data: SiteData) -> dict | None:
    """The data versions listed in the package's versions.json: each stays downloadable from its release."""
    path = data.folder / "versions.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


QUALITY_ROWS = 500  # rows a table of the quality page lists; the data files list them all


def quality_page(data: SiteData) -> str:
    """Reports with failed checks, most failed checks first, and the inputs not published; each table at
    most QUALITY_ROWS rows (one page for a phone, not megabytes), the rest in the data files."""
    by_id = {r["report_id"]: r for r in data.reports}
    worst = sorted(((rid, checks) for rid, checks in data.failed_checks.items() if checks),
                   key=lambda item: (-len(item[1]), item[0]))
    failed = [{"report": by_id[rid], "count": len(checks), "lines": [check_line(c) for c in checks[:3]]}
              for rid, checks in worst[:QUALITY_ROWS]]
    rejected = [i for i in data.inputs if i["status"] != "published"]
    unpublished = [{"input": i, "status": INPUT_STATUSES.get(i["status"], i["status"]),
                    "original": by_id.get(i["report_id"] or "") if i["status"] == "duplicate" else None}
                   for i in rejected[:QUALITY_ROWS]]
    return render("quality.html", failed=failed, failed_total=len(worst), unpublished=unpublished,
                  unpublished_total=len(rejected))


def latest_reports(reports: list[dict], count: int = 10) -> list[dict]:
    """Newest report year first; within a year, the latest publication date first, undated ones after."""
    by_id = sorted(reports, key=lambda r: r["report_id"])
    return sorted(by_id, key=lambda r: (r["year"], r["published"] or ""), reverse=True)[:count]


def home_block(data: SiteData) -> str:
    """Headline numbers and latest reports, put into the hand-written home page."""
    years = sorted({r["year"] for r in data.reports})
    figures = [("报告", f"{len(data.reports):,}"),
               ("机关", f"{len({r['organization_simplified'] for r in data.reports}):,}"),
               ("年度", f"{years[0]}–{years[-1]}" if years else "暂无"),
               ("新收申请合计", f"{sum(r['applications_received'] or 0 for r in data.current_reports):,.0f}")]
    return render("home.html", figures=figures, latest=latest_reports(data.reports))
