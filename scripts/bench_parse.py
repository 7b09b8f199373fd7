"""Parser throughput on synthetic reports: reports/second on one core and on every core.

    .venv/bin/python scripts/bench_parse.py --count 1000
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from ogi.build import parse_all
from ogi.pipeline import process_file
from ogi.records import Report
from ogi.synth import write_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        paths = write_corpus(folder, args.count, args.seed)
        process_file(paths[0], folder)  # warm-up: gazetteer, OpenCC dictionaries
        started = time.perf_counter()
        published = sum(isinstance(process_file(p, folder), Report) for p in paths)
        one_core = time.perf_counter() - started
        started = time.perf_counter()
        parse_all(folder, cache=None)
        all_cores = time.perf_counter() - started
    print(f"reports: {len(paths)}  published: {published}")
    print(f"1 core:  {one_core:6.2f} s  {len(paths) / one_core:6.0f} reports/s")
    print(f"{os.cpu_count()} cores: {all_cores:6.2f} s  {len(paths) / all_cores:6.0f} reports/s (process pool)")


if __name__ == "__main__":
    main()
