"""Reports-list benchmark at 10,000 and 100,000 reports, measured in Chromium: bytes loaded and time to the
first rows, then the time of a sort and of a filter.

    .venv/bin/python scripts/bench_list.py                 (--counts 10000 100000 by default)

What it measures, honestly: a whole build of 100,000 reports takes hours, so the list's data is generated
directly — a synthetic `reports` table (realistic names, regions, years 2015–2024 and figures) written by
the site's own `listing.write_list_data` into the list page of a real build of the bundled reports. The
page, its scripts and stylesheets are the site's; only the rows are synthetic. The site is served gzipped,
as GitHub Pages serves it; bytes are what the browser received (transferSize). Times are the page's own
`performance.now()` from navigation (first rows) or from the click (sort, filter) to the rows drawn.
Printed, never asserted.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import random
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

from ogi.site import build_site
from ogi.site.data import SiteData
from ogi.site.listing import LIST_FOLDER, write_list_data
from ogi.site.store import SiteFiles
from ogi.synth import places

ROOT = Path(__file__).resolve().parent.parent
BUREAUS = ("人民政府", "教育局", "民政局", "自然资源局", "卫生健康局", "市场监督管理局", "财政局", "住房和城乡建设局",
           "交通运输局", "农业农村局", "生态环境局", "应急管理局", "人力资源和社会保障局", "公安局", "司法局")
TOWNS = "东西南北新安平和兴龙泉山河清水石桥阳光明华长乐永福"
LAYOUTS = ("standard-2021", "standard-2019", "legacy", "narrative")


def synthetic_reports(count: int, seed: int = 7) -> list[dict]:
    """`count` report rows with the fields the list reads, spread over bodies, regions and years."""
    rng = random.Random(seed)
    counties = places()
    province_codes = {name: f"{11 + i:02d}0000" for i, name in enumerate(sorted({p for p, _, _ in counties}))}
    reports = []
    for i in range(count):
        province, prefecture, county = rng.choice(counties)
        kind = rng.random()
        if kind < 0.3:
            town = rng.choice(TOWNS) + rng.choice(TOWNS) + "镇"
            name, level, township = f"{county}{town}人民政府", "township", town
        else:
            bureau = rng.choice(BUREAUS)
            name, level, township = f"{county}{bureau}", "county" if bureau == "人民政府" else "department", ""
        year = rng.randint(2015, 2024)
        code = province_codes[province][:2] + f"{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}"
        received = rng.choice([None, 0, 1, 3, 12, 40, 150, 800])
        processed = None if received is None else max(0, received - rng.randint(0, 2))
        reports.append({
            "report_id": f"{year}-{code}-{name}-{i}", "body_id": f"{code}-{name}", "organization": name,
            "province": province, "province_code": province_codes[province], "prefecture": prefecture,
            "county": county, "township": township, "admin_level": level, "year": year,
            "layout": LAYOUTS[0 if year >= 2021 else 1 if year >= 2019 else rng.choice((2, 3))],
            "applications_received": received, "applications_processed": processed,
            "applications_granted": None if not processed else rng.randint(0, processed),
            "checks_failed": rng.choice((0, 0, 0, 1, 2)), "script": "simplified"})
    return reports


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (as GitHub Pages does)."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


_WATCH = """
window.__rows = [];
new MutationObserver(() => {
  const body = document.querySelector('#ogi-reports tbody');
  if (body && body.rows.length && !window.__observed) {
    window.__observed = true;
    new MutationObserver(() => window.__rows.push(performance.now())).observe(body, {childList: true});
    window.__rows.push(performance.now());
  }
}).observe(document, {childList: true, subtree: true});
"""

_TIMED = """async ([selector, action]) => {
  const before = window.__rows.length, started = performance.now();
  const element = document.querySelector(selector);
  if (action === 'click') element.click();
  else { element.value = action; element.dispatchEvent(new Event('input', {bubbles: true})); }
  while (window.__rows.length === before) await new Promise(r => setTimeout(r, 1));
  return window.__rows[before] - started;
}"""


def _bytes(page) -> tuple[int, int]:
    """(all bytes received, of which the list's data), as the browser counted them."""
    entries = page.evaluate("performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                            ".map(e => [e.name, e.transferSize])")
    return sum(size for _, size in entries), sum(size for name, size in entries if "/reports/list/" in name)


def measure(browser, base: str, query: str = "") -> dict:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.add_init_script(_WATCH)
    page.goto(base + "reports/" + query)
    page.wait_for_selector("#ogi-reports[data-ready]")
    first = page.evaluate("window.__rows[0]")
    total, data = _bytes(page)
    result = {"first_rows_ms": first, "bytes": total, "data_bytes": data}
    result["sort_first_ms"] = page.evaluate(_TIMED, ['th[data-key="received"] button', "click"])
    result["sort_again_ms"] = page.evaluate(_TIMED, ['th[data-key="received"] button', "click"])
    result["filter_ms"] = page.evaluate(_TIMED, ['select[name="level"]', "county"])
    result["bytes_after_sort"] = _bytes(page)[0]
    page.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ogi-bench-list-"))
    try:
        from ogi.build import build

        build(ROOT / "reports", work / "build")
        build_site(work / "build" / "data", work / "site", ROOT / "mkdocs.yml", None)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(work / "site")))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        print("reports   | view                         | bytes (all / list data) | first rows | sort (loads all) | sort again | filter")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            for count in args.counts:
                shutil.rmtree(work / "site" / LIST_FOLDER)
                reports = synthetic_reports(count)
                write_list_data(SiteData(work, reports=reports), SiteFiles(work / "site", None))
                shards = len(list((work / "site" / LIST_FOLDER).iterdir()))
                province = reports[0]["province"]
                for label, query in (("whole list", ""), (f"?year=2023&province={province}",
                                                          f"?year=2023&province={quote(province)}")):
                    r = measure(browser, base, query)
                    print(f"{count:>9,} | {label:<28} | {r['bytes'] / 1024:7.0f} KB / {r['data_bytes'] / 1024:5.0f} KB"
                          f"       | {r['first_rows_ms']:7.0f} ms | {r['sort_first_ms']:9.0f} ms"
                          f"     | {r['sort_again_ms']:6.0f} ms | {r['filter_ms']:4.0f} ms"
                          f"   ({shards} data files; after the sort {r['bytes_after_sort'] / 1024:,.0f} KB loaded)")
            browser.close()
        server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
