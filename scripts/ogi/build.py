"""Build: every file under reports/ → parsed, checked, de-duplicated, identified → the data package.

Entry point: `build(reports_dir, out_dir)`. The parse stage (`parse_all`) lists the reports folder
(inputs.py), takes what it can from the parse cache (cache.py: by content hash and the code's own hash,
so adding one report re-parses only that report) and parses the rest in worker processes under a
budget (workers.py).
"""

from __future__ import annotations

import json
import re
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from .cache import ParseCache, outcome_from_data
from .checks import check_continuity
from .inputs import check_output_folder, list_inputs, read_sources
from .outputs import staging_folder, swap_folder
from .package import InputRow, write_descriptor, write_package
from .records import Rejection, Report, SourceFile
from .workers import Budget, Job, parse_in_workers


@dataclass
class BuildResult:
    published: list[tuple[str, Report]] = field(default_factory=list)
    inputs: list[InputRow] = field(default_factory=list)
    parsed: int = 0  # files parsed in this build
    cached: int = 0  # files whose parse came from the cache
    skipped: dict[str, list[str]] = field(default_factory=dict)  # exclusion rule → entries it left out
    warnings: list[str] = field(default_factory=list)  # e.g. a sources.csv that could not be read
    seconds: float = 0.0
    parse_seconds: float = 0.0  # ingest, parse and check (cache misses only)
    package_seconds: float = 0.0

    @property
    def rejected(self) -> list[InputRow]:
        return [i for i in self.inputs if i.status == "rejected"]

    @property
    def duplicates(self) -> list[InputRow]:
        return [i for i in self.inputs if i.status == "duplicate"]


def report_id(report: Report) -> str:
    """Readable and stable: year, body, and the raw file's hash (two versions of one body's year differ)."""
    body = re.sub(r"[^\w\u4e00-\u9fff]+", "-", report.organization_simplified or "unknown").strip("-")[:40] or "unknown"
    return f"{report.year}-{body}-{report.source.sha256[:8]}"


def _content_key(report: Report) -> str:
    """Two files with this key equal are the same report (e.g. a GB18030 copy of a UTF-8 file)."""
    grids = [{r: {c: v.number for c, v in cells.items()} for r, cells in grid.items()}
             for grid in (report.table2, report.table3, report.table4)]
    legacy = [(i.indicator, i.period, i.value.number) for i in report.legacy]
    prose = [(f.indicator, f.value.number) for f in report.prose]
    return json.dumps([report.organization_simplified, report.year, report.layout, grids, legacy, prose],
                      ensure_ascii=False, sort_keys=True)


@dataclass
class ParseRun:
    """What parse_all found: (path, sha256, size, outcome) for every ledger entry in path order, how many
    files were parsed now and how many came from the cache, the entries left out by rule, and warnings."""

    outcomes: list[tuple[str, str, int, Report | Rejection]]
    parsed: int
    cached: int
    skipped: dict[str, list[str]]
    warnings: list[str]


def parse_all(reports_dir: Path, cache: ParseCache | None, progress=None, budget: Budget = Budget()) -> ParseRun:
    """Every entry of the reports folder → its outcome. Entries refused by the listing (links, pipes, …)
    and byte-identical copies are never parsed; files not in the cache are parsed in worker processes
    under `budget`, each one's outcome cached as soon as it is done (an interrupted build keeps them)."""
    listing = list_inputs(reports_dir)
    sources, warnings = read_sources(reports_dir)
    first_with: dict[str, str] = {}
    outcomes: dict[str, Report | Rejection] = {}
    jobs = []
    for entry in listing.entries:
        if entry.refusal:
            outcomes[entry.relative] = Rejection(SourceFile(entry.relative, "", 0), entry.refusal)
        elif entry.sha256 in first_with:
            original = first_with[entry.sha256]
            outcomes[entry.relative] = Rejection(None, f"same bytes as {original}", "duplicate", original)
        else:
            first_with[entry.sha256] = entry.relative
            cached = cache.get(entry.sha256) if cache else None
            if cached is None:
                jobs.append(Job(entry.relative, entry.sha256, entry.size))
            else:
                outcomes[entry.relative] = cached
    with closing(parse_in_workers(jobs, reports_dir, budget)) as finished:  # closing stops the workers
        for job, data, parsed in (progress(finished, len(jobs)) if progress else finished):
            outcome = outcomes[job.relative] = outcome_from_data(data)
            if cache and parsed and outcome.source.sha256 == job.sha256:  # not a file that changed or vanished
                cache.put(job.sha256, data)
    for relative, outcome in outcomes.items():
        if outcome.source is None:
            continue
        outcome.source.path = relative
        if isinstance(outcome, Report):
            outcome.source_url = sources.get(relative, {}).get("url", "") or outcome.source_url
    return ParseRun([(e.relative, e.sha256, e.size, outcomes[e.relative]) for e in listing.entries],
                    len(jobs), len(first_with) - len(jobs), listing.skipped, warnings)


# Which copy of one report to publish: the original file (its tables read from their real structure)
# before a web page, before pasted or converted text; then the first path.
_SOURCE_PREFERENCE = {"pdf": 0, "docx": 0, "html": 1, "text": 2}


def _copy_to_publish(outcomes: list[tuple]) -> dict[str, tuple[str, Report]]:
    """Path of each report → (path, report) of the copy to publish among the files holding that report."""
    best: dict[str, tuple[str, Report]] = {}
    key_of: dict[str, str] = {}
    for relative, _, _, outcome in outcomes:
        if not isinstance(outcome, Report):
            continue
        key = key_of[relative] = _content_key(outcome)
        held = best.get(key)
        if held is None or _SOURCE_PREFERENCE[outcome.source_format] < _SOURCE_PREFERENCE[held[1].source_format]:
            best[key] = (relative, outcome)
    return {relative: best[key] for relative, key in key_of.items()}


def build(reports_dir: Path, out_dir: Path, root_descriptor: Path | None = None, progress=None,
          budget: Budget = Budget()) -> BuildResult:
    """Raises inputs.OutputInsideReports when out_dir is inside reports_dir. Two builds into one out_dir
    must not run at once: the command line holds outputs.lock around a build."""
    check_output_folder(reports_dir, out_dir)
    started = time.perf_counter()
    result = BuildResult()
    run = parse_all(reports_dir, ParseCache(out_dir / "cache"), progress, budget)
    outcomes, result.parsed, result.cached = run.outcomes, run.parsed, run.cached
    result.skipped, result.warnings = run.skipped, run.warnings
    result.parse_seconds = time.perf_counter() - started
    id_by_path: dict[str, str] = {}
    reports = [o for *_, o in outcomes if isinstance(o, Report)]
    check_continuity(reports)
    published_copy = _copy_to_publish(outcomes)
    for relative, sha, size, outcome in outcomes:
        if isinstance(outcome, Rejection):
            original_id = id_by_path.get(outcome.duplicate_of, "")
            id_by_path[relative] = original_id
            result.inputs.append(InputRow(relative, sha, size, outcome.status, outcome.reason, original_id))
            continue
        best, best_report = published_copy[relative]
        if best != relative:
            best_id = id_by_path[relative] = report_id(best_report)
            result.inputs.append(InputRow(relative, sha, size, "duplicate",
                                          f"same report as {best} (same body, year and figures)", best_id))
            continue
        rid = id_by_path[relative] = report_id(outcome)
        result.published.append((rid, outcome))
        result.inputs.append(InputRow(relative, sha, size, "published", "", rid))
    packaging = time.perf_counter()
    with staging_folder(out_dir / "data") as staging:
        write_package(result.published, result.inputs, staging)
        swap_folder(staging, out_dir / "data")
    if root_descriptor is not None:
        write_descriptor(root_descriptor, prefix=f"{out_dir.name}/data/")
    result.package_seconds = time.perf_counter() - packaging
    result.seconds = time.perf_counter() - started
    return result
