"""Parser throughput on synthetic reports: prints reports/second on one core.

    .venv/bin/python scripts/bench_parse.py --count 1000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

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
        seconds = time.perf_counter() - started
    print(f"reports: {len(paths)}  published: {published}  seconds: {seconds:.2f}  "
          f"reports/s (1 core): {len(paths) / seconds:.0f}")


if __name__ == "__main__":
    main()
