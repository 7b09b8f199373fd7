"""Site: the data package → a static mkdocs-material site with a static search index (search.py).

Entry point: `build_site(data_dir, site_dir, config_file, sources_dir)`. MkDocs renders the hand-written
pages, the lists and aggregates (each from its template in templates/), and one frame for report pages;
every report page is then written by putting that report's title and its rendered template into the
frame, streaming the package report by report, so time and memory grow with one page, not with the
corpus. Streamed files — report pages, each report's data file, originals, the search index's parts —
are content-addressed (store.py): a file whose inputs did not change since the last build is linked
from the store, not made again, so adding one report makes one page. The site is built into a staging
folder and swapped in, so an interrupted build leaves the previous site whole; its size — the files
GitHub Pages publishes — is measured against a budget (size.py) before it can be deployed.

Where the big downloads live (`downloads`):
- "site" (a local build): the data files, the workbook and the zip under /data/, each report's original
  under /sources/<sha256>/ — the site works offline and needs nothing else.
- "github" (the site CI deploys to GitHub Pages): the data page links the data version's files on its
  GitHub Release, with their sizes and SHA-256; a report page links its original in the repository
  (hosting.py), with its SHA-256. GitHub Pages' 1 GB then holds 50,000 reports.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from ..hosting import original_url
from ..package import rows_key
from . import search
from . import store as keys
from .data import SiteData
from .frames import compact
from .hooks import REPORT_BODY, REPORT_DESCRIPTION, REPORT_FRAME, REPORT_TITLE
from .portal import write_portal
from .redirects import write_redirects
from .report import (csv_labels, data_file, page_key, report_data, report_description, report_page, report_title,
                     source_href, source_path)
from .sitemap import page_address, write_sitemap
from .size import PAGES_LIMIT, SiteSize, SiteTooLarge, artifact_bytes
from .store import SiteFiles
from .templates import url_part

_FRAME_SLUG = REPORT_FRAME.split("/")[1]
DOWNLOADS = ("site", "github")


@dataclass
class SiteResult:
    size: SiteSize
    made: int  # streamed files made in this build
    linked: int  # streamed files linked unchanged from the store
    seconds: dict[str, float] = field(default_factory=dict)  # stage → time: data, mkdocs, reports, portal, …


def build_site(data_dir: Path, site_dir: Path, config_file: Path, sources_dir: Path | None = None,
               downloads: str = "site", store: Path | None = None, budget: int = PAGES_LIMIT,
               processes: int = 0, site_url: str | None = None) -> SiteResult:
    """`sources_dir`: the folder the package's `source_file` paths are relative to (None: a local site
    offers no original files, and its pages say so); `downloads`: where the data files and originals
    live (see above); `store`: the folder of content-addressed files (None: every file is made);
    `processes`: how many processes write the report pages (0: one a core for a large corpus);
    `site_url`: the address the site is published at (default: the OGI_SITE_URL environment variable,
    which CI sets from the Pages configuration) — for the sitemap, canonical links, feeds and a 404 page
    that works under a project's sub-path.

    Raises SiteTooLarge, once the site is in place, when its artifact exceeds `budget` bytes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from ..outputs import staging_folder, swap_folder

    clock = _Clock()
    data = SiteData.load(data_dir.resolve())
    data.downloads = downloads
    clock.stage("data")
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
        clock.stage("mkdocs")
        files = SiteFiles(staging, store)
        write_reports(data, staging, files, Originals(downloads, sources_dir, files), processes)
        clock.stage("reports")
        pages = write_portal(data, staging, site_url)
        if site_url:
            write_sitemap(staging, site_url, [page_address(site_url, ("reports", r["report_id"])) for r in data.reports]
                          + [page_address(site_url, page) for page in pages], _FRAME_SLUG)
        clock.stage("portal")
        write_redirects(data.folder, staging, data.body_path)
        if downloads == "site":
            copy_data_files(data, files)
        clock.stage("data files")
        search.write_index(data_dir.resolve(), staging, Path(config["docs_dir"]), files)
        clock.stage("search")
        files.finish()
        size = artifact_bytes(staging)
        swap_folder(staging, site_dir)
        clock.stage("size")
    if size.published > budget:
        raise SiteTooLarge(size, budget)
    return SiteResult(size, files.made, files.linked, clock.seconds)


class _Clock:
    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def stage(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name], self._last = now - self._last, now


class Originals:
    """A report's original file as its page links it: copied into the site (content-addressed by its
    sha256) for a local build, or in the repository for GitHub Pages."""

    def __init__(self, downloads: str, sources_dir: Path | None, files: SiteFiles):
        self.downloads, self.files = downloads, files
        self.root = sources_dir.resolve() if sources_dir is not None else None  # the reports folder

    def href(self, report: dict) -> str:
        """The link from the report's page ("" when there is no original to offer)."""
        if self.downloads == "github":
            return original_url(report["source_file"])
        if self.root is None:
            return ""
        file_key = keys.key("original", report["sha256"])
        data = None if self.files.has(file_key) else self._read(report)
        if data is None and not self.files.has(file_key):
            return ""
        self.files.place(source_path(report), file_key, lambda: data)
        return "../../" + source_href(report)

    def _read(self, report: dict) -> bytes | None:
        """The original's bytes, if it is still the file that was parsed (same sha256) and lies inside the
        reports folder."""
        source = self.root / report["source_file"]
        if source.is_symlink() or not source.is_file() or not source.resolve().is_relative_to(self.root):
            return None
        data = source.read_bytes()
        return data if hashlib.sha256(data).hexdigest() == report["sha256"] else None


# Report pages are written by this many processes (one a core) from this many reports up: each loads the
# package and writes its share of the reports, a range of report ids.
PARALLEL_FROM = 400


def write_reports(data: SiteData, site: Path, files: SiteFiles, originals: Originals, processes: int = 0) -> int:
    """Each report's page (in the frame MkDocs rendered), its data file and its original; → pages.
    `processes`: how many processes write them (0: one a core for a large corpus, else one)."""
    frame_dir = site / "reports" / _FRAME_SLUG
    html = compact((frame_dir / "index.html").read_text(encoding="utf-8"))
    shutil.rmtree(frame_dir)
    frame = (*html.split(REPORT_BODY), hashlib.sha256(html.encode("utf-8")).hexdigest())
    files.place("reports/labels.json", keys.key("csv labels"),
                lambda: json.dumps(csv_labels(), ensure_ascii=False, separators=(",", ":")))
    count = len(data.reports)
    processes = processes or ((os.cpu_count() or 1) if count >= PARALLEL_FROM else 1)
    if processes == 1:
        return _write_range(data, files, originals, frame, 0, count)
    bounds = [count * n // processes for n in range(processes + 1)]
    parts = [(data.folder, data.downloads, originals.root, site, files.store, frame, first, stop)
             for first, stop in zip(bounds, bounds[1:])]
    with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("forkserver")) as pool:
        for made, linked, used in pool.map(_write_part, parts):
            files.made, files.linked = files.made + made, files.linked + linked
            files.used.update(used)
    return count


def _write_part(part: tuple) -> tuple[int, int, list[str]]:
    """A process's share of write_reports: → files made, linked, and the store keys it used."""
    folder, downloads, sources, site, store, frame, first, stop = part
    data = SiteData.load(folder)
    data.downloads = downloads
    files = SiteFiles(site, store)
    _write_range(data, files, Originals(downloads, sources, files), frame, first, stop)
    return files.made, files.linked, sorted(files.used)


def _write_range(data: SiteData, files: SiteFiles, originals: Originals, frame: tuple[str, str, str], first: int,
                 stop: int) -> int:
    before, after, frame_key = frame
    written = 0
    for report, tables in data.report_tables(first, stop):
        rid = report["report_id"]
        key = rows_key("", report, data.continuity.get(rid))
        rows = _Rows(tables)
        original = originals.href(report)

        def page(report=report, rows=rows, original=original) -> str:
            def fill(part: str) -> str:
                return (part.replace(REPORT_TITLE, str(escape(report_title(report))))
                        .replace(REPORT_DESCRIPTION, str(escape(report_description(report))))
                        .replace(_FRAME_SLUG, url_part(report["report_id"])))

            return fill(before) + report_page(data, report, rows(), original) + fill(after)

        files.place(f"reports/{rid}/index.html", page_key(data, report, key, frame_key, original), page)
        files.place(data_file(report), keys.key("report data", key),
                    lambda report=report, rows=rows: report_data(report, rows()))
        written += 1
    return written


class _Rows:
    """A report's rows, turned from Arrow into dicts only if a file that needs them is made."""

    def __init__(self, tables: dict):
        self.tables, self.rows = tables, None

    def __call__(self) -> dict[str, list[dict]]:
        if self.rows is None:
            self.rows = {name: table.to_pylist() for name, table in self.tables.items()}
        return self.rows


def copy_data_files(data: SiteData, files: SiteFiles) -> None:
    for item in data.files:
        files.place(f"data/{item.name}", keys.key("data file", item.sha256),
                    lambda item=item: (data.folder / item.name).read_bytes())
