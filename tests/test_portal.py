"""The portal in the built sample site: body and region pages, year lists, the list's shards, feeds, sitemap,
findability markup. Expected values come from the package's reports.csv and the seeds (seed 002's body
reported for 2020, 2022 and 2023: see conftest.gap_year_report_text)."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import feedparser
import pandas as pd
import pytest
from lxml import etree
from lxml import html as lxml_html

from conftest import ROOT, SITE_URL
from site_text import english_words

NINGJIN = "130528-宁晋县大曹庄镇"  # seed 002's body


def _reports(out) -> pd.DataFrame:
    return pd.read_csv(out / "data" / "reports.csv", dtype=str, keep_default_na=False)


def _html(site: Path, *segments: str):
    return lxml_html.fromstring(site.joinpath(*segments, "index.html").read_text(encoding="utf-8"))


def _region_codes(reports: pd.DataFrame) -> set[str]:
    codes = set()
    for column in ("province_code", "prefecture_code", "county_code"):
        codes |= {c for c in reports[column] if c and c != "000000"}
    return codes


# --- Body pages -------------------------------------------------------------------------------------------

def _bodies_with_pages(reports: pd.DataFrame) -> list[str]:
    """Bodies that reported for two years or more: only they have a page of their own."""
    years = reports.groupby("body_id")["year"].nunique()
    return sorted(years[years >= 2].index)


def test_a_body_of_two_years_or_more_has_a_page_linked_from_each_of_its_reports(built_site):
    out, _ = built_site
    site = out / "site"
    reports = _reports(out)
    with_page = _bodies_with_pages(reports)
    assert NINGJIN in with_page and len(with_page) < reports["body_id"].nunique()
    assert sorted(p.name for p in (site / "bodies").iterdir()) == with_page
    for _, report in reports.iterrows():
        page = _html(site, "reports", report["report_id"])
        links = page.xpath('//dt[.="发布机关"]/following-sibling::dd[1]/a')
        if report["body_id"] not in with_page:  # its report's page is all a body of one year has
            assert links == [] and not page.xpath('//a[contains(@href, "bodies/")]'), report["report_id"]
            continue
        (link,) = links
        target = unquote(urljoin(f"/reports/{report['report_id']}/", link.get("href")))
        assert target == f"/bodies/{report['body_id']}/"


def test_body_page_has_a_row_per_year_a_gap_for_a_missing_year_and_the_reports_figures(built_site):
    out, _ = built_site
    reports = _reports(out)
    mine = reports[reports["body_id"] == NINGJIN].set_index("year")
    assert sorted(mine.index) == ["2020", "2022", "2023"]
    page = _html(out / "site", "bodies", NINGJIN)
    (table,) = page.xpath('//table[@id="ogi-series"]')
    headers = [th.text_content() for th in table.xpath("./thead/tr/th")]
    rows = table.xpath("./tbody/tr")
    assert [r.xpath("./th")[0].text_content() for r in rows] == ["2020年", "2021年", "2022年", "2023年"]
    gap = rows[1]
    assert gap.get("class") == "ogi-gap" and gap.xpath("./td")[0].text_content() == "没有该年度的报告"
    for row in (rows[0], rows[2], rows[3]):
        year = row.xpath("./th")[0].text_content()[:4]
        cells = dict(zip(headers[1:], [td.text_content() for td in row.xpath("./td")]))
        assert cells["主动公开"] == f"{int(mine.loc[year, 'active_disclosures']):,}"
        assert cells["新收申请"] == mine.loc[year, "applications_received"]
        assert cells["予以公开"] == ""  # 0 of 0 answered: no rate, not 0 %
        (link,) = row.xpath("./th/a")
        assert unquote(link.get("href")) == f"../../reports/{mine.loc[year, 'report_id']}/"
    assert page.xpath('//dt[.="报告"]/following-sibling::dd[1]')[0].text_content() == "3份，2020–2023年；2021年没有报告"


def test_rates_are_the_reports_own_shares_and_a_body_of_one_year_links_to_its_report(built_site):
    """Seed 001 (米易县 2021): 10 applications answered, 10 granted in full — 100 %; hongze 2024: 50 of 95.
    Each is ranked on its county's page, its name linking to its report (the body reported one year)."""
    out, _ = built_site
    reports = _reports(out).set_index("source_file")
    for source, granted, sample in (("001_6f6c780c05ed1855.txt", "100.0%", "10"), ("hongze_2024.pdf", "52.6%", "95")):
        report = reports.loc[source]
        page = _html(out / "site", "regions", report["county_code"])
        (row,) = page.xpath(f'//table[@class="ogi-stats"]/tbody/tr[th/a="{report["organization"]}"]')
        assert [td.text_content() for td in row.xpath("./td")][1:] == [sample, granted]
        link = row.xpath("./th/a")[0].get("href")
        assert unquote(link) == f"../../reports/{report['report_id']}/"


# --- Region pages and the year lists --------------------------------------------------------------------

def test_every_region_of_a_report_has_a_page_linked_up_and_down(built_site):
    out, _ = built_site
    site = out / "site"
    reports = _reports(out)
    codes = _region_codes(reports)
    assert {p.name for p in (site / "regions").iterdir() if p.is_dir()} == codes
    county = _html(site, "regions", "130528")
    assert county.xpath("//h1")[0].text_content() == "宁晋县"
    crumbs = [a.text_content() for a in county.xpath('//nav[@class="ogi-crumbs"]/a')]
    assert crumbs == ["全部地区", "河北省", "邢台市"]
    bodies = [a.text_content() for a in county.xpath('//table[contains(@class,"ogi-bodies")]//th/a')]
    assert bodies == ["宁晋县大曹庄镇"]
    prefecture = _html(site, "regions", "130500")
    assert [a.get("href") for a in prefecture.xpath('//table[contains(@class,"ogi-regions")]//th/a')] == \
        ["../../regions/130528/"]


def test_region_aggregates_count_reports_and_keep_gaps(built_site):
    """河北省: seed 002's body in 2020, 2022, 2023 (0 applications received each year) — 2021 is a gap."""
    out, _ = built_site
    page = _html(out / "site", "regions", "130000")
    rows = page.xpath('//table[@id="ogi-years"]/tbody/tr')
    assert [r.xpath("./th")[0].text_content() for r in rows] == ["2020年", "2021年", "2022年", "2023年"]
    assert rows[1].get("class") == "ogi-gap"
    cells = [td.text_content() for td in rows[0].xpath("./td")]
    assert cells[:4] == ["1", "1", "0（1份）", "0（1份）"]  # reports, bodies, received (1 report), answered
    assert cells[4] == ""  # no rate from 0 answered
    assert page.xpath('//a[@type="application/atom+xml"]')[0].get("href") == "../../feeds/130000.xml"


def test_region_ranking_needs_the_minimum_sample_and_shows_it(built_site):
    """淮安市洪泽区 2024 answered 95 applications (granted 50): ranked, with its sample."""
    out, _ = built_site
    page = _html(out / "site", "regions", "320000")
    (row,) = page.xpath('//h2[@id="ranking"]/following::table[1]/tbody/tr')
    assert [c.text_content() for c in row.xpath("./td|./th")] == ["1", "淮安市洪泽区人民政府", "95", "52.6%"]
    small = _html(out / "site", "regions", "130000")  # 0 answered: no ranking
    assert "样本太小" in small.xpath('//h2[@id="ranking"]/following-sibling::p[1]')[0].text_content()


def test_static_html_links_reach_every_report_from_the_year_index(built_site):
    """A crawler without JavaScript: /years/ → a year → a province → each report."""
    out, _ = built_site
    site = out / "site"
    found = set()
    for year_link in _html(site, "years").xpath('//table//th/a/@href'):
        year = year_link.strip("/")
        for province_link in _html(site, "years", year).xpath('//table//th/a/@href'):
            page = _html(site, "years", year, province_link.strip("/"))
            found |= {unquote(h).split("/")[-2] for h in page.xpath('//table//th/a/@href')}
    assert found == set(_reports(out)["report_id"])


# --- The reports list's data ------------------------------------------------------------------------------

def test_list_shards_hold_every_report_once_in_the_default_order(built_site):
    out, _ = built_site
    folder = out / "site" / "reports" / "list"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    reports = _reports(out)
    assert index["total"] == len(reports)
    seen = []
    for year, code, count, file in index["shards"]:
        rows = json.loads((folder / file).read_text(encoding="utf-8"))
        assert len(rows) == count
        seen += [row[0] for row in rows]
        assert {r[:4] for r in (row[0] for row in rows)} == {str(year)}
    assert sorted(seen) == sorted(reports["report_id"]) and len(seen) == len(set(seen))
    years = [s[0] for s in index["shards"]]
    assert years == sorted(years, reverse=True)


def test_list_shards_are_split_by_year_province_and_size():
    """1,200 reports of one year and province, 300 of another year: parts of at most 500 rows."""
    from ogi.site.data import SiteData
    from ogi.site.listing import PART_ROWS, write_list_data
    from ogi.site.store import SiteFiles

    def report(i: int, year: int) -> dict:
        return {"report_id": f"{year}-320100-机关{i:04d}", "body_id": f"320100-机关{i:04d}", "organization": f"机关{i:04d}",
                "province": "江苏省", "province_code": "320000", "prefecture": "南京市", "county": "", "township": "",
                "admin_level": "department", "layout": "standard-2021", "year": year, "applications_received": i,
                "applications_processed": None, "applications_granted": None, "checks_failed": 0, "script": "simplified"}

    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        data = SiteData(Path(folder), reports=[report(i, 2023) for i in range(1200)] + [report(i, 2022) for i in range(300)])
        write_list_data(data, SiteFiles(Path(folder), None))
        index = json.loads((Path(folder) / "reports" / "list" / "index.json").read_text(encoding="utf-8"))
    assert [(s[0], s[2]) for s in index["shards"]] == [(2023, 500), (2023, 500), (2023, 200), (2022, 300)]
    assert PART_ROWS == 500


# --- Feeds ------------------------------------------------------------------------------------------------

def _change_id(version: str, change: str, report_id: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"ogi:change:{version}:{change}:{report_id}").urn


def test_site_feed_is_valid_atom_with_an_entry_per_new_report(built_site):
    out, _ = built_site
    path = out / "site" / "feeds" / "reports.xml"
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    changes = pd.read_csv(out / "data" / "changes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    versions = json.loads((out / "data" / "versions.json").read_text(encoding="utf-8"))
    created = {v["version"]: v["created"] for v in versions["versions"]}
    added = changes[changes["change"] == "added"]
    assert {e.id for e in feed.entries} == {_change_id(r.version, r.change, r.report_id) for r in added.itertuples()}
    for entry in feed.entries:
        assert entry.updated == created[added.iloc[0]["version"]]  # the data version's date, not the clock
        assert entry.link.startswith(SITE_URL + "reports/")
        assert entry.title.startswith("新增：")
    assert feed.feed.links[0].href == SITE_URL + "feeds/reports.xml"


def test_feeds_follow_the_atom_structure(built_site):
    """Atom 1.0 (RFC 4287) requires id, title and updated on the feed and on every entry, an author, and
    absolute ids; every province with reports has its feed, holding only its own reports."""
    out, _ = built_site
    atom = "{http://www.w3.org/2005/Atom}"
    reports = _reports(out).set_index("report_id")
    provinces = {c for c in reports["province_code"] if c and c != "000000"}
    files = {p.stem for p in (out / "site" / "feeds").glob("*.xml")}
    assert files == provinces | {"reports"}
    for path in (out / "site" / "feeds").glob("*.xml"):
        root = etree.parse(str(path)).getroot()
        assert root.tag == f"{atom}feed"
        for element in [root] + root.findall(f"{atom}entry"):
            for tag in ("id", "title", "updated"):
                assert len(element.findall(f"{atom}{tag}")) == 1, (path.name, tag)
            assert element.findtext(f"{atom}id").startswith("urn:uuid:")
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", element.findtext(f"{atom}updated"))
        assert root.find(f"{atom}author/{atom}name").text == "ogi"
        if path.stem != "reports":
            for link in root.findall(f"{atom}entry/{atom}link"):
                report_id = unquote(link.get("href")).split("/")[-2]
                assert reports.loc[report_id, "province_code"] == path.stem


# --- Findability ------------------------------------------------------------------------------------------

def _sitemap_addresses(site: Path) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = etree.parse(str(site / "sitemap.xml")).getroot()
    addresses = []
    for loc in index.xpath("//s:sitemap/s:loc/text()", namespaces=ns):
        assert loc.startswith(SITE_URL)
        addresses += etree.parse(str(site / loc[len(SITE_URL):])).getroot().xpath("//s:loc/text()", namespaces=ns)
    return addresses


def test_sitemap_lists_every_report_body_region_and_list_page(built_site):
    out, _ = built_site
    site = out / "site"
    reports = _reports(out)
    addresses = _sitemap_addresses(site)
    assert len(addresses) == len(set(addresses))
    expected = ({f"{SITE_URL}reports/{quote(r)}/" for r in reports["report_id"]}
                | {f"{SITE_URL}bodies/{quote(b)}/" for b in _bodies_with_pages(reports)}
                | {f"{SITE_URL}regions/{c}/" for c in _region_codes(reports)}
                | {f"{SITE_URL}{p}/" for p in ("reports", "regions", "years", "statistics", "data")})
    assert expected <= set(addresses)
    assert not [a for a in addresses if "frame" in a]
    for address in addresses:  # every address is a page of the site
        assert (site / unquote(urlsplit(address).path)[len("/ogi/"):] / "index.html").exists(), address
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {SITE_URL}sitemap.xml\n")


def test_pages_have_canonical_links_and_their_own_description(built_site):
    out, _ = built_site
    site = out / "site"
    reports = _reports(out)
    descriptions = set()
    for _, report in reports.iterrows():
        page = _html(site, "reports", report["report_id"])
        (canonical,) = page.xpath('//link[@rel="canonical"]/@href')
        assert canonical == f"{SITE_URL}reports/{quote(report['report_id'])}/"
        (description,) = page.xpath('//meta[@name="description"]/@content')
        assert description.startswith(f"{report['organization']}{report['year']}年政府信息公开工作年度报告")
        descriptions.add(description)
    assert len(descriptions) == len(reports)
    body = _html(site, "bodies", NINGJIN)
    assert body.xpath('//link[@rel="canonical"]/@href') == [f"{SITE_URL}bodies/{quote(NINGJIN)}/"]
    assert body.xpath('//meta[@name="description"]/@content')[0].startswith("宁晋县大曹庄镇2020–2023年")
    assert body.findtext(".//title").startswith("宁晋县大曹庄镇")


def test_404_page_works_under_the_project_sub_path(built_site):
    out, _ = built_site
    page = lxml_html.fromstring((out / "site" / "404.html").read_text(encoding="utf-8"))
    for href in page.xpath("//link[@rel='stylesheet']/@href") + page.xpath("//script/@src"):
        assert href.startswith("/ogi/"), href
        assert (out / "site" / href[len("/ogi/"):]).exists(), href


def test_data_page_describes_the_dataset_for_search_engines(built_site):
    out, _ = built_site
    page = _html(out / "site", "data")
    (markup,) = page.xpath('//script[@type="application/ld+json"]/text()')
    dataset = json.loads(markup)
    assert (dataset["@context"], dataset["@type"]) == ("https://schema.org", "Dataset")
    assert dataset["url"] == SITE_URL + "data/" and dataset["license"].startswith("https://creativecommons.org/")
    assert dataset["temporalCoverage"] == "2017/2024"
    names = {d["name"] for d in dataset["distribution"]}
    assert {"reports.csv", "reports.parquet", "ogi-data.zip"} <= names
    assert all(d["contentUrl"] == SITE_URL + "data/" + d["name"] for d in dataset["distribution"])


# --- Charts ---------------------------------------------------------------------------------------------

def test_echarts_is_vendored_at_its_pinned_checksum_and_loaded_only_by_pages_with_charts(built_site):
    script = (ROOT / "scripts" / "vendor_echarts.sh").read_text(encoding="utf-8")
    pinned = re.search(r"^BUNDLE_SHA256=([0-9a-f]{64})$", script, re.M)[1]
    bundle = ROOT / "docs" / "javascripts" / "vendor" / "echarts.min.js"
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() == pinned
    assert bundle.read_text(encoding="utf-8").startswith("/*! Apache ECharts 6.1.0")
    lock = json.loads((ROOT / "scripts" / "echarts" / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/echarts"]["version"] == "6.1.0"
    out, _ = built_site
    site = out / "site"
    with_charts = [("bodies", NINGJIN), ("regions", "130000"), ("statistics",)]
    for segments in with_charts:
        page = _html(site, *segments)
        assert any(src.endswith("javascripts/vendor/echarts.min.js") for src in page.xpath("//script/@src")), segments
        assert page.xpath("//figure[@class='ogi-chart'][@hidden]"), segments  # shown once drawn
    for segments in [("reports",), ("reports", _reports(out)["report_id"].iloc[0]), ()]:
        assert not [s for s in _html(site, *segments).xpath("//script/@src") if "echarts" in s], segments




def test_portal_pages_are_chinese(built_site):
    """Every word a reader sees on the portal's pages (article text, captions, chart titles) is Chinese;
    names such as CSV and Atom stand beside Chinese words."""
    out, _ = built_site
    site = out / "site"
    for folder in ("bodies", "regions", "years"):
        for path in (site / folder).rglob("index.html"):
            (article,) = lxml_html.fromstring(path.read_text(encoding="utf-8")).xpath("//article")
            for code in article.xpath(".//code"):  # ids and codes, shown as such
                code.drop_tree()
            assert english_words(article.text_content()) == [], path
    (article,) = _html(site, "reports").xpath("//article")
    assert english_words(article.text_content()) == []
