"""Build: every file under reports/ → parsed, checked, de-duplicated, identified (identity.py) → the data
package, versioned against the previous one (history.py).

Entry point: `build(reports_dir, out_dir)`. The parse stage (`parse_all`) lists the reports folder
(inputs.py), takes what it can from the parse cache (cache.py: by content hash and the code's own hash,
so adding one report re-parses only that report) and parses the rest in worker processes under a
budget (workers.py).
"""

from __future__ import annotations

import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from .cache import ParseCache, outcome_from_data
from .checks import check_continuity
from .inputs import check_output_folder, list_inputs, read_sources
from .outputs import staging_folder, swap_folder
from .history import Previous, Release
from .identity import InputRow, assign, load_renamings
from .package import write_descriptor, write_package
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
    release: Release | None = None  # the data version written

    @property
    def rejected(self) -> list[InputRow]:
        return [i for i in self.inputs if i.status == "rejected"]

    @property
    def duplicates(self) -> list[InputRow]:
        return [i for i in self.inputs if i.status == "duplicate"]


@dataclass
class ParseRun:
    """What parse_all found: (path, sha256, size, outcome) for every ledger entry in path order, how many
    files were parsed now and how many came from the cache, the entries left out by rule, and warnings."""

    outcomes: list[tuple[str, str, int, Report | Rejection]]
    parsed: int
    cached: int
    skipped: dict[str, list[str]]
    warnings: list[str]
    sources: dict[str, dict]  # sources.csv: file → its row


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
            outcomes[entry.relative] = Rejection(None, f"与 {original} 的内容逐字节相同", "duplicate", original)
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
                    len(jobs), len(first_with) - len(jobs), listing.skipped, warnings, sources)


def build(reports_dir: Path, out_dir: Path, root_descriptor: Path | None = None, progress=None,
          budget: Budget = Budget(), previous: Path | None = None, renamings: Path | None = None) -> BuildResult:
    """`previous`: the folder of the previous data version's package (for its version number, changelog and
    redirects); `renamings`: a body renamings file other than the reviewed one shipped with ogi.

    Raises inputs.OutputInsideReports when out_dir is inside reports_dir. Two builds into one out_dir
    must not run at once: the command line holds outputs.lock around a build."""
    check_output_folder(reports_dir, out_dir)
    started = time.perf_counter()
    result = BuildResult()
    run = parse_all(reports_dir, ParseCache(out_dir / "cache"), progress, budget)
    outcomes, result.parsed, result.cached = run.outcomes, run.parsed, run.cached
    result.skipped, result.warnings = run.skipped, run.warnings
    result.parse_seconds = time.perf_counter() - started
    check_continuity([o for *_, o in outcomes if isinstance(o, Report)])
    result.published, result.inputs = assign(outcomes, load_renamings(renamings) if renamings else None)
    packaging = time.perf_counter()
    retrieved = [row.get("retrieved", "").strip() for row in run.sources.values()]
    with staging_folder(out_dir / "data") as staging:
        result.release = write_package(result.published, result.inputs, staging, Previous.load(previous), retrieved)
        swap_folder(staging, out_dir / "data")
    if root_descriptor is not None:
        write_descriptor(root_descriptor, prefix=f"{out_dir.name}/data/")
    result.package_seconds = time.perf_counter() - packaging
    result.seconds = time.perf_counter() - started
    return result
