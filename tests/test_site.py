"""The site: generated pages match the package's rows, report text is escaped, search is chunked."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pandas as pd
from lxml import html as lxml_html

from ogi import vocabulary as V


def _page(site, report_id: str):
    return lxml_html.fromstring((site / "reports" / report_id / "index.html").read_text(encoding="utf-8"))


def _number(text: str):
    text = text.strip().rstrip("*余").replace(",", "")
    return None if text in ("", "—", "✗") else float(text)


def test_every_report_has_a_page_and_table3_matches_the_package(built_site):
    out, _ = built_site
    site = out / "site"
    reports = pd.read_csv(out / "data" / "reports.csv", dtype=str)
    apps = pd.read_csv(out / "data" / "applications.csv", dtype={"report_id": str})
    columns = V.codes(V.TABLE3_COLUMNS)
    checked = 0
    for report_id in reports["report_id"]:
        page = _page(site, report_id)
        rows = apps[apps["report_id"] == report_id]
        for _, row in rows.iterrows():
            tr = page.xpath(f'//table[contains(@class,"ogi-t3")]//tr[@data-row="{row["row"]}"]')[0]
            cells = tr.xpath("./td[contains(@class,'ogi-num') or contains(@class,'ogi-blank') "
                             "or contains(@class,'ogi-dash') or contains(@class,'ogi-invalid')]")
            shown = _number(cells[columns.index(row["applicant"])].text_content())
            expected = None if pd.isna(row["value"]) else float(row["value"])
            assert shown == expected, (report_id, row["row"], row["applicant"])
            checked += 1
    assert checked >= 2 * 25 * 7  # seeds 001 and 002 at least


def test_headline_figures_on_pages_match_reports_csv(built_site):
    out, _ = built_site
    reports = pd.read_csv(out / "data" / "reports.csv", dtype={"report_id": str})
    for _, report in reports.iterrows():
        page = _page(out / "site", report["report_id"])
        figures = {f.xpath("./span")[0].text_content(): f.xpath("./strong")[0].text_content()
                   for f in page.xpath('//div[@class="ogi-figure"]')}
        for term in V.HEADLINE:
            value = report[term.code]
            shown = figures[term.zh]
            if pd.isna(value):
                assert shown == "—"
            else:
                assert _number(shown) == float(value), (report["report_id"], term.code)


def test_report_text_is_escaped_in_the_built_html(built_site):
    out, result = built_site
    site = out / "site"
    hostile_id = next(i.report_id for i in result.inputs if i.path == "hostile.txt")
    page_html = (site / "reports" / hostile_id / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;ogi-xss&#x27;)&lt;/script&gt;" in page_html  # shown as text
    assert "&#123;&#123; config.site_name &#125;&#125;" in page_html  # template syntax left as text
    for path in site.rglob("*.html"):
        dom = lxml_html.fromstring(path.read_text(encoding="utf-8"))
        scripts = " ".join(s.text_content() for s in dom.iter("script"))
        assert "ogi-xss" not in scripts and "ogi-img" not in scripts, path
        handlers = [(e.tag, a) for e in dom.iter() if isinstance(e.tag, str) for a in e.attrib if a.startswith("on")]
        assert not handlers, (path, handlers)
        assert not dom.xpath('//a[starts-with(normalize-space(@href), "javascript:")]'), path
        assert not dom.xpath('//img[@src="x"]'), path


def test_pages_are_linked_and_not_in_the_nav(built_site):
    out, _ = built_site
    site = out / "site"
    index = (site / "reports" / "index.html").read_text(encoding="utf-8")
    assert "reports.json" in (site / "javascripts" / "ogi.js").read_text(encoding="utf-8")
    nav_links = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"', index)
    assert not [link for link in nav_links if re.match(r"\.\./\d{4}-|\d{4}-", link)]
    for report_id in pd.read_csv(out / "data" / "reports.csv", dtype=str)["report_id"]:
        assert (site / "downloads" / f"{report_id}.csv").exists()
        assert (site / "downloads" / f"{report_id}.json").exists()
        assert f'"id":"{report_id}"' in (site / "reports" / "reports.json").read_text(encoding="utf-8")


def test_data_page_lists_every_file_with_its_checksum(built_site):
    import hashlib

    out, _ = built_site
    page = (out / "site" / "data" / "index.html").read_text(encoding="utf-8")
    for path in (out / "data").iterdir():
        assert path.name in page
        assert hashlib.sha256(path.read_bytes()).hexdigest() in page
        assert (out / "site" / "data" / path.name).read_bytes() == path.read_bytes()


def test_search_index_is_chunked(built_site):
    out, _ = built_site
    index = out / "site" / "search" / "idx"
    assert (index / "meta.bin").stat().st_size < 100_000
    assert list((index / "t").glob("*.bin")) and len(list((index / "d").glob("*.bin"))) >= 6


def test_quality_page_lists_rejected_inputs(built_site):
    out, _ = built_site
    page = (out / "site" / "quality" / "index.html").read_text(encoding="utf-8")
    assert "004_71222fa0cb25b5b4.txt" in page and "template" in page


def test_report_pages_share_the_site_frame_with_their_own_title(built_site):
    """Report pages are written into one frame MkDocs rendered: same header, navigation and assets as
    every other page, the report's own <title>, and nothing of the frame's placeholders left anywhere."""
    from ogi.site.pages import BODY_MARKER, TEMPLATE_SLUG, TITLE_MARKER

    out, _ = built_site
    site = out / "site"
    assert not (site / "reports" / TEMPLATE_SLUG).exists()
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert TITLE_MARKER not in text and TEMPLATE_SLUG not in text and BODY_MARKER not in text, path
    reports = pd.read_csv(out / "data" / "reports.csv", dtype=str)
    list_page = lxml_html.fromstring((site / "reports" / "index.html").read_text(encoding="utf-8"))
    for _, row in reports.iterrows():
        page = _page(site, row["report_id"])
        assert page.findtext(".//title").startswith(f'{row["year"]} ')
        assert page.xpath("//h1")[0].text_content().strip()
        # The same navigation and stylesheets as the report list, each link resolving to the same file.
        here = f"http://site/reports/{row['report_id']}/"
        for query in ("//nav//a/@href", "//link[@rel='stylesheet']/@href", "//script/@src"):
            assert [urljoin(here, h) for h in page.xpath(query)] == \
                [urljoin("http://site/reports/", h) for h in list_page.xpath(query)], query
