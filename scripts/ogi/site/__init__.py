"""Site: the data package → a static mkdocs-material site with a static search index (search.py).

Entry point: `build_site(data_dir, site_dir, config_file, sources_dir)`. MkDocs renders the hand-written
pages, the lists and aggregates (each from its template in templates/), and one frame for report pages;
every report page is then written by putting that report's title and its rendered template into the
frame, streaming the package report by report, so time and memory grow with one page, not with the
corpus. Each report's original file is copied from `sources_dir` (the reports folder) into the site, so
readers can download exactly what was parsed. The site is built into a staging folder and swapped in,
so an interrupted build leaves the previous site whole.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from markupsafe import escape

from . import search
from .data import SiteData
from .frames import compact
from .hooks import REPORT_BODY, REPORT_DESCRIPTION, REPORT_FRAME, REPORT_TITLE
from .portal import write_portal
from .redirects import write_redirects
from .report import report_description, report_downloads, report_page, report_title, source_path
from .sitemap import page_address, write_sitemap
from .templates import url_part

_FRAME_SLUG = REPORT_FRAME.split("/")[1]


def build_site(data_dir: Path, site_dir: Path, config_file: Path, sources_dir: Path | None = None,
               site_url: str | None = None) -> None:
    """`sources_dir`: the folder the package's `source_file` paths are relative to; None publishes no
    original files (pages then say so). `site_url`: the address the site is published at (default: the
    OGI_SITE_URL environment variable, which CI sets from the Pages configuration) — for the sitemap,
    canonical links, feeds and a 404 page that works under a project's sub-path."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from ..outputs import staging_folder, swap_folder

    data = SiteData.load(data_dir.resolve())
    site_url = site_url or os.environ.get("OGI_SITE_URL") or None
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    with staging_folder(site_dir) as staging:
        config = load_config(str(config_file), site_dir=str(staging.resolve()), strict=True,
                             **({"site_url": site_url} if site_url else {}))
        config.extra["ogi_data"] = str(data_dir.resolve())
        config.extra["_ogi_site_data"] = data
        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        write_reports(data, staging, sources_dir)
        pages = write_portal(data, staging, site_url)
        if site_url:
            write_sitemap(staging, site_url, [page_address(site_url, ("reports", r["report_id"])) for r in data.reports]
                          + [page_address(site_url, page) for page in pages], _FRAME_SLUG)
        write_redirects(data.folder, staging)
        copy_data_files(data, staging / "data")
        search.write_index(data_dir.resolve(), staging, Path(config["docs_dir"]))
        swap_folder(staging, site_dir)


def write_reports(data: SiteData, site: Path, sources_dir: Path | None = None) -> int:
    """Each report's page (in the frame MkDocs rendered), its original file and its CSV/JSON downloads;
    → pages written."""
    frame_dir = site / "reports" / _FRAME_SLUG
    frame = compact((frame_dir / "index.html").read_text(encoding="utf-8"))
    shutil.rmtree(frame_dir)
    before, after = frame.split(REPORT_BODY)
    downloads = site / "downloads"
    downloads.mkdir(exist_ok=True)
    written = 0
    for report, rows in data.report_rows():
        rid = report["report_id"]

        def fill(part: str) -> str:
            return (part.replace(REPORT_TITLE, str(escape(report_title(report))))
                    .replace(REPORT_DESCRIPTION, str(escape(report_description(report)))).replace(_FRAME_SLUG, url_part(rid)))

        published = sources_dir is not None and copy_source(report, sources_dir, site)
        folder = site / "reports" / rid
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(fill(before) + report_page(data, report, rows, published) + fill(after),
                                           encoding="utf-8")
        csv_text, json_text = report_downloads(report, rows)
        (downloads / f"{rid}.csv").write_text(csv_text, encoding="utf-8", newline="")
        (downloads / f"{rid}.json").write_text(json_text, encoding="utf-8")
        written += 1
    return written


def copy_source(report: dict, sources_dir: Path, site: Path) -> bool:
    """Copy a report's original file into the site, if it is still the file that was parsed (same
    sha256) and lies inside the reports folder; → whether it was published."""
    root = sources_dir.resolve()
    source = sources_dir / report["source_file"]
    if source.is_symlink() or not source.is_file() or not source.resolve().is_relative_to(root):
        return False
    target = site / source_path(report)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with source.open("rb") as reader, target.open("wb") as writer:
        for chunk in iter(lambda: reader.read(1 << 20), b""):
            digest.update(chunk)
            writer.write(chunk)
    if digest.hexdigest() != report["sha256"]:
        shutil.rmtree(target.parent)
        return False
    return True


def copy_data_files(data: SiteData, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in data.files:
        shutil.copyfile(data.folder / item.name, target / item.name)

