"""Search bench: bytes a reader's browser downloads for a first search at N reports (not a test).

    make build && .venv/bin/python scripts/bench_search.py --count 10000

Builds the search index of N synthetic reports of realistic length (about 5,000 characters each:
sentences of real reports, bodies and places from the gazetteer, a tenth of sentences naming other
places) into a copy of the built site's search page, then opens /search/?q= in Chromium with an empty
cache and adds up the response bodies: the search runtime (search.js), the index files and the result
fragments — the index's fragment files and the reports' data files, from which the results' titles,
places and text are read — and the page itself (HTML, theme CSS and JS) apart. Prints one line a query.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from ogi.site.search import INDEX_DIR, Document, write_documents
from ogi.synth import places

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser_support import browser_session  # noqa: E402

SOURCES = [*sorted((ROOT / "reports").glob("*.txt")), *sorted((ROOT / "tests" / "fixtures" / "real").glob("*.txt")),
           *sorted((ROOT / "tests" / "fixtures" / "real").glob("*.md"))]
BUREAUS = ("人民政府", "教育局", "民政局", "自然资源局", "卫生健康局", "市场监督管理局", "人民政府办公室")


def sentences() -> list[str]:
    out = []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8", errors="replace")
        out += [s.strip() + "。" for s in text.replace("\n", "。").split("。") if len(s.strip()) >= 8]
    return out


def documents(count: int, seed: int = 3) -> list[Document]:
    rng = random.Random(seed)
    pool, gazetteer = sentences(), places()
    docs = []
    for n in range(count):
        province, prefecture, county = rng.choice(gazetteer)
        body = county + rng.choice(BUREAUS)
        year = rng.randint(2009, 2025)
        parts, length = [], 0
        while length < 5_000:
            sentence = rng.choice(pool)
            if rng.random() < 0.1:
                other = rng.choice(gazetteer)
                sentence = f"{other[2]}{rng.choice(BUREAUS)}到{county}交流,{sentence}"
            parts.append(sentence)
            length += len(sentence)
        text = [(f"{i + 1}、", "".join(parts[i::6])) for i in range(6)]
        docs.append(Document(url=f"reports/{year}-{body}-{n:08x}/", title=f"{prefecture}{body}{year}年政府信息公开工作年度报告",
                             text=text, name=body, place=" ".join((province, prefecture, county)), year=year,
                             province=province, level="county" if body.endswith("人民政府") else "department",
                             layout="standard-2021" if year >= 2021 else "standard-2019" if year >= 2019 else "legacy"))
    return docs


def write_data_files(docs: list[Document], site: Path) -> None:
    """Each report's data file (reports/<id>/data.json.gz) with what the search reads of it: the report's
    title, body and place, and its sections (site/report.py writes the whole file)."""
    for doc in docs:
        province, prefecture, county = doc.place.split(" ")
        data = {"report": {"title": doc.title, "organization": doc.name, "province": province,
                           "prefecture": prefecture, "county": county, "township": "", "year": doc.year},
                "sections": {"fields": ["section", "heading", "text"],
                             "rows": [[n, heading, text] for n, (heading, text) in enumerate(doc.text, 1)]}}
        folder = site / doc.url
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "data.json.gz").write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False).encode(), 9, mtime=0))


def first_search(site: Path, query: str) -> dict[str, int]:
    """Bytes of each kind of response for one query in a fresh browser, all result pages' first page."""
    sizes = {"runtime": 0, "index": 0, "fragments": 0, "page": 0, "requests": 0}
    with browser_session(site) as (page, base, errors):
        def record(response) -> None:
            path = response.url[len(base):]
            size = len(response.body())
            kind = ("runtime" if path.endswith(("search.js", "ogi.js")) else
                    "fragments" if "/idx/d/" in path or path.endswith("data.json.gz") else
                    "index" if "/idx/" in path else "page")
            sizes[kind] += size
            sizes["requests"] += 1

        page.on("response", record)
        page.goto(base + "search/?q=" + quote(query))
        page.wait_for_function("document.getElementById('ogi-search-status').textContent.indexOf('结果') >= 0",
                               timeout=120_000)
        page.wait_for_load_state("networkidle")
        sizes["results"] = int(page.evaluate("document.querySelectorAll('#ogi-search-results > li').length"))
        assert not errors, errors
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--site", default=str(ROOT / "build" / "site"), help="a built site (make build)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ogi-search-bench-"))
    try:
        site = work / "site"
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("reports", "downloads", "data"))
        shutil.rmtree(site.joinpath(*INDEX_DIR), ignore_errors=True)
        docs = documents(args.count)
        rare = docs[0].place.split()[-1]  # a county: a handful of reports among thousands
        characters = sum(len(t) for d in docs for _, t in d.text) / args.count
        queries = (("rare", rare), ("common", "政府信息公开"), ("common", "行政复议"))
        containing = {query: sum(1 for d in docs if query in d.name or query in d.title or query in d.place
                                 or any(query in t for _, t in d.text)) for _, query in queries}
        write_data_files(docs, site)  # first: write_documents lets go of each document's text as it goes
        started = time.perf_counter()
        write_documents(docs, site)
        seconds = time.perf_counter() - started
        index = site.joinpath(*INDEX_DIR)
        shards = list((index / "t").iterdir())
        total = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
        text = sum(p.stat().st_size for p in (site / "reports").rglob("data.json.gz"))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{args.count:,} reports, {characters:,.0f} characters "
              f"each: their text in data files {text / 1e6:,.1f} MB; index {total / 1e6:,.1f} MB ({len(shards):,} shards, median "
              f"{sorted(p.stat().st_size for p in shards)[len(shards) // 2] / 1e3:,.1f} KB), "
              f"built in {seconds:,.0f} s, peak RSS {peak:,.0f} MB")
        print("| query | reports containing it | results shown | requests | runtime | index | fragments | "
              "search total | page (HTML, theme) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for label, query in queries:
            s = first_search(site, query)
            search_total = s["runtime"] + s["index"] + s["fragments"]
            print(f"| {label}: {query} | {containing[query]:,} | {s['results']} | {s['requests']} | {s['runtime'] / 1e3:,.1f} KB"
                  f" | {s['index'] / 1e3:,.1f} KB | {s['fragments'] / 1e3:,.1f} KB | **{search_total / 1e3:,.1f} KB**"
                  f" | {s['page'] / 1e3:,.1f} KB |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
