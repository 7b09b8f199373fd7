"""Look at a built site as a reader would: every page kind at phone and desktop width, with axe-core.

    .venv/bin/python scripts/review_site.py --site build/site --out build/screenshots/after

Prints, per page and width, the page's width against the screen's and the axe-core violations (rule and
count), writes full-page screenshots, and prints a report page as A4 to count its printed pages. Needs
Debian's chromium (`make browser`). The browser tests assert the same things; this prints them for review.
"""

from __future__ import annotations

import argparse
import csv
import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


OVERFLOW = (ROOT / "tests" / "overflow.js").read_text(encoding="utf-8")  # [] when the page fits the screen



class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def pages_to_review(data: Path) -> dict[str, str]:
    """Page kind → path: the fixed pages, one report page per layout (the first in report_id order), the
    first body with a page (one that reported for two years or more), the first region of each level, and
    the year lists."""
    pages = {"home": "", "reports": "reports/", "statistics": "statistics/", "data": "data/",
             "quality": "quality/", "search": "search/", "regions": "regions/", "years": "years/"}
    from ogi.site.data import SiteData

    has_body_page = SiteData.load(data).has_body_page
    with (data / "reports.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if has_body_page(row["body_id"]):
            pages.setdefault("body", f"bodies/{quote(row['body_id'])}/")
        pages.setdefault(f"report-{row['layout']}", f"reports/{quote(row['report_id'])}/")
        pages.setdefault("year", f"years/{row['year']}/")
        for level in ("province", "prefecture", "county"):
            if row[f"{level}_code"] and row[f"{level}_code"] != "000000":
                pages.setdefault(f"region-{level}", f"regions/{row[f'{level}_code']}/")
    return pages


def review(site: Path, data: Path, out: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    out.mkdir(parents=True, exist_ok=True)
    axe = AXE.read_text(encoding="utf-8")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        for width_name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for kind, path in pages_to_review(data).items():
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / f"{kind}-{width}.png"), full_page=True)
                outside = page.evaluate(OVERFLOW)
                page.add_script_tag(content=axe)
                violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})"
                                           ".then(r => r.violations.map(v => [v.id, v.nodes.length]))")
                print(f"{kind:22} {width_name:7} wider than the screen: {len(outside):3} {outside[:2]}  axe: "
                      + (", ".join(f"{rule}×{n}" for rule, n in violations) or "no violations"))
                if kind.startswith("report-") and width_name == "desktop":
                    pdf = out / f"{kind}-print.pdf"
                    page.pdf(path=str(pdf), format="A4")
                    print(f"{'':28} printed: {pdf.read_bytes().count(b'/Type /Page') - pdf.read_bytes().count(b'/Type /Pages')} A4 pages")
            page.close()
        browser.close()
    server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--data", type=Path, help="the site's data package (default: beside the site)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    args = parser.parse_args()
    review(args.site, args.data or args.site.parent / "data", args.out)


if __name__ == "__main__":
    main()
