"""MkDocs hook: pages generated at build time from the data package (never written into docs/).

mkdocs.yml names this file under `hooks:`; `extra.ogi_data` says where the package is.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

from ogi.site import pages
from ogi.site.data import SiteData
from ogi.site.html import page

HOME_MARKER = "<!-- ogi:home -->"


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
    data = _data(config)

    def add(uri: str, content: str | bytes) -> None:
        files.append(File.generated(config, uri, content=content))

    # Report pages, their downloads and the data files are written after the build (see site.write_reports):
    # MkDocs renders only the frame every report page shares.
    add(f"reports/{pages.TEMPLATE_SLUG}/index.md", page(pages.TITLE_MARKER, pages.BODY_MARKER))
    add("reports/index.md", pages.reports_index(data))
    add("reports/reports.json", pages.reports_json(data))
    add("statistics.md", pages.statistics_page(data))
    add("data/index.md", pages.data_page(data))
    add("quality.md", pages.quality_page(data))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    if HOME_MARKER in markdown:
        return markdown.replace(HOME_MARKER, pages.home_block(_data(config)))
    return markdown
