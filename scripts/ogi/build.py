"""Build: every file under reports/ → parsed, checked, de-duplicated, identified (identity.py) → the data
package, versioned against the previous one (history.py).

Entry point: `build(reports_dir, out_dir)`. Parsing is cached by content hash (and the code's own
hash), so adding one report re-parses only that report.
"""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .checks import check_continuity
from .history import Previous, Release
from .identity import InputRow, assign, load_renamings
from .ingest import sha256_of
from .package import write_descriptor, write_package
from .pipeline import process_file
from .records import Rejection, Report

SOURCES_FILE = "sources.csv"
_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass
class BuildResult:
    published: list[tuple[str, Report]] = field(default_factory=list)
    inputs: list[InputRow] = field(default_factory=list)
    parsed: int = 0  # files parsed in this build
    cached: int = 0  # files whose parse came from the cache
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


# The modules whose code decides what a file parses to; a change to any of them invalidates the cache.
_PARSE_CODE = ("ingest/*.py", "pipeline.py", "checks.py", "records.py", "vocabulary.py", "parse/*.py",
               "reference/*")


def code_version() -> str:
    """Hash of the parsing code, so that cached parses never outlive the code that made them."""
    digest = hashlib.sha256()
    for pattern in _PARSE_CODE:
        for path in sorted(_PACKAGE_DIR.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def input_files(reports_dir: Path) -> list[Path]:
    """Every file under the reports folder except sources.csv and hidden files, in a stable order."""
    files = [p for p in reports_dir.rglob("*") if p.is_file() and p.name != SOURCES_FILE
             and not any(part.startswith(".") for part in p.relative_to(reports_dir).parts)]
    return sorted(files, key=lambda p: p.relative_to(reports_dir).as_posix())


def read_sources(reports_dir: Path) -> dict[str, dict]:
    path = reports_dir / SOURCES_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["file"].strip(): row for row in csv.DictReader(handle) if row.get("file")}


class ParseCache:
    def __init__(self, folder: Path):
        self.folder = folder / code_version()
        self.folder.mkdir(parents=True, exist_ok=True)

    def get(self, sha: str):
        path = self.folder / f"{sha}.pickle"
        if path.exists():
            try:
                return pickle.loads(path.read_bytes())
            except Exception:  # a damaged cache entry is re-parsed
                return None
        return None

    def put(self, sha: str, outcome) -> None:
        (self.folder / f"{sha}.pickle").write_bytes(pickle.dumps(outcome))


# Below this many files a process pool costs more to start than it saves.
POOL_THRESHOLD = 200


def _parse_one(job: tuple[str, str]):
    path, reports_dir = job
    return process_file(Path(path), Path(reports_dir))


def parse_all(reports_dir: Path, cache: ParseCache | None, progress=None,
              workers: int | None = None) -> tuple[list, int, int]:
    """(path, sha, size, outcome) for every input, byte-identical copies marked as duplicates; also how
    many files were parsed and how many came from the cache. Files not in the cache are parsed on
    every core when there are many of them."""
    sources = read_sources(reports_dir)
    seen: dict[str, str] = {}
    entries = []  # (relative, sha, size, outcome or None while waiting to be parsed)
    for path in input_files(reports_dir):
        relative = path.relative_to(reports_dir).as_posix()
        data = path.read_bytes()
        sha = sha256_of(data)
        if sha in seen:
            entries.append([relative, sha, len(data), Rejection(None, f"same bytes as {seen[sha]}", "duplicate",
                                                                  seen[sha])])
            continue
        seen[sha] = relative
        entries.append([relative, sha, len(data), cache.get(sha) if cache else None])
    waiting = [e for e in entries if e[3] is None]
    cached = len(seen) - len(waiting)
    jobs = [(str(reports_dir / e[0]), str(reports_dir)) for e in waiting]
    workers = workers or os.cpu_count() or 1
    if len(jobs) >= POOL_THRESHOLD and workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            outcomes = pool.map(_parse_one, jobs, chunksize=16)
            outcomes = progress(outcomes, len(jobs)) if progress else outcomes
            for entry, outcome in zip(waiting, outcomes):
                entry[3] = outcome
    else:
        for entry, job in zip(waiting, jobs):
            entry[3] = _parse_one(job)
    for entry in waiting:
        if cache:
            cache.put(entry[1], entry[3])
    for relative, _, _, outcome in entries:
        if isinstance(outcome, Rejection) and outcome.status == "duplicate":
            continue
        outcome.source.path = relative
        if isinstance(outcome, Report):
            outcome.source_url = sources.get(relative, {}).get("url", "") or outcome.source_url
    return [tuple(e) for e in entries], len(waiting), cached


def build(reports_dir: Path, out_dir: Path, root_descriptor: Path | None = None, progress=None,
          previous: Path | None = None, renamings: Path | None = None) -> BuildResult:
    """`previous`: the folder of the previous data version's package (for its version number, changelog and
    redirects); `renamings`: a body renamings file other than the reviewed one shipped with ogi."""
    started = time.perf_counter()
    result = BuildResult()
    outcomes, result.parsed, result.cached = parse_all(reports_dir, ParseCache(out_dir / "cache"), progress)
    result.parse_seconds = time.perf_counter() - started
    check_continuity([o for *_, o in outcomes if isinstance(o, Report)])
    result.published, result.inputs = assign(outcomes, load_renamings(renamings) if renamings else None)
    packaging = time.perf_counter()
    staging = out_dir / ".data.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    retrieved = [row.get("retrieved", "").strip() for row in read_sources(reports_dir).values()]
    result.release = write_package(result.published, result.inputs, staging, Previous.load(previous), retrieved)
    swap_folder(staging, out_dir / "data")
    if root_descriptor is not None:
        write_descriptor(root_descriptor, prefix=f"{out_dir.name}/data/")
    result.package_seconds = time.perf_counter() - packaging
    result.seconds = time.perf_counter() - started
    return result


def swap_folder(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` so that an interrupted build leaves the previous output whole."""
    old = final.with_name(final.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
