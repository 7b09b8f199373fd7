"""MkDocs hook: pages generated at build time from the data package (never written into docs/).

mkdocs.yml names this file under `hooks:`; `extra.ogi_data` says where the package is.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

from ogi.site import pages
from ogi.site.data import SiteData

HOME_MARKER = "<!-- ogi:home -->"


def _data(config) -> SiteData:
    return config.extra["_ogi_site_data"]


def on_config(config):
    folder = Path(config.extra.get("ogi_data", "build/data"))
    if not folder.is_absolute():
        folder = Path(config.config_file_path).parent / folder
    config.extra["_ogi_site_data"] = SiteData.load(folder)
    return config


def on_files(files: Files, config) -> Files:
    data = _data(config)

    def add(uri: str, content: str | bytes) -> None:
        files.append(File.generated(config, uri, content=content))

    for report in data.reports:
        add(pages.report_path(report["report_id"]), pages.report_page(data, report))
        csv_text, json_text = pages.report_downloads(data, report)
        add(f"downloads/{report['report_id']}.csv", csv_text)
        add(f"downloads/{report['report_id']}.json", json_text)
    add("reports/index.md", pages.reports_index(data))
    add("reports/reports.json", pages.reports_json(data))
    add("statistics.md", pages.statistics_page(data))
    add("data/index.md", pages.data_page(data))
    add("quality.md", pages.quality_page(data))
    for item in data.files:
        add(f"data/{item.name}", (data.folder / item.name).read_bytes())
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    if HOME_MARKER in markdown:
        return markdown.replace(HOME_MARKER, pages.home_block(_data(config)))
    return markdown
