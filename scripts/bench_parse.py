"""Parser throughput: synthetic text reports per second on one core and on every core, then the
per-file time of the binary formats (the real PDF of tests/fixtures/real, synthetic Word files).

    .venv/bin/python scripts/bench_parse.py --count 1000 --documents 20
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
from ogi import synth
from ogi import vocabulary as V
from ogi.parse.gazetteer import counties
from ogi.synth import write_corpus

PDF = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real" / "hongze_2024.pdf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--documents", type=int, default=20, help="PDF and Word files to time")
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
    if args.documents:
        bench_documents(args.documents, args.seed)


def bench_documents(count: int, seed: int) -> None:
    """Time ingest + parse + check of whole binary files, one core."""
    import random

    timings = []
    for _ in range(count):
        started = time.perf_counter()
        report = process_file(PDF, PDF.parent)
        timings.append(time.perf_counter() - started)
    assert isinstance(report, Report)
    pages = report.page_count or 1
    timings.sort()
    median = timings[len(timings) // 2]
    print(f"PDF ({PDF.name}, {pages} pages): median {median * 1000:.0f} ms/file, "
          f"{median / pages * 1000:.0f} ms/page, slowest {timings[-1] * 1000:.0f} ms ({count} runs)")
    rng = random.Random(seed)
    places = counties()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(count):
            layout = rng.choice([V.STANDARD_2019, V.STANDARD_2021])
            _, prefecture, county = rng.choice(places)
            year = 2020 if layout == V.STANDARD_2019 else 2023
            data = synth.docx_bytes(f"{prefecture}{county}人民政府{year}年政府信息公开工作年度报告",
                                    [f"统计期限自{year}年1月1日起至{year}年12月31日止。"], layout,
                                    synth.table2(rng, layout), synth.table3(rng, layout), synth.table4(rng), [])
            path = Path(tmp) / f"report_{i}.docx"
            path.write_bytes(data)
            paths.append(path)
        started = time.perf_counter()
        published = sum(isinstance(process_file(p, Path(tmp)), Report) for p in paths)
        elapsed = time.perf_counter() - started
    print(f"Word (synthetic, official form): {elapsed / count * 1000:.0f} ms/file, {published}/{count} published")
    with tempfile.TemporaryDirectory() as tmp:
        paths, pages = [], 0
        for i in range(count):
            layout = rng.choice([V.STANDARD_2019, V.STANDARD_2021])
            _, prefecture, county = rng.choice(places)
            year = 2020 if layout == V.STANDARD_2019 else 2023
            data = synth.pdf_bytes(f"{prefecture}{county}人民政府{year}年政府信息公开工作年度报告",
                                   [f"统计期限自{year}年1月1日起至{year}年12月31日止。"] * rng.randint(1, 30), layout,
                                   synth.table2(rng, layout), synth.table3(rng, layout), synth.table4(rng), [],
                                   ruled=i % 2 == 0, running_header=f"{county}人民政府办公室")
            path = Path(tmp) / f"report_{i}.pdf"
            path.write_bytes(data)
            paths.append(path)
        started = time.perf_counter()
        outcomes = [process_file(p, Path(tmp)) for p in paths]
        elapsed = time.perf_counter() - started
        pages = sum(o.page_count or 0 for o in outcomes if isinstance(o, Report))
        published = sum(isinstance(o, Report) for o in outcomes)
    print(f"PDF (synthetic, half ruled, half unruled, {pages / count:.1f} pages on average): "
          f"{elapsed / count * 1000:.0f} ms/file, {elapsed / max(pages, 1) * 1000:.0f} ms/page, "
          f"{published}/{count} published")


if __name__ == "__main__":
    main()
