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

from ogi.site import pages
from ogi.site.data import SiteData

HOME_MARKER = "<!-- ogi:home -->"
REPORT_FRAME = "reports/ogi-report-frame/index.md"  # the one page every report page is written into
REPORT_BODY = "<!--ogi-report-body-->"
REPORT_TITLE = "OGIREPORTTITLE"

GENERATED = {  # uri → (title, kind)
    REPORT_FRAME: (REPORT_TITLE, "report-frame"),
    "reports/index.md": ("报告列表", "reports"),
    "statistics.md": ("统计", "statistics"),
    "data/index.md": ("数据", "data"),
    "quality.md": ("数据质量", "quality"),
}
_RENDER = {"reports": pages.reports_index, "statistics": pages.statistics_page, "data": pages.data_page,
           "quality": pages.quality_page}


def _data(config) -> SiteData:
    return config.extra["_ogi_site_data"]


def on_config(config):
    if "_ogi_site_data" not in config.extra:  # `mkdocs serve`; `ogi build` passes the data it loaded
        folder = Path(config.extra.get("ogi_data", "build/data"))
        if not folder.is_absolute():
            folder = Path(config.config_file_path).parent / folder
        config.extra["_ogi_site_data"] = SiteData.load(folder)
    return config


def on_files(files: Files, config) -> Files:
    # Report pages, their downloads and the data files are written after the build (see site.write_reports).
    for uri, (title, kind) in GENERATED.items():
        front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nogi_page: {kind}\n---\n"
        files.append(File.generated(config, uri, content=front))
    files.append(File.generated(config, "reports/reports.json", content=pages.reports_json(_data(config))))
    return files


def on_page_content(html: str, page, config, files) -> str:
    kind = page.meta.get("ogi_page")
    if kind == "report-frame":
        return REPORT_BODY
    if kind:
        return _RENDER[kind](_data(config))
    if HOME_MARKER in html:
        return html.replace(HOME_MARKER, pages.home_block(_data(config)))
    return html
