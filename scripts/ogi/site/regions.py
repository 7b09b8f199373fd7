"""Region pages (/regions/<code>/, GB/T 2260 codes: province → prefecture → county) and the region index.

A report belongs to the regions of its own codes (resolved for its year by the package); a region's page
covers every report in it and below it: how many bodies reported each year, the year's sums and rates
with the number of reports behind each, its bodies ranked on a comparable rate (minimum sample shown), the
bodies at its own level, and links up and down the hierarchy. Only regions with reports get a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import vocabulary as V
from .charts import Chart
from .data import SiteData
from .figures import MIN_SAMPLE, ranked_bodies, year_aggregates
from .frames import Frame
from .report import LEVELS
from .templates import render

REGION_LEVELS = {t.code: t.zh for t in V.REGION_LEVELS}
_LEVEL_ORDER = ("province", "prefecture", "county")
NO_REGION = "000000"  # the package's code for a report whose region was not identified


@dataclass
class Region:
    code: str
    name: str
    level: str
    parent: str | None = None
    children: set[str] = field(default_factory=set)
    reports: list[dict] = field(default_factory=list)  # every report in the region or below it
    own_bodies: set[str] = field(default_factory=set)  # bodies whose deepest region is this one

    @property
    def bodies(self) -> int:
        return len({r["body_id"] for r in self.reports})

    @property
    def years(self) -> tuple[int, int]:
        years = [r["year"] for r in self.reports]
        return min(years), max(years)


def report_regions(report: dict) -> list[tuple[str, str, str]]:
    """(code, name as printed for the report's year, level) from province down, where the report has a code."""
    parts = zip((report["province_code"], report["prefecture_code"], report["county_code"]),
                (report["province"], report["prefecture"], report["county"]), _LEVEL_ORDER)
    return [(code, name, level) for code, name, level in parts if code and code != NO_REGION]


def region_tree(data: SiteData) -> dict[str, Region]:
    """code → Region, for every code a report has; names and levels from the package's regions table
    (the newest name), else as the report printed them."""
    tree: dict[str, Region] = {}
    for report in data.reports:
        chain = report_regions(report)
        parent = None
        for code, name, level in chain:
            known = data.regions.get(code)
            region = tree.get(code)
            if region is None:
                region = tree[code] = Region(code, known["name"] if known else name, known["level"] if known else level)
            region.reports.append(report)
            if parent is not None:
                region.parent = region.parent or parent
                tree[parent].children.add(code)
            parent = code
        if chain:
            tree[chain[-1][0]].own_bodies.add(report["body_id"])
    return tree


def _ancestors(tree: dict[str, Region], region: Region) -> list[Region]:
    chain = []
    code = region.parent
    while code is not None and code in tree and len(chain) < len(_LEVEL_ORDER):
        chain.insert(0, tree[code])
        code = tree[code].parent
    return chain


def _year_span(years) -> str:
    """[2019, 2020, 2021, 2023] → 「2019–2021、2023」."""
    years = sorted(set(years))
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return "、".join(f"{r[0]}" if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


REGION_CHARTS = (
    Chart("各年度有报告的机关数", "ogi-years", (2,), bar=True),
    Chart("新收申请和办结合计（件）", "ogi-years", (3, 4)),
    Chart("予以公开率：合计和各报告中位数", "ogi-years", (5, 6), percent=True),
)


def region_page(data: SiteData, tree: dict[str, Region], region: Region) -> str:
    bodies = []
    for body_id in sorted(region.own_bodies):
        reports = data.by_body[body_id]
        bodies.append({"body_id": body_id, "name": reports[-1]["organization"], "years": _year_span(r["year"] for r in reports),
                       "reports": len(reports), "level": LEVELS.get(reports[-1]["admin_level"], ""),
                       "hant": reports[-1]["script"] == "traditional"})
    children = [tree[code] for code in sorted(region.children)]
    year, ranked, small = ranked_bodies(region.reports)
    known = data.regions.get(region.code)
    return render("region.html", root="../../", region=region, level=REGION_LEVELS.get(region.level, ""),
                  ancestors=_ancestors(tree, region), children=children, bodies=bodies,
                  former_names=(known or {}).get("former_names") or "",
                  aggregates=year_aggregates(region.reports, data.figures), charts=REGION_CHARTS,
                  ranking_year=year, ranked=ranked, small_sample=small, min_sample=MIN_SAMPLE,
                  feed=f"../../feeds/{region.code}.xml" if region.level == "province" else "",
                  year_span=_year_span, span=region.years, body_path=data.body_path)


def region_description(region: Region) -> str:
    first, last = region.years
    return (f"{region.name}（{REGION_LEVELS.get(region.level, '')}）{region.bodies}个机关{first}–{last}年的"
            f"{len(region.reports)}份政府信息公开工作年度报告：各年度报告情况、申请和办理结果、机关排名。")


def region_key(data: SiteData, tree: dict[str, Region], region: Region) -> tuple:
    """All a region's page is made from: its place in the tree (names up and down), its reports' keys,
    and the keys of the bodies it lists (their names and links come from all their reports)."""
    bodies = sorted({r["body_id"] for r in region.reports})
    return (region.code, region.name, region.level, (data.regions.get(region.code) or {}).get("former_names"),
            [(up.code, up.name) for up in _ancestors(tree, region)],
            [(code, tree[code].name) for code in sorted(region.children)],
            [data.report_key(r) for r in region.reports], [(b, data.body_key(b)) for b in bodies])


def write_regions(data: SiteData, frame: Frame, tree: dict[str, Region]) -> list[str]:
    """Every region's page, in code order (only regions with reports have one); → the codes (for the
    sitemap). A page is rendered only when what it is made of (region_key) changed."""
    for code in sorted(tree):
        region = tree[code]
        frame.place((code,), region_key(data, tree, region), region.name, region_description(region),
                    lambda region=region: region_page(data, tree, region))
    return sorted(tree)


def regions_index(data: SiteData) -> str:
    """The region index (/regions/): provinces, and how many reports have no identified region."""
    tree = region_tree(data)
    provinces = [tree[code] for code in sorted(tree) if tree[code].parent is None]
    placed = {id(r) for p in provinces for r in p.reports}
    unplaced = sum(1 for r in data.reports if id(r) not in placed)
    return render("regions.html", provinces=provinces, unplaced=unplaced, year_span=_year_span)
