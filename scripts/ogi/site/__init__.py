"""Site: the data package → a static mkdocs-material site with a static search index (search.py).

Entry point: `build_site(data_dir, site_dir, config_file, sources_dir)`. MkDocs renders the hand-written
pages, the lists and aggregates (each from its template in templates/), and one frame for report pages;
every report page is then written by putting that report's title and its rendered template into the
frame, streaming the package report by report, so time and memory grow with one page, not with the
corpus. Every file is placed by a key of what it is made from (store.py): a file whose inputs did not
change is left as it is in the folder being built, or linked from the store, never made again, so
adding one report makes its page and the few pages that show it. The site is built in a folder of its
own — the one the build before last left, brought up to date (outputs.Rotation) — and swapped in, so
an interrupted build leaves the previous site whole; its size — the files GitHub Pages publishes — is
measured against a budget (size.py) before it can be deployed.

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
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from ..hosting import original_url
from . import search
from . import store as keys
from .data import SiteData
from .frames import take_frame
from .hooks import REPORT_BODY, REPORT_DESCRIPTION, REPORT_FRAME, REPORT_TITLE
from .portal import write_portal
from .redirects import write_redirects
from .report import (csv_labels, data_file, page_key, report_data, report_description, report_page, report_title,
                     source_href, source_path)
from .sitemap import page_address, write_sitemap
from .size import PAGES_LIMIT, SiteSize, SiteTooLarge
from .store import SiteFiles
from .templates import url_part

_FRAME_SLUG = REPORT_FRAME.split("/")[1]
DOWNLOADS = ("site", "github")


@dataclass
class SiteResult:
    size: SiteSize
    made: int  # files made (rendered or written) in this build
    linked: int  # files linked unchanged from the store
    kept: int = 0  # files the folder the site was built in already held, unchanged
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

    from ..outputs import Rotation

    clock = _Clock()
    data = SiteData.load(data_dir.resolve())
    data.downloads = downloads
    clock.stage("data")
    site_url = site_url or os.environ.get("OGI_SITE_URL") or None
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    rotation = Rotation(site_dir)
    staging, previous = rotation.open()
    rendered = Path(tempfile.mkdtemp(prefix=".mkdocs.", suffix=".tmp", dir=site_dir.parent))
    try:
        config = load_config(str(config_file), site_dir=str(rendered.resolve()), strict=True,
                             **({"site_url": site_url} if site_url else {}))
        config.extra["ogi_data"] = str(data_dir.resolve())
        config.extra["_ogi_site_data"] = data
        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        clock.stage("mkdocs")
        files = SiteFiles(staging, store, previous)
        write_reports(data, take_frame(rendered, REPORT_FRAME), files, Originals(downloads, sources_dir, files),
                      processes)
        clock.stage("reports")
        pages = write_portal(data, rendered, files, site_url)
        if site_url:
            write_sitemap(rendered, site_url, [page_address(site_url, ("reports", r["report_id"])) for r in data.reports]
                          + [page_address(site_url, page) for page in pages], _FRAME_SLUG)
        for path in sorted(p for p in rendered.rglob("*") if p.is_file()):
            files.write(path.relative_to(rendered).as_posix(), path.read_bytes())
        clock.stage("portal")
        write_redirects(data.folder, files, data.body_path)
        if downloads == "site":
            copy_data_files(data, files)
        clock.stage("data files")
        search.write_index(data_dir.resolve(), rendered, Path(config["docs_dir"]), files)
        clock.stage("search")
    finally:
        shutil.rmtree(rendered, ignore_errors=True)
    files.finish()
    size = SiteSize.of((path, size) for path, (_, size) in files.placed.items())
    rotation.publish(files.placed)
    clock.stage("size")
    if size.published > budget:
        raise SiteTooLarge(size, budget)
    return SiteResult(size, files.made, files.linked, files.kept, clock.seconds)


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
        path, file_key = source_path(report), keys.key("original", report["sha256"])
        data = None
        if not (self.files.current(path, file_key) or self.files.has(file_key)):
            data = self._read(report)
            if data is None:
                return ""
        self.files.place(path, file_key, lambda: data)
        return "../../" + source_href(report)

    def _read(self, report: dict) -> bytes | None:
        """The original's bytes, if it is still the file that was parsed (same sha256) and lies inside the
        reports folder."""
        source = self.root / report["source_file"]
        if source.is_symlink() or not source.is_file() or not source.resolve().is_relative_to(self.root):
            return None
        data = source.read_bytes()
        return data if hashlib.sha256(data).hexdigest() == report["sha256"] else None


# Report pages are made by this many processes (one a core, the build's own among them) from this many
# pages to make up: each other process loads the package's reports table and makes its share, a run of
# report ids.
PARALLEL_FROM = 400


def write_reports(data: SiteData, html: str, files: SiteFiles, originals: Originals, processes: int = 0) -> int:
    """Each report's page (in the frame `html` MkDocs rendered), its data file and its original; → the
    reports whose page or data file had to be made. Files the site already holds are kept and files the
    store holds are linked, here; only the reports left — whose files are rendered from their rows —
    are read, by one process a core when they are many (`processes`: 0 for that, else how many)."""
    frame = (*html.split(REPORT_BODY), hashlib.sha256(html.encode("utf-8")).hexdigest())
    files.place("reports/labels.json", keys.key("csv labels"),
                lambda: json.dumps(csv_labels(), ensure_ascii=False, separators=(",", ":")))
    todo: list[tuple[int, str]] = []  # (position in data.reports, its original's link)
    for position, report in enumerate(data.reports):
        original = originals.href(report)
        placed = report_files(data, report, frame[2], original)
        if all(files.current(path, file_key) or files.has(file_key) for path, file_key in placed):
            for path, file_key in placed:
                files.place_stored(path, file_key)
        else:
            todo.append((position, original))
    processes = processes or ((os.cpu_count() or 1) if len(todo) >= PARALLEL_FROM else 1)
    if processes == 1 or len(todo) < 2:
        _make_reports(data, files, frame, todo)
        return len(todo)
    bounds = [len(todo) * n // processes for n in range(processes + 1)]
    shares = [todo[first:stop] for first, stop in zip(bounds, bounds[1:])]
    parts = [(data.folder, data.downloads, files.site, files.store, frame, share,
              {path: files.previous[path] for position, _ in share
               for path in _report_paths(data.reports[position]) if path in files.previous})
             for share in shares[1:]]
    # This process makes the first share itself while the others are made by a process each: one process
    # fewer holding the package's reports than one a share.
    with ProcessPoolExecutor(processes - 1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        made = pool.map(_make_part, parts)
        _make_reports(data, files, frame, shares[0])
        for share in made:
            files.merge(share)
    return len(todo)


def _report_paths(report: dict) -> tuple[str, str]:
    """Where a report's page and data file are, in the site."""
    return f"reports/{report['report_id']}/index.html", data_file(report)


def report_files(data: SiteData, report: dict, frame_key: str, original: str) -> list[tuple[str, str]]:
    """(path in the site, key) of a report's page and data file."""
    key = data.report_key(report)
    page, data_path = _report_paths(report)
    return [(page, page_key(data, report, key, frame_key, original)), (data_path, keys.key("report data", key))]


def _make_part(part: tuple) -> SiteFiles:
    """A process's share of write_reports: → what it placed."""
    folder, downloads, site, store, frame, todo, previous = part
    data = SiteData.load_reports(folder)
    data.downloads = downloads
    files = SiteFiles(site, store, previous)
    _make_reports(data, files, frame, todo)
    return files


def _make_reports(data: SiteData, files: SiteFiles, frame: tuple[str, str, str], todo: list[tuple[int, str]]) -> None:
    before, after, frame_key = frame
    chosen = [data.reports[position] for position, _ in todo]
    for (report, tables), (_, original) in zip(data.report_tables(chosen), todo):
        rows = _Rows(tables)
        (page_path, page_file_key), (data_path, data_key) = report_files(data, report, frame_key, original)

        def page(report=report, rows=rows, original=original) -> str:
            def fill(part: str) -> str:
                return (part.replace(REPORT_TITLE, str(escape(report_title(report))))
                        .replace(REPORT_DESCRIPTION, str(escape(report_description(report))))
                        .replace(_FRAME_SLUG, url_part(report["report_id"])))

            return fill(before) + report_page(data, report, rows(), original) + fill(after)

        files.place(page_path, page_file_key, page)
        files.place(data_path, data_key, lambda report=report, rows=rows: report_data(report, rows()))


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
