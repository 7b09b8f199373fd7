"""MkDocs hook: pages generated at build time from the data package (never written into docs/).

mkdocs.yml names this file under `hooks:`; `extra.ogi_data` says where the package is. A generated page
is a markdown file holding only front matter; its `ogi_page` names the template whose HTML replaces the
page's content (no Markdown pass over it). The theme override (docs/overrides/main.html) shows that HTML
as it is, with its own <h1>.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.structure.files import File, Files

from ogi.site import pages, regions, years
from ogi.site.data import SiteData
from ogi.site.frames import FRAMES, PAGE_BODY, PAGE_DESCRIPTION, PAGE_TITLE, frame_uri

HOME_MARKER = "<!-- ogi:home -->"
REPORT_FRAME = "reports/ogi-report-frame/index.md"  # the one page every report page is written into
REPORT_BODY = "<!--ogi-report-body-->"
REPORT_TITLE = "OGIREPORTTITLE"
REPORT_DESCRIPTION = PAGE_DESCRIPTION

GENERATED = {  # uri → (title, kind)
    REPORT_FRAME: (REPORT_TITLE, "report-frame"),
    **{frame_uri(kind): (PAGE_TITLE, "frame") for kind in FRAMES},
    "reports/index.md": ("报告列表", "reports"),
    "years/index.md": ("按年度浏览", "years"),
    "regions/index.md": ("地区", "regions"),
    "statistics.md": ("统计", "statistics"),
    "data/index.md": ("数据", "data"),
    "quality.md": ("数据质量", "quality"),
}
_RENDER = {"reports": pages.reports_index, "statistics": pages.statistics_page, "data": pages.data_page,
           "quality": pages.quality_page, "years": years.years_index, "year": years.year_page,
           "regions": regions.regions_index}


def _data(config) -> SiteData:
    return config.extra["_ogi_site_data"]


def on_config(config):
    if "_ogi_site_data" not in config.extra:  # `mkdocs serve`; `ogi build` passes the data it loaded
        folder = Path(config.extra.get("ogi_data", "build/data"))
        if not folder.is_absolute():
            folder = Path(config.config_file_path).parent / folder
        config.extra["_ogi_site_data"] = SiteData.load(folder)
    return config


def _front_matter(title: str, kind: str, argument=None) -> str:
    lines = [f"title: {json.dumps(title, ensure_ascii=False)}", f"ogi_page: {kind}"]
    if kind in ("frame", "report-frame"):
        lines.append(f"description: {PAGE_DESCRIPTION}")  # each streamed page puts its own in
    if argument is not None:
        lines.append(f"ogi_argument: {json.dumps(argument)}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def on_files(files: Files, config) -> Files:
    # Report, body and region pages, the list's data, feeds and the data files are written after the
    # build (see site.build_site).
    for uri, (title, kind) in GENERATED.items():
        files.append(File.generated(config, uri, content=_front_matter(title, kind)))
    for year in years.report_years(_data(config)):
        files.append(File.generated(config, f"years/{year}/index.md",
                                    content=_front_matter(f"{year}年的报告", "year", year)))
    return files


def on_page_content(html: str, page, config, files) -> str:
    kind = page.meta.get("ogi_page")
    if kind == "report-frame":
        return REPORT_BODY
    if kind == "frame":
        return PAGE_BODY
    if kind == "data":
        return pages.data_page(_data(config), config.site_url or "")
    if "ogi_argument" in page.meta:
        return _RENDER[kind](_data(config), page.meta["ogi_argument"])
    if kind:
        return _RENDER[kind](_data(config))
    if HOME_MARKER in html:
        return html.replace(HOME_MARKER, pages.home_block(_data(config)))
    return html
