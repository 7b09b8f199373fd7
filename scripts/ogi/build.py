"""Build: every file under reports/ → parsed, checked, de-duplicated, identified (identity.py) → the data
package, versioned against the previous one (history.py).

Entry point: `build(reports_dir, out_dir)`. The parse stage (`parse_all`) lists the reports folder
(inputs.py), takes what it can from the parse cache (cache.py: by content hash and the code's own hash,
so adding one report re-parses only that report) and parses the rest in worker processes under a
budget (workers.py). It keeps one small summary per report (records.ReportSummary), never the corpus of
parsed reports: identities and the carry-over checks are decided on summaries, and the package reads
each report whole again, one at a time, only when it makes that report's rows — a report whose rows
have not changed since the previous build has them taken from the previous package (package.Reuse).
"""

from __future__ import annotations

import json
import time
import zlib
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from .cache import ParseCache, outcome_data, outcome_from_data, summary_data, summary_from_data
from .checks import continuity_checks, with_continuity
from .history import Previous, Release
from .identity import InputRow, assign, load_renamings, summarize
from .inputs import check_output_folder, list_inputs, read_sources
from .outputs import staging_folder, swap_folder
from .package import load_reuse, save_reuse, write_descriptor, write_package
from .records import Rejection, Report, ReportSummary, SourceFile
from .workers import Budget, Job, parse_in_workers

REUSE_MANIFEST = "package-rows.json"  # in the cache folder: what the package in data/ was made of
HASHES_FILE = "input-hashes.json"  # in the cache folder: the inputs' sha256 with the file status hashed at


class InputChanged(RuntimeError):
    """A report's input changed while the build ran, after its parse cache entry was lost: build again."""


@dataclass
class BuildResult:
    published: list[tuple[str, ReportSummary]] = field(default_factory=list)
    inputs: list[InputRow] = field(default_factory=list)
    parsed: int = 0  # files parsed in this build
    cached: int = 0  # files whose parse came from the cache
    skipped: dict[str, list[str]] = field(default_factory=dict)  # exclusion rule → entries it left out
    warnings: list[str] = field(default_factory=list)  # e.g. a sources.csv that could not be read
    seconds: float = 0.0
    parse_seconds: float = 0.0  # ingest, parse and check (cache misses only)
    package_seconds: float = 0.0
    rows_made: int = 0  # reports whose rows the package made again (the others' rows were reused)
    with_failed_checks: int = 0  # published reports with at least one failed check
    release: Release | None = None  # the data version written
    run: ParseRun | None = None  # reads a published report whole: run.report(summary)

    @property
    def rejected(self) -> list[InputRow]:
        return [i for i in self.inputs if i.status == "rejected"]

    @property
    def duplicates(self) -> list[InputRow]:
        return [i for i in self.inputs if i.status == "duplicate"]


@dataclass
class ParseRun:
    """What parse_all found: (path, sha256, size, outcome) for every ledger entry in path order — a
    report's outcome is its summary — how many files were parsed now and how many came from the cache,
    the entries left out by rule, and warnings."""

    outcomes: list[tuple[str, str, int, ReportSummary | Rejection]]
    parsed: int
    cached: int
    skipped: dict[str, list[str]]
    warnings: list[str]
    sources: dict[str, dict]  # sources.csv: file → its row
    reports_dir: Path
    cache: ParseCache | None
    budget: Budget
    held: dict[str, bytes]  # sha256 → outcome data (JSON, compressed) of reports the cache could not keep

    def report(self, summary: ReportSummary) -> Report:
        """A report whole, with what the build decided about it (path, URL, identity, carry-over check):
        from memory, from the cache, or — if the cache lost it during the build — parsed again."""
        sha = summary.source.sha256
        if sha in self.held:
            report = outcome_from_data(json.loads(zlib.decompress(self.held[sha])))
        else:
            report = self.cache.get(sha) if self.cache else None
        if not isinstance(report, Report):
            job = Job(summary.source.path, sha, summary.source.size)
            _, data, _, _ = next(parse_in_workers([job], self.reports_dir, self.budget))
            report = outcome_from_data(data)
            if not isinstance(report, Report) or report.source.sha256 != sha:
                raise InputChanged(f"{summary.source.path} 在构建过程中被修改，且其解析缓存已丢失：请重新构建")
        report.source.path, report.source_url, report.identity = summary.source.path, summary.source_url, \
            summary.identity
        return with_continuity(report, summary.continuity)


def parse_all(reports_dir: Path, cache: ParseCache | None, progress=None, budget: Budget = Budget()) -> ParseRun:
    """Every entry of the reports folder → its outcome. Entries refused by the listing (links, pipes, …)
    and byte-identical copies are never parsed; files not in the cache are parsed in worker processes
    under `budget`, each one's outcome cached as soon as it is done (an interrupted build keeps them)."""
    listing = list_inputs(reports_dir, cache.folder.parent / HASHES_FILE if cache else None)
    sources, warnings = read_sources(reports_dir)
    first_with: dict[str, str] = {}
    outcomes: dict[str, ReportSummary | Rejection] = {}
    held: dict[str, bytes] = {}
    jobs = []
    for entry in listing.entries:
        if entry.refusal:
            outcomes[entry.relative] = Rejection(SourceFile(entry.relative, "", 0), entry.refusal)
        elif entry.sha256 in first_with:
            original = first_with[entry.sha256]
            outcomes[entry.relative] = Rejection(None, f"与 {original} 的内容逐字节相同", "duplicate", original)
        else:
            first_with[entry.sha256] = entry.relative
            cached = _cached_summary(cache, entry.sha256) if cache else None
            if cached is None:
                jobs.append(Job(entry.relative, entry.sha256, entry.size))
            else:
                outcomes[entry.relative] = cached
    with closing(parse_in_workers(jobs, reports_dir, budget, cache)) as finished:  # closing stops the workers
        for job, data, summary, _ in (progress(finished, len(jobs)) if progress else finished):
            outcome = outcomes[job.relative] = summary_from_data(summary)
            if isinstance(outcome, ReportSummary) and data is not None:  # the worker could not cache it
                held[outcome.source.sha256] = zlib.compress(json.dumps(data, ensure_ascii=False).encode(
                    "utf-8", "surrogatepass"), 1)
    if cache is not None:
        cache.save_summaries(list(first_with))
    for relative, outcome in outcomes.items():
        if outcome.source is None:
            continue
        outcome.source.path = relative
        if isinstance(outcome, ReportSummary):
            outcome.source_url = sources.get(relative, {}).get("url", "") or outcome.source_url
    return ParseRun([(e.relative, e.sha256, e.size, outcomes[e.relative]) for e in listing.entries],
                    len(jobs), len(first_with) - len(jobs), listing.skipped, warnings, sources, reports_dir, cache,
                    budget, held)


def _cached_summary(cache: ParseCache, sha: str) -> ReportSummary | Rejection | None:
    """The summary of a cached parse; an entry without one (its summary lost) is summarised again."""
    summary = cache.get_summary(sha)
    if summary is None:
        outcome = cache.get(sha)
        if outcome is None:
            return None
        summary = summarize(outcome) if isinstance(outcome, Report) else outcome
        cache.put(sha, outcome_data(outcome), summary_data(summary))
    return summary


def build(reports_dir: Path, out_dir: Path, root_descriptor: Path | None = None, progress=None,
          budget: Budget = Budget(), previous: Path | None = None, renamings: Path | None = None,
          only: dict[str, str] | None = None, bundle: bool = True) -> BuildResult:
    """`previous`: the folder of the previous data version's package (for its version number, changelog and
    redirects); `renamings`: a body renamings file other than the reviewed one shipped with ogi; `only`:
    publish only the reports of one province ({"province": code or name}, see `selected`); `bundle`: also
    write the Excel workbook and the zip (bundle.py) — a site for GitHub Pages leaves them to the release.

    Raises inputs.OutputInsideReports when out_dir is inside reports_dir. Two builds into one out_dir
    must not run at once: the command line holds outputs.lock around a build."""
    check_output_folder(reports_dir, out_dir)
    started = time.perf_counter()
    result = BuildResult()
    cache = ParseCache(out_dir / "cache")
    run = result.run = parse_all(reports_dir, cache, progress, budget)
    result.parsed, result.cached, result.skipped, result.warnings = run.parsed, run.cached, run.skipped, run.warnings
    result.parse_seconds = time.perf_counter() - started
    summaries = [o for *_, o in run.outcomes if isinstance(o, ReportSummary)]
    for position, check in continuity_checks(summaries).items():
        summaries[position].continuity = check
    result.published, result.inputs = assign(run.outcomes, load_renamings(renamings) if renamings else None)
    if only:
        result.published, result.inputs = selected(result.published, result.inputs, only)
    packaging = time.perf_counter()
    retrieved = [row.get("retrieved", "").strip() for row in run.sources.values()]
    manifest = out_dir / "cache" / REUSE_MANIFEST
    with staging_folder(out_dir / "data") as staging:
        package = write_package(result.published, result.inputs, staging, run.report, Previous.load(previous),
                                retrieved, load_reuse(manifest, out_dir / "data"), cache.version)
        if bundle:
            from .bundle import write_bundle

            write_bundle(staging)
        manifest.unlink(missing_ok=True)  # the package it describes is about to be replaced
        swap_folder(staging, out_dir / "data")
    save_reuse(manifest, out_dir / "data", package.keys, package.digests)
    result.release, result.rows_made, result.with_failed_checks = package.release, package.made, \
        package.with_failed_checks
    if root_descriptor is not None:
        write_descriptor(root_descriptor, prefix=f"{out_dir.name}/data/")
    result.package_seconds = time.perf_counter() - packaging
    result.seconds = time.perf_counter() - started
    return result


SELECTORS = ("province",)


def selected(published: list[tuple[str, ReportSummary]], inputs: list[InputRow],
             only: dict[str, str]) -> tuple[list[tuple[str, ReportSummary]], list[InputRow]]:
    """The reports of one province (`only` = {"province": its six-digit code, or its name as the reports
    print it}) and their inputs; rejected inputs belong to no report and stay in every selection. Ids are
    those of the whole corpus: a body's versions and copies all lie in its own province."""
    wanted = only["province"]
    keep = [(rid, s) for rid, s in published if wanted in (s.identity.province_code, s.province)]
    ids = {rid for rid, _ in keep}
    return keep, [i for i in inputs if i.report_id in ids or i.status == "rejected"]
