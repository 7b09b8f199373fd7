"""Whole-build benchmark on N synthetic reports: each stage's time, peak memory, the site's size as GitHub
Pages counts it (per report and by part, against 1 GB), a first search's download, and the rebuild after
one report is added.

    .venv/bin/python scripts/bench_build.py --count 1000          (make bench runs a small smoke size)

Each build runs in a process of its own, as `ogi build` does, built for GitHub Pages as CI builds it
(`--downloads github`: data files on the release, originals in the repository); its peak memory is the
largest total memory of that process and its workers together, sampled every 0.2 s, both as resident
memory summed (a page the processes share counted once for each) and as proportional memory (shared
pages divided among them: what the machine holds), overall and stage by stage.
Prints a table; the figures in docs/benchmarks.md come from this script (with the load average, since
the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GB = 1e9


def tree_memory(pid: int) -> tuple[int, int]:
    """(resident bytes, proportional bytes) of a process and all its descendants (Linux /proc): the first
    counts a page that several processes share (the modules a worker inherits) once for each, the second
    divides it among them — the sum is what the machine holds."""
    resident = proportional = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                for line in rollup:
                    if line.startswith("Rss:"):
                        resident += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        proportional += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    pending += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return resident, proportional


def run_measured(command: list[str]) -> tuple[dict, float, int, int]:
    """(the JSON the command prints last, wall seconds, peak resident and peak proportional bytes of its
    process tree); the JSON gets `peaks`: each stage's peak (resident, proportional), from the stages'
    end times it lists as `marks`."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    samples: list[tuple[float, int, int]] = []

    def sample() -> None:
        while process.poll() is None:
            samples.append((time.time(), *tree_memory(process.pid)))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    sampler.join()
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed ({process.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    result["peaks"] = {}
    for moment, resident, proportional in samples:
        stage = next((name for name, end in result["marks"] if moment <= end), "end")
        before = result["peaks"].get(stage, (0, 0))
        result["peaks"][stage] = (max(before[0], resident), max(before[1], proportional))
    return (result, time.perf_counter() - started, max((s[1] for s in samples), default=0),
            max((s[2] for s in samples), default=0))


def one_build(reports: Path, out: Path, downloads: str) -> None:
    """A build as `ogi build --downloads …` makes it (in this process); prints its stages as JSON."""
    from ogi.build import build
    from ogi.site import build_site

    started = time.time()
    result = build(reports, out, bundle=downloads == "site")
    marks = [("start and parse", started + result.parse_seconds), ("package", time.time())]
    site = build_site(out / "data", out / "site", ROOT / "mkdocs.yml", reports, downloads, out / "cache" / "site",
                      budget=10**15)
    print(json.dumps({"parse": result.parse_seconds, "package": result.package_seconds, "site": site.seconds,
                      "parsed": result.parsed, "cached": result.cached, "rows_made": result.rows_made,
                      "published": len(result.published), "made": site.made, "linked": site.linked, "kept": site.kept,
                      "size": site.size.published, "archive": site.size.archive, "parts": site.size.parts,
                      "files": site.size.files, "marks": marks + _site_marks(marks[-1][1], site.seconds)}))


def _site_marks(start: float, seconds: dict[str, float]) -> list[tuple[str, float]]:
    """(stage, its end time) for the site's stages, which took `seconds` from `start` on."""
    marks = []
    for name, duration in seconds.items():
        start += duration
        marks.append((f"site {name}", start))
    return marks


def first_search_bytes(site: Path) -> int:
    """What a browser fetches for a first query of two character pairs: search.js, ogi.js (inflating),
    the index's meta, two median shards in every partition, ten median fragments. scripts/bench_search.py
    measures real queries in a browser."""
    index = site / "search" / "idx"

    def median(pattern: str) -> int:
        sizes = sorted(p.stat().st_size for p in index.glob(pattern))
        return sizes[len(sizes) // 2] if sizes else 0

    meta = json.loads(__import__("gzip").decompress((index / "meta.bin").read_bytes()))
    partitions = len(meta["partitions"])
    return ((site / "javascripts" / "search.js").stat().st_size + (site / "javascripts" / "ogi.js").stat().st_size
            + (index / "meta.bin").stat().st_size + 2 * partitions * median("t/*.bin") + 10 * median("d/*.bin"))


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--keep", help="keep the corpus and build in this folder")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: use the corpus an earlier run kept there (the same --count), not a new one")
    parser.add_argument("--downloads", choices=("site", "github"), default="github")
    parser.add_argument("--one-build", nargs=3, metavar=("REPORTS", "OUT", "DOWNLOADS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_build:
        one_build(Path(args.one_build[0]), Path(args.one_build[1]), args.one_build[2])
        return
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ogi-bench-"))
    reports, out = work / "reports", work / "build"
    kept = args.reuse and args.keep and reports.is_dir() and sum(1 for _ in reports.iterdir()) == args.count + 1
    shutil.rmtree(out if kept else work, ignore_errors=True)
    if not kept:
        from ogi.synth import write_corpus

        write_corpus(reports, args.count + 1, seed=42, truth_dir=work / "truth")
    extra = sorted(reports.iterdir())[-1]
    held_back = work / extra.name
    extra.rename(held_back)  # added later, for the incremental rebuild
    command = [sys.executable, __file__, "--one-build", str(reports), str(out), args.downloads]

    load_before = load()
    full, full_wall, full_peak, full_shared = run_measured(command)
    load_full = load()
    search = first_search_bytes(out / "site")
    held_back.rename(reports / extra.name)
    again, again_wall, again_peak, again_shared = run_measured(command)
    load_after = load()

    n = args.count
    site = full["site"]
    rows = [
        ("reports", f"{n:,} (+1 for the rebuild)"),
        ("load average (1/5/15 min) before · after full · after rebuild", f"{load_before} · {load_full} · {load_after}"),
        ("parse (workers on all cores)", f"{full['parse']:.1f} s ({n / full['parse']:.0f} reports/s)"),
        ("package (CSV, Parquet)", f"{full['package']:.1f} s"),
        ("site: " + " / ".join(site), " / ".join(f"{s:.1f}" for s in site.values()) + " s"),
        ("whole build (wall, process start included)", f"{full_wall:.1f} s"),
        ("peak memory (build process and its workers): resident, summed", f"{full_peak / 1e6:,.0f} MB"),
        ("  proportional (a page shared by processes counted once)", f"{full_shared / 1e6:,.0f} MB"),
        ("  by stage (resident / proportional)", ", ".join(f"{stage} {rss / 1e6:,.0f} / {pss / 1e6:,.0f}"
                                                          for stage, (rss, pss) in full["peaks"].items()) + " MB"),
        ("site: its files (what Pages publishes)", f"{full['size'] / 1e6:,.1f} MB = {full['size'] / GB:.1%} of 1 GB; "
                                                   f"{full['size'] / n / 1e3:,.1f} KB per report; {full['files']:,} files"),
        ("site: as the Pages artifact (tar)", f"{full['archive'] / 1e6:,.1f} MB = {full['archive'] / GB:.1%} of 1 GB; "
                                              f"{full['archive'] / n / 1e3:,.1f} KB per report"),
        *[(f"  {part}", f"{size / 1e6:,.1f} MB ({size / n / 1e3:,.2f} KB per report)")
          for part, size in sorted(full["parts"].items(), key=lambda item: -item[1])[:8]],
        ("first search download (estimate)", f"{search / 1e3:,.0f} KB"),
        ("largest report page", f"{max(p.stat().st_size for p in (out / 'site' / 'reports').glob('*/index.html')) / 1e3:,.1f} KB"),
        ("rebuild after adding 1 report (wall)", f"{again_wall:.1f} s = {again_wall / full_wall:.1%} of the full build; "
                                                 f"parsed {again['parsed']}, rows made {again['rows_made']}, "
                                                 f"site files made {again['made']:,}, linked {again['linked']:,}, "
                                                 f"left unchanged {again['kept']:,}"),
        ("  its stages: parse / package / site (" + ", ".join(again["site"]) + ")",
         f"{again['parse']:.1f} / {again['package']:.1f} / " + ", ".join(f"{s:.1f}" for s in again["site"].values()) + " s"),
        ("  its peak memory (resident / proportional)", f"{again_peak / 1e6:,.0f} / {again_shared / 1e6:,.0f} MB"),
    ]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"downloads={args.downloads}")
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
