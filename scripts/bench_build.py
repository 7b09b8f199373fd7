"""Whole-build benchmark on N synthetic reports: parse, package, site, memory, sizes, incremental rebuild.

    .venv/bin/python scripts/bench_build.py --count 1000          (make bench runs a small smoke size)

Prints one table; the figures in docs/benchmarks.md come from this script.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

from ogi.build import build
from ogi.site import build_site
from ogi.synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _first_search_bytes(site: Path) -> int:
    """What a browser fetches for a first query: search.js, the index's meta, two shards, ten fragments
    (median sizes; scripts/bench_search.py measures it in a browser)."""
    index = site / "search" / "idx"

    def median(folder: Path) -> int:
        sizes = sorted(p.stat().st_size for p in folder.iterdir())
        return sizes[len(sizes) // 2] if sizes else 0

    return ((site / "javascripts" / "search.js").stat().st_size + (index / "meta.bin").stat().st_size
            + 2 * median(index / "t") + 10 * median(index / "d"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--keep", help="keep the corpus and build in this folder")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ogi-bench-"))
    reports, out = work / "reports", work / "build"
    shutil.rmtree(work, ignore_errors=True)
    write_corpus(reports, args.count + 1, seed=42, truth_dir=work / "truth")
    extra = sorted(reports.iterdir())[-1]
    held_back = work / extra.name
    extra.rename(held_back)  # added later, for the incremental rebuild

    started = time.perf_counter()
    result = build(reports, out)
    site_started = time.perf_counter()
    build_site(out / "data", out / "site", ROOT / "mkdocs.yml", reports)
    site_seconds = time.perf_counter() - site_started
    total = time.perf_counter() - started

    parse_seconds, package_seconds = result.parse_seconds, result.package_seconds
    del result  # a maintainer's second build runs in a new process: hold nothing of the first

    held_back.rename(reports / extra.name)
    started = time.perf_counter()
    again = build(reports, out)
    build_site(out / "data", out / "site", ROOT / "mkdocs.yml", reports)
    incremental = time.perf_counter() - started

    pages = list((out / "site" / "reports").glob("*/index.html"))
    rows = [
        ("reports", f"{args.count:,}"),
        ("parse", f"{parse_seconds:.1f} s ({args.count / parse_seconds:.0f} reports/s, "
                  f"{os.cpu_count()} cores)"),
        ("package (CSV, Parquet, xlsx, zip)", f"{package_seconds:.1f} s"),
        ("site (mkdocs + search index)", f"{site_seconds:.1f} s ({len(pages) / site_seconds:.0f} pages/s)"),
        ("whole build", f"{total:.1f} s"),
        ("peak memory (RSS, largest process)", f"{_peak_rss_mb():,.0f} MB"),
        ("build/data", f"{_size(out / 'data') / 1e6:,.1f} MB"),
        ("build/site", f"{_size(out / 'site') / 1e6:,.1f} MB"),
        ("first search download", f"{_first_search_bytes(out / 'site') / 1e3:,.0f} KB"),
        ("largest report page (HTML)", f"{max(p.stat().st_size for p in pages) / 1e3:,.0f} KB"),
        ("incremental: +1 report, rebuild", f"{incremental:.1f} s (parsed {again.parsed}, cached {again.cached})"),
    ]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
