"""The built site in a real browser (Debian's chromium driven by Playwright), at phone (390×844) and
desktop (1366×900) width: every page kind fits the screen, has one h1 and scoped headers and passes
axe-core; Table 3 reads on a phone; the original file downloads byte for byte; Chinese search, list
sorting and filtering, a chart; no console errors. Screenshots go to build/screenshots/ for review."""

from __future__ import annotations

import csv
import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import threading
from urllib.parse import quote

import pytest

from conftest import ROOT
from site_text import LATIN_WORD, english_words, text_without_codes

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    if os.environ.get("OGI_REQUIRE_BROWSER"):
        pytest.fail("chromium is required (OGI_REQUIRE_BROWSER is set): apt-get install chromium", pytrace=False)
    pytest.skip("Debian's chromium is not installed (`make browser` installs it)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402

SCREENSHOTS = ROOT / "build" / "screenshots"
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"  # axe-core 4.14.1 from npm: tests/vendor/fetch-axe.sh
# Closed network: no background requests, no sandbox as root (the probe's flags).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}

OVERFLOW = (ROOT / "tests" / "overflow.js").read_text(encoding="utf-8")  # [] when the page fits the screen



class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(built_site):
    out, _ = built_site
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_QuietHandler, directory=str(out / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser, f"http://127.0.0.1:{server.server_port}/", out
        browser.close()
    server.shutdown()


@pytest.fixture()
def open_page(served):
    """open_page(path, width name) → a page loaded in a new tab at that width; console errors fail the test."""
    browser, base, _ = served
    pages, errors = [], []

    def opener(path: str, width: str = "desktop"):
        w, h = WIDTHS[width]
        page = browser.new_page(viewport={"width": w, "height": h}, accept_downloads=True)
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + path)
        if path == "reports/" or path.startswith("reports/?"):
            page.wait_for_selector("#ogi-reports[data-ready]")  # drawn from the list's shards
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()
    assert not errors


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _reports(out) -> list[dict]:
    with (out / "data" / "reports.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


NINGJIN = "130528-宁晋县大曹庄镇"  # seed 002's body: reports for 2020, 2022 and 2023 (conftest)


def _page_kinds(out) -> dict[str, str]:
    """Page kind → path: home, the lists, statistics, data, quality, one report page per layout, a body
    page, a region page per level, the region index and the year lists."""
    kinds = {"home": "", "reports": "reports/", "statistics": "statistics/", "data": "data/", "quality": "quality/",
             "body": f"bodies/{quote(NINGJIN)}/", "regions": "regions/", "region-province": "regions/130000/",
             "region-prefecture": "regions/130500/", "region-county": "regions/130528/", "years": "years/",
             "year": "years/2022/", "year-province": "years/2022/130000/"}
    for report in sorted(_reports(out), key=lambda r: r["report_id"]):
        kinds.setdefault(f"report-{report['layout']}", f"reports/{quote(report['report_id'])}/")
    return kinds


# --- Every page kind, at phone and desktop width ---------------------------------------------------

@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_kind_fits_the_screen_with_one_h1_scoped_headers_and_no_axe_violation(served, open_page, width):
    _, _, out = served
    axe = AXE.read_text(encoding="utf-8")
    kinds = _page_kinds(out)
    assert {"report-standard-2021", "report-legacy", "report-narrative"} <= set(kinds)
    for kind, path in kinds.items():
        page = open_page(path, width)
        _shot(page, f"{kind}-{WIDTHS[width][0]}")
        assert page.evaluate(OVERFLOW) == [], (kind, width)
        assert page.locator("h1").count() == 1, kind
        assert page.locator("article th:not([scope])").count() == 0, kind
        page.add_script_tag(content=axe)
        violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})"
                                   ".then(r => r.violations.map(v => v.id + ' ' + v.nodes.map(n => n.target).join(' ')))")
        assert violations == [], (kind, width)


def test_table3_reads_on_a_phone(served, open_page):
    """The table scrolls in its own box; its row labels stay in view and are not squeezed to a few
    characters a line; the page itself does not scroll sideways."""
    _, _, out = served
    page = open_page(_page_kinds(out)["report-standard-2021"], "phone")
    box = page.locator(".ogi-scroll:has(table.ogi-t3)")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    label = page.locator("table.ogi-t3 th[scope=row]", has_text="1.属于国家秘密")
    before = label.bounding_box()
    assert before["width"] >= 100  # at least 7 characters a line at this size
    box.evaluate("b => { b.scrollLeft = 200; }")
    after = label.bounding_box()
    assert abs(after["x"] - before["x"]) < 1  # sticky first column
    row = page.locator("table.ogi-t3 tr", has=page.locator("th", has_text="1.属于国家秘密"))
    assert row.bounding_box()["height"] < 60
    _shot(page, "report-table3-scrolled-390")


def test_charts_and_list_columns_stay_legible_on_a_phone(open_page):
    for path in ("statistics/", f"bodies/{quote(NINGJIN)}/"):
        page = open_page(path, "phone")
        chart = page.locator("figure.ogi-chart:not([hidden])").first
        assert 300 <= chart.bounding_box()["width"] <= 390
        label = chart.locator("svg text").first
        assert label.bounding_box()["height"] >= 11  # px: the chart's text, drawn at the page's width
        assert "年" in chart.locator("svg").inner_html()  # Chinese axis labels are drawn as text
    page = open_page("reports/", "phone")
    region = page.locator("#ogi-reports tbody tr td:nth-child(3)").first
    assert region.bounding_box()["width"] >= 100  # not one character per line


# --- What a reader checks --------------------------------------------------------------------------

def test_original_file_link_downloads_the_source_bytes(served, open_page):
    _, _, out = served
    for report in _reports(out):
        page = open_page(f"reports/{quote(report['report_id'])}/", "phone")
        with page.expect_download() as download:
            page.locator("dt:text-is('原始文件') + dd a").click()
        path = download.value.path()
        assert hashlib.sha256(path.read_bytes()).hexdigest() == report["sha256"], report["source_file"]
        assert download.value.suggested_filename == report["source_file"].rsplit("/", 1)[-1]


@pytest.mark.parametrize("inflater", ["DecompressionStream", "fflate"])
def test_report_data_saves_as_csv_and_json_from_its_one_file(served, open_page, inflater):
    """One compressed file a report: its page saves it as a Chinese CSV for spreadsheets and as the data
    package's rows in JSON (older Safari, without DecompressionStream, through the vendored fflate)."""
    _, _, out = served
    report = next(r for r in _reports(out) if r["source_file"].startswith("001_"))  # seed 001: the 2021 form
    page = open_page("about/", "phone")
    if inflater == "fflate":
        page.add_init_script("delete window.DecompressionStream")
    page.goto(page.url.replace("about/", f"reports/{quote(report['report_id'])}/"))
    with page.expect_download() as download:
        page.locator("a[data-ogi-save=csv]").click()
    assert download.value.suggested_filename == f"{report['report_id']}.csv"
    text = download.value.path().read_bytes().decode("utf-8")
    assert text.startswith("\ufeff表,行,列,数值,数值状态\r\n") and "表三,（一）予以公开,自然人,10,已填报" in text
    with page.expect_download() as download:
        page.locator("a[data-ogi-save=json]").click()
    assert download.value.suggested_filename == f"{report['report_id']}.json"
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["report"]["report_id"] == report["report_id"] and "page" not in data and "exact" not in data
    fields = data["applications"]["fields"]
    granted = next(dict(zip(fields, r)) for r in data["applications"]["rows"]
                   if (r[fields.index("row")], r[fields.index("applicant")]) == ("granted", "natural_person"))
    assert (granted["value"], granted["value_status"]) == (10, "reported")  # seed 001, as printed


def test_the_csv_keeps_values_as_printed_and_legacy_labels_spreadsheet_safe(served, open_page):
    """What the page's script makes of rows the bundled reports do not have: an amount of 18 digits (its
    text from `exact`), a legacy row whose label a spreadsheet would run, a period that is a year."""
    from ogi.site.report import csv_labels

    page = open_page("about/")
    empty = {"fields": ["value", "amount", "value_status"], "rows": []}
    data = {"active_disclosure": {"fields": ["layout", "item", "measure", "value", "amount", "value_status"],
                                  "rows": [["standard-2021", "administrative_fees", "amount", None, 1.2345678901234567e11,
                                            "reported"]]},
            "applications": empty, "reviews_litigation": empty,
            "legacy_indicators": {"fields": ["legacy_table", "indicator", "period", "value", "amount", "value_status"],
                                  "rows": [["statistics", "=1+1", "2016", 3, None, "reported"],
                                           ["statistics", "-3", "this_year", None, None, "blank"]]},
            "exact": {"active_disclosure": {"0": "123456789012.345678"}}}
    text = page.evaluate("([data, labels]) => window.ogi.csvText(data, labels)", [data, csv_labels()])
    assert text.split("\r\n") == [
        "\ufeff表,行,列,数值,数值状态", "表二,行政事业性收费,本年收费金额（单位：万元）,123456789012.345678,已填报",
        "政府信息公开情况统计表,'=1+1,2016年,3,已填报", "政府信息公开情况统计表,-3,本年度,,空白", ""]


def test_a_reports_text_opens_from_its_data_file_as_text(served, open_page, built_site):
    """Sections are filled when opened; markup and template syntax in a report's text stay text."""
    _, result = built_site
    hostile_id = next(i.report_id for i in result.inputs if i.path == "hostile.txt")
    page = open_page(f"reports/{quote(hostile_id)}/", "phone")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    first = page.locator(".ogi-sections details").first
    first.locator("summary").click()
    first.locator("p", has_text="ogi-xss").wait_for()
    texts = first.locator("p").all_inner_texts()
    assert "<script>alert('ogi-xss')</script>" in texts and "{{ config.site_name }} {% include 'base.html' %}" in texts
    assert first.locator("script, img").count() == 0 and not dialogs
    report = next(r for r in _reports(built_site[0]) if r["source_file"].startswith("001_"))  # the 2021 form
    page = open_page(f"reports/{quote(report['report_id'])}/", "phone")
    table_section = page.locator(".ogi-sections details").nth(2)  # 三、收到和处理政府信息公开申请情况: Table 3
    table_section.locator("summary").click()
    table_section.locator(".ogi-note").wait_for()
    assert not [t for t in table_section.locator("p").all_inner_texts() if "|" in t]  # the table is above
    checks = page.locator('details[data-ogi-part="checks"]')
    checks.locator("summary").click()
    checks.locator("table.ogi-checks tbody tr").first.wait_for()


def test_no_english_in_checks_scopes_dictionary_or_quality_reasons(served, open_page):
    """Check explanations, 范围 cells, dictionary descriptions and quality-page text are Chinese; a code may
    appear only in <code> right before its Chinese label (the dictionary's lists of allowed codes)."""
    _, _, out = served
    for report in _reports(out):
        page = open_page(f"reports/{quote(report['report_id'])}/")
        for text in page.locator("table.ogi-checks td").all_inner_texts():
            assert not LATIN_WORD.search(text), (report["report_id"], text)
    page = open_page("data/")
    for markup in page.locator("table.ogi-dictionary td").evaluate_all("cells => cells.map(c => c.innerHTML)"):
        assert english_words(text_without_codes(markup)) == [], markup
    page = open_page("quality/")
    for text in page.locator("table.ogi-quality td:first-of-type, table.ogi-quality td p").all_inner_texts():
        assert not LATIN_WORD.search(text), text


def test_home_page(open_page):
    page = open_page("")
    figures = page.locator(".ogi-figures dd").all_inner_texts()
    # 7 reports (the 2023 hostile copy and the 2020 copy of seed 002, one PDF); 10 + 5 + 95 applications received
    assert figures == ["7", "5", "2017–2024", "110"]
    latest = page.locator("ul.ogi-latest a").all_inner_texts()
    assert latest[0] == "淮安市洪泽区人民政府（2024年）"  # the newest report year first, though it has no date
    assert "米易縣人民政府（2021年）" in latest
    assert page.get_by_label("搜索报告").count() == 1


def test_report_page_shows_table3(open_page):
    page = open_page("reports/")
    page.locator("#ogi-reports a", has_text="米易").click()
    page.wait_for_selector("table.ogi-t3")
    granted = page.locator("table.ogi-t3 tr", has=page.locator("th", has_text="（一）予以公开")).locator("td")
    assert granted.all_inner_texts() == ["10", "0", "0", "0", "0", "0", "10"]
    received = page.locator("table.ogi-t3 tr", has=page.locator("th", has_text="一、本年新收"))
    assert received.locator("td").last.inner_text() == "10"


def test_a_report_prints_as_a_compact_document(served, open_page, tmp_path):
    """Seed 001 on A4: its tables, checks and figures on a few pages (the page listed 23 before)."""
    _, _, out = served
    page = open_page(_page_kinds(out)["report-standard-2021"])
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert 1 <= pages <= 4


def test_chinese_search_finds_the_report(open_page):
    page = open_page("search/")
    page.fill("#ogi-search-q", "米易县")
    page.locator("#ogi-search-q").press("Enter")
    result = page.locator("#ogi-search-results a").first
    result.wait_for(timeout=10_000)
    _shot(page, "search")
    result.click()
    page.wait_for_selector("table.ogi-t3")
    assert "米易" in page.locator("h1").first.inner_text()


def _column(page, number: int) -> list[str]:
    return page.locator(f"#ogi-reports tbody tr td:nth-child({number})").all_inner_texts()


def test_reports_list_sorts_and_filters(served, open_page):
    _, _, out = served
    reports = _reports(out)
    page = open_page("reports/")
    assert page.locator("#ogi-reports tbody tr").count() == len(reports) == 7
    years = [int(t) for t in _column(page, 1)]
    assert years == sorted(years, reverse=True)  # the default order: newest year first
    assert page.locator('th[data-key="year"]').get_attribute("aria-sort") == "descending"
    page.select_option("select[name=province]", "河北省")
    page.wait_for_function("document.getElementById('ogi-count').textContent === '共3份报告（全部7份）'")
    assert page.locator("#ogi-reports tbody tr").count() == 3
    assert "province=%E6%B2%B3%E5%8C%97%E7%9C%81" in page.url  # the filter is in the address
    page.select_option("select[name=province]", "")
    year_button = page.locator('th[data-key="year"] button')
    year_button.click()  # ascending
    page.wait_for_function("document.querySelector('th[data-key=year]').getAttribute('aria-sort') === 'ascending'")
    years = [int(t) for t in _column(page, 1)]
    assert years == sorted(years)
    assert page.locator("#ogi-reports a[lang='zh-Hant']").all_inner_texts() == ["米易縣人民政府"]


def test_reports_list_filtered_through_the_address_shows_the_right_count(served, open_page):
    _, _, out = served
    reports = _reports(out)
    expected = [r for r in reports if r["year"] == "2022" and r["province"] == "河北省"]
    page = open_page("reports/?year=2022&province=" + quote("河北省"))
    assert page.locator("#ogi-count").inner_text() == f"共{len(expected)}份报告（全部{len(reports)}份）"
    assert page.locator("#ogi-reports tbody tr").count() == len(expected) == 1
    assert page.locator("select[name=year]").input_value() == "2022"
    assert page.locator("select[name=province]").input_value() == "河北省"
    page = open_page("reports/?level=county")
    county = [r for r in reports if r["admin_level"] == "county"]
    assert page.locator("#ogi-count").inner_text() == f"共{len(county)}份报告（全部{len(reports)}份）"


def test_reports_list_sorts_from_the_keyboard_with_aria_sort(open_page):
    """办结 (answered): 万盛经开区 2017 left it blank — a blank is not 0, it sorts last both ways."""
    page = open_page("reports/")
    header = page.locator('th[data-key="processed"]')
    assert header.get_attribute("aria-sort") is None
    page.locator('th[data-key="received"] button').focus()
    page.keyboard.press("Tab")  # to the next header's button
    assert page.evaluate("document.activeElement.parentNode.getAttribute('data-key')") == "processed"
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('th[data-key=processed]').getAttribute('aria-sort') === 'descending'")
    processed = _column(page, 7)
    numbers = [int(t) for t in processed if t]
    assert numbers == sorted(numbers, reverse=True) and numbers[0] == 95 and processed[-1] == ""
    page.keyboard.press(" ")
    page.wait_for_function("document.querySelector('th[data-key=processed]').getAttribute('aria-sort') === 'ascending'")
    processed = _column(page, 7)
    assert [int(t) for t in processed if t] == sorted(numbers) and processed[-1] == ""
    assert page.locator('th[data-key="year"]').get_attribute("aria-sort") is None
    assert "sort=processed&dir=asc" in page.url


def test_reports_list_exports_the_filtered_rows_as_csv(served, open_page):
    _, _, out = served
    page = open_page("reports/?province=" + quote("河北省"))
    with page.expect_download() as download:
        page.locator("#ogi-export").click()
    data = download.value.path().read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["报告编号", "年度", "发布机关"]
    expected = {r["report_id"] for r in _reports(out) if r["province"] == "河北省"}
    assert {row[0] for row in rows[1:]} == expected


def test_body_page_charts_one_point_per_reported_year_and_a_gap_for_a_missing_year(open_page):
    page = open_page(f"bodies/{quote(NINGJIN)}/", "phone")
    figure = page.locator("figure.ogi-chart", has_text="主动公开政府信息数")
    assert figure.is_visible()
    option = figure.evaluate("f => echarts.getInstanceByDom(f.querySelector('.ogi-chart-box')).getOption()")
    assert option["xAxis"][0]["data"] == ["2020年", "2021年", "2022年", "2023年"]
    (series,) = option["series"]
    assert series["data"] == [209, None, 209, 209]  # seed 002: 209 items disclosed; no report for 2021
    assert series["connectNulls"] is False
    colour = option["color"][0]
    (line,) = figure.locator(f"svg path[fill='none'][stroke='{colour}']").evaluate_all(
        "paths => paths.map(p => p.getAttribute('d'))")
    # Two pieces: 2020 alone (moved to, nothing drawn), then 2022 to 2023; nothing through 2021.
    assert line.count("M") == 2 and line.count("L") == 1, line
    assert figure.locator(f"svg path[fill='#fff'][stroke='{colour}']").count() == 3  # one point per reported year
    _shot(page, "body-chart-390")


def test_region_page_lists_its_bodies_and_links_down_a_level(open_page):
    page = open_page("regions/130000/")
    assert page.locator("h1").inner_text() == "河北省"
    page.locator("table.ogi-regions a", has_text="邢台市").click()
    page.wait_for_url("**/regions/130500/")
    page.locator("table.ogi-regions a", has_text="宁晋县").click()
    page.wait_for_url("**/regions/130528/")
    bodies = page.locator("table.ogi-bodies th a")
    assert bodies.all_inner_texts() == ["宁晋县大曹庄镇"]
    assert page.locator("nav.ogi-crumbs a").all_inner_texts() == ["全部地区", "河北省", "邢台市"]
    bodies.first.click()
    page.wait_for_selector("table#ogi-series")
    assert page.locator("h1").inner_text() == "宁晋县大曹庄镇"


def test_statistics_page_has_a_chart_and_its_numbers(open_page):
    page = open_page("statistics/")
    chart = page.locator("figure.ogi-chart:not([hidden])").first
    assert chart.locator("figcaption").inner_text() == "各年度有报告的机关数"
    assert chart.locator("svg").bounding_box()["height"] > 100
    rows = page.locator("table#ogi-years tbody tr")
    assert rows.count() == 2024 - 2017 + 1  # every year on the axis, those without reports too
    assert page.locator("table#ogi-years tr.ogi-gap").count() == 2  # 2018 and 2019


def test_charts_leave_their_tables_readable_without_javascript(served):
    browser, base, _ = served
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + f"bodies/{quote(NINGJIN)}/")
    assert page.locator("figure.ogi-chart:visible").count() == 0
    assert page.locator("table#ogi-series tbody tr").count() == 4
    page.goto(base + "reports/")
    assert page.locator("noscript").count() == 1
    context.close()
