"""Site: the data package → a static mkdocs-material site with a static search index (search.py).

Entry point: `build_site(data_dir, site_dir, config_file)`. MkDocs renders the hand-written pages, the
lists and aggregates, and one frame for report pages; every report page is then written by putting
that report's title and content into the frame, streaming the package report by report, so time and
memory grow with one page, not with the corpus. The site is built into a staging folder and swapped
in, so an interrupted build leaves the previous site whole.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import search
from .data import SiteData
from .html import esc, safe_title, url
from .pages import BODY_MARKER, TEMPLATE_SLUG, TITLE_MARKER, report_body, report_downloads, report_title


def build_site(data_dir: Path, site_dir: Path, config_file: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from ..build import swap_folder

    staging = site_dir.with_name(f".{site_dir.name}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    data = SiteData.load(data_dir.resolve())
    config = load_config(str(config_file), site_dir=str(staging.resolve()), strict=True)
    config.extra["ogi_data"] = str(data_dir.resolve())
    config.extra["_ogi_site_data"] = data
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    write_reports(data, staging)
    copy_data_files(data, staging / "data")
    search.write_index(data_dir.resolve(), staging, Path(config["docs_dir"]))
    swap_folder(staging, site_dir)


def write_reports(data: SiteData, site: Path) -> int:
    """Each report's page (in the frame MkDocs rendered) and its CSV/JSON downloads; → pages written."""
    frame_dir = site / "reports" / TEMPLATE_SLUG
    frame = (frame_dir / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(frame_dir)
    before, after = frame.split(BODY_MARKER)
    downloads = site / "downloads"
    downloads.mkdir(exist_ok=True)
    written = 0
    for report, rows in data.report_rows():
        rid = report["report_id"]

        def fill(part: str) -> str:
            return part.replace(TITLE_MARKER, esc(safe_title(report_title(report)))).replace(TEMPLATE_SLUG, url(rid))

        folder = site / "reports" / rid
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(fill(before) + report_body(data, report, rows) + fill(after),
                                           encoding="utf-8")
        csv_text, json_text = report_downloads(report, rows)
        (downloads / f"{rid}.csv").write_text(csv_text, encoding="utf-8", newline="")
        (downloads / f"{rid}.json").write_text(json_text, encoding="utf-8")
        written += 1
    return written


def copy_data_files(data: SiteData, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in data.files:
        shutil.copyfile(data.folder / item.name, target / item.name)

