"""The built site in a real browser (Debian's chromium driven by Playwright): pages, Table 3 figures,
Chinese search, list sorting and filtering, a chart; no console errors. Screenshots go to
build/screenshots/ for review."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading

import pytest

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    if os.environ.get("OGI_REQUIRE_BROWSER"):
        pytest.fail("chromium is required (OGI_REQUIRE_BROWSER is set): apt-get install chromium", pytrace=False)
    pytest.skip("Debian's chromium is not installed (`make browser` installs it)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

SCREENSHOTS = ROOT / "build" / "screenshots"
# Closed network: no background requests, no sandbox as root (the probe's flags).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser_page(built_site):
    out, _ = built_site
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out / "site"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page, f"http://127.0.0.1:{server.server_port}/", errors
        browser.close()
    server.shutdown()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_home_page(browser_page):
    page, base, errors = browser_page
    page.goto(base)
    figures = page.locator(".ogi-figure strong").all_inner_texts()
    # 6 reports (one is the 2023 hostile copy, one the PDF); 10 + 5 + 95 applications received
    assert figures == ["6", "5", "2017–2024", "110"]
    assert "米易縣人民政府" in page.locator("text=最新报告").locator("xpath=following-sibling::ul").inner_text()
    _shot(page, "home")
    assert not errors


def test_report_page_shows_table3(browser_page):
    page, base, errors = browser_page
    page.goto(base + "reports/")
    page.locator("#ogi-reports a", has_text="米易").click()
    page.wait_for_selector("table.ogi-t3")
    granted = page.locator('tr[data-row="granted"] td.ogi-num').all_inner_texts()
    assert granted == ["10", "0", "0", "0", "0", "0", "10"]
    assert page.locator('tr[data-row="new_received"] td.ogi-num').last.inner_text() == "10"
    _shot(page, "report")
    assert not errors


def test_chinese_search_finds_the_report(browser_page):
    page, base, errors = browser_page
    page.goto(base + "search/")
    page.fill("#ogi-search-q", "米易县")
    page.locator("#ogi-search-q").press("Enter")
    result = page.locator("#ogi-search-results a").first
    result.wait_for(timeout=10_000)
    _shot(page, "search")
    result.click()
    page.wait_for_selector("table.ogi-t3")
    assert "米易" in page.locator("h1").first.inner_text()
    assert not errors


def test_reports_list_sorts_and_filters(browser_page):
    page, base, errors = browser_page
    page.goto(base + "reports/")
    page.wait_for_selector("#ogi-reports tbody tr")
    assert page.locator("#ogi-reports tbody tr").count() == 6
    page.select_option("select[name=province]", "河北省")
    assert page.locator("#ogi-reports tbody tr").count() == 2
    page.select_option("select[name=province]", "")
    year_header = page.locator('th[data-key="year"]')
    year_header.click()  # ascending
    years = [int(t) for t in page.locator("#ogi-reports tbody tr td:first-child").all_inner_texts()]
    assert years == sorted(years)
    year_header.click()  # descending
    years = [int(t) for t in page.locator("#ogi-reports tbody tr td:first-child").all_inner_texts()]
    assert years == sorted(years, reverse=True)
    _shot(page, "reports")
    assert not errors


def test_statistics_page_has_a_chart_and_its_numbers(browser_page):
    page, base, errors = browser_page
    page.goto(base + "statistics/")
    chart = page.locator("svg.ogi-chart").first
    assert chart.is_visible()
    assert chart.bounding_box()["height"] > 100
    assert "各年度新收政府信息公开申请数" in chart.inner_html()
    assert page.locator("table.ogi-table").first.locator("tbody tr").count() >= 3
    _shot(page, "statistics")
    assert not errors
