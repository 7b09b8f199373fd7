"""The site: generated pages match the package's rows, report text is escaped, every reader-facing word is
Chinese, originals are served byte for byte, search is chunked."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import pandas as pd
import pyarrow.parquet as pq
import pytest
from lxml import html as lxml_html

from ogi import vocabulary as V
from site_text import LATIN_WORD, english_words, text_without_codes



def _page(site, report_id: str):
    return lxml_html.fromstring((site / "reports" / report_id / "index.html").read_text(encoding="utf-8"))


def _html(site: Path, path: str):
    return lxml_html.fromstring((site / path).read_text(encoding="utf-8"))


def _number(text: str):
    text = text.strip().rstrip("*余").replace(",", "")
    return None if text in ("", "—", "✗") else float(text)


def _reports(out) -> pd.DataFrame:
    return pd.read_csv(out / "data" / "reports.csv", dtype=str, keep_default_na=False)


def _report_id(out, layout: str) -> str:
    reports = _reports(out)
    return reports[reports["layout"] == layout]["report_id"].iloc[0]


def _text_without_codes(element) -> str:
    return text_without_codes(lxml_html.tostring(element, encoding="unicode"))


# --- Report pages ----------------------------------------------------------------------------------

def test_every_report_has_a_page_and_table3_matches_the_package(built_site):
    """Table 3 cells are found by the row label a reader sees (the last part of the form's label)."""
    out, _ = built_site
    site = out / "site"
    reports = _reports(out)
    apps = pd.read_csv(out / "data" / "applications.csv", dtype={"report_id": str})
    columns = V.codes(V.TABLE3_COLUMNS)
    labels = {t.code: t.zh.split(" ")[-1] for t in V.TABLE3_ROWS}
    assert len(set(labels.values())) == len(labels)
    checked = 0
    for report_id in reports["report_id"]:
        page = _page(site, report_id)
        rows = apps[apps["report_id"] == report_id]
        for _, row in rows.iterrows():
            (tr,) = page.xpath(f'//table[contains(@class,"ogi-t3")]//tr[th[@scope="row"]="{labels[row["row"]]}"]')
            cells = tr.xpath("./td")
            assert len(cells) == 7
            shown = _number(cells[columns.index(row["applicant"])].text_content())
            expected = None if pd.isna(row["value"]) else float(row["value"])
            assert shown == expected, (report_id, row["row"], row["applicant"])
            checked += 1
    assert checked >= 2 * 25 * 7  # seeds 001 and 002 at least


def test_table3_rows_are_row_headers_grouped_under_the_forms_blocks(built_site):
    out, _ = built_site
    page = _page(out / "site", _report_id(out, V.STANDARD_2021))
    (table,) = page.xpath('//table[contains(@class,"ogi-t3")]')
    headings = [th.text_content() for th in table.xpath('.//th[@scope="rowgroup"]')]
    assert headings == ["三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]
    denied = table.xpath('.//tbody[tr/th[@scope="rowgroup"]="（三）不予公开"]/tr/th[@scope="row"]')
    assert [th.text_content() for th in denied][:2] == ["1.属于国家秘密", "2.其他法律行政法规禁止公开"]
    assert denied[0].getparent().getparent().get("class") == "r2"  # the group's rows, indented twice
    assert len(table.xpath('.//th[@scope="row"]')) == 25
    assert table.xpath("./caption") and not table.xpath(".//*[@title]")


def test_headline_figures_on_pages_match_reports_csv(built_site):
    out, _ = built_site
    reports = pd.read_csv(out / "data" / "reports.csv", dtype={"report_id": str})
    for _, report in reports.iterrows():
        page = _page(out / "site", report["report_id"])
        figures = {f.xpath("./dt")[0].text_content(): f.xpath("./dd")[0].text_content()
                   for f in page.xpath('//dl[@class="ogi-figures"]/div')}
        for term in V.HEADLINE:
            value = report[term.code]
            shown = figures[term.zh]
            if pd.isna(value):
                assert shown == "空白"  # blank is not zero, and a dash is only what a report printed
            else:
                assert _number(shown) == float(value), (report["report_id"], term.code)


def test_original_files_are_served_byte_for_byte(built_site):
    """原始文件 links to the raw input copied into the site; its sha256 is the package's."""
    out, _ = built_site
    site = out / "site"
    for _, report in _reports(out).iterrows():
        page = _page(site, report["report_id"])
        (link,) = page.xpath('//dt[.="原始文件"]/following-sibling::dd[1]/a')
        target = Path(unquote(urljoin(f"/reports/{report['report_id']}/", link.get("href"))))
        served = site / target.relative_to("/")
        assert hashlib.sha256(served.read_bytes()).hexdigest() == report["sha256"]
        assert served.name == Path(report["source_file"]).name and link.get("download") is not None


def test_source_falls_back_to_the_original_file_without_a_url(built_site):
    out, _ = built_site
    reports = _reports(out)
    row = reports[reports["source_url"] == ""].iloc[0]
    source = _page(out / "site", row["report_id"]).xpath('//dt[.="来源"]/following-sibling::dd[1]')[0]
    assert source.text_content() == "未记录来源网址，可下载原始文件核对"


def test_pdf_tables_say_on_which_page_they_stand_and_link_there(built_site):
    out, _ = built_site
    reports = _reports(out)
    pdf = reports[reports["source_format"] == "pdf"].iloc[0]
    page = _page(out / "site", pdf["report_id"])
    captions = {a.text_content(): a.get("href") for a in page.xpath("//caption/a")}
    assert set(captions) == {"原文第2–3页", "原文第3–4页", "原文第4页"}  # table_pages of hongze_2024.pdf
    assert captions["原文第3–4页"].endswith("hongze_2024.pdf#page=3")


def test_prose_figures_show_their_sentence_in_the_reports_own_script(built_site):
    """The sentences as printed in seeds 001 (Traditional) and 002, whole, not a window cut mid-word."""
    out, _ = built_site
    reports = _reports(out).set_index("source_file")
    miyi = _page(out / "site", reports.loc["001_6f6c780c05ed1855.txt", "report_id"])
    cells = {tr.xpath("./th")[0].text_content(): tr.xpath("./td")[1]
             for tr in miyi.xpath('//table[@class="ogi-prose"]/tbody/tr')}
    assert cells["收到申请"].text_content() == "年內共接到申請10件,辦理10件,全部按時有效回復。"
    assert cells["收到申请"].get("lang") == "zh-Hant"
    assert cells["主动公开政府信息"].text_content().startswith("2021年,米易縣人民政府主動公開信息16996條,")
    assert cells["主动公开政府信息"].text_content().endswith("…")
    ningjin = _page(out / "site", reports.loc["002_c480b6e418059ec0.txt", "report_id"])
    (excerpt,) = ningjin.xpath('//table[@class="ogi-prose"]/tbody/tr[th="主动公开政府信息"]/td[2]')
    assert excerpt.text_content() == ("2022年,通过宁晋县政府网站和政府信息公开平台,我镇主动公开信息数为209条,"
                                      "其中电子化公开的信息数为51条。")
    assert excerpt.get("lang") is None


def test_traditional_reports_mark_their_own_words(built_site):
    out, _ = built_site
    reports = _reports(out).set_index("source_file")
    page = _page(out / "site", reports.loc["001_6f6c780c05ed1855.txt", "report_id"])
    assert page.xpath("//h1")[0].get("lang") == "zh-Hant"
    assert page.xpath('//dt[.="发布机关"]/following-sibling::dd[1]')[0].get("lang") == "zh-Hant"
    assert {d.get("lang") for d in page.xpath('//div[@class="ogi-sections"]/details')} == {"zh-Hant"}


def test_checks_are_explained_in_chinese_from_their_fields(built_site):
    """Hongze 2024's prose says 17 applications, its Table 3 says 95 (a warning the package records)."""
    out, _ = built_site
    reports = _reports(out)
    page = _page(out / "site", reports[reports["source_format"] == "pdf"]["report_id"].iloc[0])
    (failed,) = page.xpath('//table[@class="ogi-checks"][caption="未通过的校验"]/tbody/tr')
    assert [c.text_content() for c in failed.xpath("./td")] == [
        "本年新收申请数", "95", "17", "正文写17，表格为95；数据以表格为准。"]
    assert failed.xpath("./th")[0].text_content() == "正文与表格一致提示"
    for report_id in reports["report_id"]:
        for table in _page(out / "site", report_id).xpath('//table[@class="ogi-checks"]'):
            for cell in table.xpath(".//td"):
                assert not LATIN_WORD.search(cell.text_content()), (report_id, cell.text_content())


def test_nothing_to_check_is_said_only_where_there_is_no_table(built_site):
    """A legacy statistics table's sums are checked (seed 000); a narrative report has nothing to check."""
    out, _ = built_site
    legacy = _page(out / "site", _report_id(out, V.LEGACY)).xpath('//h2[@id="checks"]/following-sibling::p[1]')[0]
    narrative = _page(out / "site", _report_id(out, V.NARRATIVE)).xpath('//h2[@id="checks"]/following-sibling::p[1]')[0]
    assert legacy.text_content().startswith("共") and "通过" in legacy.text_content()  # the form's sums are checked
    assert "没有可校验" in narrative.text_content()


def test_legacy_tables_keep_the_sources_sections_and_indentation(built_site):
    """Seed 000's statistics table as its source prints it: rows grouped under 一、主动公开情况, 二、回应解读情况
    …, and 其中 rows indented under the row they belong to."""
    out, _ = built_site
    page = _page(out / "site", _report_id(out, V.LEGACY))
    table = page.xpath('//h2[@id="statistics"]/following::table[1]')[0]
    groups = table.xpath("./tbody")
    assert [g.xpath('./tr/th[@scope="rowgroup"]')[0].text_content() for g in groups][:3] == \
        ["一、主动公开情况", "二、回应解读情况", "三、依申请公开情况"]
    rows = {th.text_content(): th.get("class") for th in table.xpath('.//th[@scope="row"]')}
    assert rows["(一)主动公开政府信息数 (不同渠道和方式公开相同信息计1条)"] == "i1"
    assert rows["其中:主动公开规范性文件数"] == "i2"
    assert rows["1.参加或举办新闻发布会总次数"] == "i2"
    assert rows["其中:主要负责同志参加新闻发布会次数"] == "i3"


def test_report_text_is_escaped_in_the_built_html(built_site):
    """No markup from a report in the pages, nor in the part of a page its data file holds (the passed
    checks); its text travels as data, which the page shows as text (test_browser opens it)."""
    out, result = built_site
    site = out / "site"
    hostile_id = next(i.report_id for i in result.inputs if i.path == "hostile.txt")
    sections = _data_file(site, hostile_id)["sections"]
    text = "\n".join(row[sections["fields"].index("text")] or "" for row in sections["rows"])
    assert "<script>alert('ogi-xss')</script>" in text and "{{ config.site_name }}" in text
    pages = [(path, path.read_text(encoding="utf-8")) for path in site.rglob("*.html")]
    pages += [(path, json.loads(gzip.decompress(path.read_bytes()))["page"]["checks"])
              for path in site.rglob("data.json.gz")]
    for path, text in pages:
        dom = lxml_html.fromstring(text)
        scripts = " ".join(s.text_content() for s in dom.iter("script"))
        assert "ogi-xss" not in scripts and "ogi-img" not in scripts, path
        handlers = [(e.tag, a) for e in dom.iter() if isinstance(e.tag, str) for a in e.attrib if a.startswith("on")]
        assert not handlers, (path, handlers)
        assert not dom.xpath('//a[starts-with(normalize-space(@href), "javascript:")]'), path
        assert not dom.xpath('//img[@src="x"]'), path


# --- Every generated page ----------------------------------------------------------------------------

def _generated_pages(out) -> list[str]:
    site = out / "site"
    portal = [str(p.relative_to(site)) for folder in ("bodies", "regions", "years") for p in (site / folder).rglob("index.html")]
    return (["index.html", "reports/index.html", "statistics/index.html", "data/index.html",
             "quality/index.html"] + [f"reports/{rid}/index.html" for rid in _reports(out)["report_id"]] + portal)


def test_one_h1_scoped_headers_and_captions_on_every_generated_page(built_site):
    out, _ = built_site
    for path in _generated_pages(out):
        page = _html(out / "site", path)
        assert len(page.xpath("//h1")) == 1, path
        assert not page.xpath("//article//th[not(@scope)]"), path
        assert not page.xpath("//article//table[not(caption)]"), path
        assert page.xpath('//a[@class="md-skip"]'), path


def test_home_lists_the_latest_report_years_first(built_site):
    out, _ = built_site
    home = _html(out / "site", "index.html")
    latest = [a.text_content() for a in home.xpath('//ul[@class="ogi-latest"]/li/a')]
    years = [int(re.search(r"（(\d{4})年）", text)[1]) for text in latest]
    assert years == sorted(years, reverse=True) and years[0] == 2024  # the PDF has no publication date
    assert home.xpath('//label[@for="ogi-home-search"]') and home.xpath('//input[@id="ogi-home-search"]')


def test_data_dictionary_is_chinese_and_complete():
    """Every resource and field is described in Chinese (the schema's descriptions, shown on the data page);
    every allowed code has its label."""
    from ogi.schema import RESOURCES
    from ogi.site.dictionary import code_labels

    for resource in RESOURCES:
        assert resource.description and not english_words(resource.description), resource.name
        for field in resource.fields:
            assert field.description and field.description != field.zh, (resource.name, field.name)
            assert not english_words(field.description), (resource.name, field.name, field.description)
            assert all(label for _, label in code_labels(field)), (resource.name, field.name)


def test_dictionary_and_quality_pages_show_no_english_beside_the_codes(built_site):
    out, _ = built_site
    data_page = _html(out / "site", "data/index.html")
    for cell in data_page.xpath('//table[@class="ogi-dictionary"]/tbody/tr/td'):
        assert not english_words(_text_without_codes(cell)), cell.text_content()
    quality = _html(out / "site", "quality/index.html")
    for cell in quality.xpath('//table[@class="ogi-quality"]/tbody/tr/td[1]'):  # counts, statuses
        assert not LATIN_WORD.search(cell.text_content()), cell.text_content()
    for cell in quality.xpath('//table[@class="ogi-quality"]/tbody/tr/td[2]/p'):  # failed checks, explained
        assert not LATIN_WORD.search(cell.text_content()), cell.text_content()


def test_quality_page_lists_rejected_inputs_with_the_packages_reason(built_site):
    out, _ = built_site
    page = _html(out / "site", "quality/index.html")
    inputs = pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False)
    template = inputs[inputs["path"] == "004_71222fa0cb25b5b4.txt"].iloc[0]
    (row,) = page.xpath('//tr[th="004_71222fa0cb25b5b4.txt"]')
    assert [td.text_content() for td in row.xpath("./td")] == ["已拒收", template["reason"]]


def test_quality_page_reasons_are_chinese(built_site):
    """A duplicate's reason is written by the site; a rejection's reason is the package's (Chinese, from
    the parser and the build): the site shows it as it is."""
    out, _ = built_site
    inputs = pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False).set_index("path")
    page = _html(out / "site", "quality/index.html")
    rows = page.xpath('//h2[@id="unpublished"]/following::table[1]/tbody/tr')
    assert rows
    for row in rows:
        path, reason = row.xpath("./th")[0].text_content(), row.xpath("./td")[1].text_content()
        if inputs.loc[path, "status"] == "rejected":
            assert reason == inputs.loc[path, "reason"]
        assert not english_words(reason), (path, reason)


def _data_file(site: Path, report_id: str) -> dict:
    return json.loads(gzip.decompress((site / "reports" / report_id / "data.json.gz").read_bytes()))


def test_per_report_data_is_the_packages_rows_and_its_csv_is_labelled_in_chinese(built_site):
    """A report's data file holds its rows of each table (as `fields` and `rows`); reports/labels.json has
    the Chinese the page's CSV labels them with (the browser test saves the CSV in Chromium)."""
    out, _ = built_site
    reports = _reports(out)
    report_id = reports[reports["source_file"] == "001_6f6c780c05ed1855.txt"]["report_id"].iloc[0]
    data = _data_file(out / "site", report_id)
    package = pq.read_table(out / "data" / "applications.parquet").to_pandas()
    mine = package[package["report_id"] == report_id]
    table = pd.DataFrame(data["applications"]["rows"], columns=data["applications"]["fields"])
    assert len(table) == len(mine) == 25 * 7  # the 2021 form: 25 rows × 7 columns
    granted = table[(table["row"] == "granted") & (table["applicant"] == "natural_person")].iloc[0]
    assert (granted["value"], granted["value_status"]) == (10, "reported")  # seed 001
    assert data["exact"] == {}  # every value a browser's number holds exactly
    labels = json.loads((out / "site" / "reports" / "labels.json").read_text(encoding="utf-8"))
    assert labels["header"] == ["表", "行", "列", "数值", "数值状态"]
    assert (labels["tables"]["t3"]["name"], labels["tables"]["t3"]["rows"]["granted"],
            labels["tables"]["t3"]["columns"]["natural_person"], labels["statuses"]["reported"]) == (
        "表三", "（一）予以公开", "自然人", "已填报")
    for text in [t["name"] for t in labels["tables"].values()] + list(labels["statuses"].values()) + \
            [label for t in labels["tables"].values() for part in ("rows", "columns") for label in t[part].values()]:
        assert not LATIN_WORD.search(text), text


# --- Structure, downloads, search -----------------------------------------------------------------

def test_pages_are_linked_and_not_in_the_nav(built_site):
    out, _ = built_site
    site = out / "site"
    index = (site / "reports" / "index.html").read_text(encoding="utf-8")
    assert "ogi-list.js" in index and "list/index.json" in (site / "javascripts" / "ogi-list.js").read_text(encoding="utf-8")
    nav_links = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"', index)
    assert not [link for link in nav_links if re.match(r"\.\./\d{4}-|\d{4}-", link)]
    for report_id in _reports(out)["report_id"]:
        data = _data_file(site, report_id)
        assert data["report"]["report_id"] == report_id and "applications" in data


def test_data_page_lists_every_file_with_its_checksum(built_site):
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
    assert list((index / "t").glob("*.bin")) and list((index / "d").glob("*.bin"))
    fragments = gzip.decompress((index / "d" / "0.0.bin").read_bytes()).decode("utf-8")
    assert "reports/2021-510421-米易县人民政府/" in fragments and "总体情况" not in fragments  # no report text


def test_report_pages_share_the_site_frame_with_their_own_title(built_site):
    """Report pages are written into one frame MkDocs rendered: same header, navigation and assets as
    every other page, the report's own <title>, and nothing of the frame's placeholders left anywhere."""
    from ogi.site.frames import FRAME_SLUG, PAGE_BODY, PAGE_DESCRIPTION, PAGE_TITLE
    from ogi.site.hooks import REPORT_BODY, REPORT_FRAME, REPORT_TITLE

    out, _ = built_site
    site = out / "site"
    slug = REPORT_FRAME.split("/")[1]
    assert not (site / "reports" / slug).exists()
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert REPORT_TITLE not in text and slug not in text and REPORT_BODY not in text, path
        assert not [mark for mark in (FRAME_SLUG, PAGE_BODY, PAGE_DESCRIPTION, PAGE_TITLE) if mark in text], path
    list_page = _html(site, "reports/index.html")
    for _, row in _reports(out).iterrows():
        page = _page(site, row["report_id"])
        assert page.findtext(".//title").startswith(f'{row["year"]} ')
        assert page.xpath("//h1")[0].text_content().strip()
        # The same navigation and stylesheets as the report list, each link resolving to the same file.
        here = f"http://site/reports/{row['report_id']}/"
        for query in ("//nav//a/@href", "//link[@rel='stylesheet']/@href", "//script[not(ancestor::article)]/@src"):
            assert [urljoin(here, h) for h in page.xpath(query)] == \
                [urljoin("http://site/reports/", h) for h in list_page.xpath(query)], query


@pytest.mark.parametrize("name", ["report.html", "reports.html", "statistics.html", "data.html", "quality.html",
                                  "home.html", "body.html", "region.html", "regions.html", "years.html", "year.html",
                                  "year_province.html"])
def test_one_autoescaped_template_per_page_kind(name):
    from ogi.site.templates import TEMPLATES, environment

    assert (TEMPLATES / name).exists()
    assert environment().autoescape is True


def test_a_duplicate_is_explained_in_chinese_with_a_link_to_the_published_report(built_site):
    from ogi.site.data import SiteData
    from ogi.site.pages import quality_page

    out, _ = built_site
    data = SiteData.load(out / "data")
    original = next(r for r in data.reports if r["script"] == "traditional")
    data.inputs.append({"path": "copy of 001.txt", "sha256": "0" * 64, "size": 1, "status": "duplicate",
                        "reason": f"与 {original['source_file']} 是同一份报告", "report_id": original["report_id"]})
    page = lxml_html.fromstring(quality_page(data))
    (row,) = page.xpath('//tr[th="copy of 001.txt"]')
    status, reason = row.xpath("./td")
    assert status.text_content() == "重复"
    assert reason.text_content() == f"与已发布的米易縣人民政府（2021年）（{original['source_file']}）是同一份报告。"
    assert reason.xpath("./a")[0].get("lang") == "zh-Hant"


def test_check_lines_show_the_packages_chinese_message_and_numbers():
    """The site shows a check's scope by its label and the package's message; the numbers compared stand in
    their own columns only where the check compares two numbers."""
    from ogi.site.check_text import check_line

    line = check_line({"check_code": "H1", "scope": "total", "passed": False, "expected": "12", "found": "10",
                       "severity": "error", "message": "一+二为12，三（七）+四为10。"})
    assert (line.name, line.scope, line.expected, line.found, line.explanation) == \
        ("一+二=三（七）+四", "总计列", "12", "10", "一+二为12，三（七）+四为10。")
    line = check_line({"check_code": "counts_valid", "scope": "tables", "passed": False, "expected": "",
                       "found": "表三 予以公开/总计 = -1", "severity": "error", "message": "以下……"})
    assert (line.scope, line.expected, line.found) == ("表二至表四", "", "")


def test_check_scopes_are_shown_by_their_chinese_labels():
    from ogi.site.check_text import scope_label

    assert scope_label("H1", "natural_person") == "自然人列"
    assert scope_label("H3", "denied_state_secret") == "（三）不予公开1.属于国家秘密行"
    assert scope_label("H4", "litigation_after_review") == "行政诉讼·复议后起诉"
    assert scope_label("prose_vs_table", "reviews") == "行政复议数"
    assert scope_label("carry_over_continuity", "2020->2021") == "2020年→2021年"


def test_excerpts_cut_long_sentences_at_clause_breaks_and_fall_back_to_the_context():
    from ogi.site.excerpts import SectionText, excerpt

    long_sentence = ("本年度，我局坚持以公开为常态、不公开为例外，围绕中心工作，持续深化重点领域信息公开，全面推进决策、"
                     "执行、管理、服务、结果公开，主动公开政府信息共计1234条，比上年增加56条，其中规范性文件12件，"
                     "政策解读材料34篇，回应社会关切事项7次，各项工作均按时完成并取得良好的社会效果。")
    context = long_sentence[long_sentence.index("1234") - 24:long_sentence.index("1234") + 9]
    shown = excerpt(context, [SectionText("标题\n" + long_sentence, traditional=False)])
    assert shown.original_script and shown.text.startswith("…") and shown.text.endswith("…")
    assert "主动公开政府信息共计1234条" in shown.text and len(shown.text) < len(long_sentence)
    assert shown.text[1] not in "，、" and shown.text[-2] not in "，、"
    missing = excerpt("情况2017年,全区主动公开政府信息2万余条,主动公开", [SectionText("另一段文字。", traditional=False)])
    assert (missing.text, missing.original_script) == ("…全区主动公开政府信息2万余条,主动公开…", False)


def test_quality_page_lists_at_most_its_row_limit_and_points_to_the_data_for_the_rest(built_site, monkeypatch):
    """At national scale thousands of reports fail a check and thousands of files are rejected: each table
    lists its first rows (reports with most failed checks first), says how many there are in all, and
    points to the data file that has them all."""
    from ogi.site import pages
    from ogi.site.data import SiteData

    out, _ = built_site
    data = SiteData.load(out / "data")
    (found, checks), = [(rid, c) for rid, c in data.failed_checks.items() if c]  # the sample has one of each
    worse = next(r["report_id"] for r in data.reports if r["report_id"] != found)
    data.failed_checks[worse] = checks * 2  # another report, with more failed checks: listed first
    data.inputs.append({**next(i for i in data.inputs if i["status"] != "published"), "path": "另一个.txt"})
    failing = sorted(((rid, len(c)) for rid, c in data.failed_checks.items() if c), key=lambda x: (-x[1], x[0]))
    rejected = [i for i in data.inputs if i["status"] != "published"]
    assert failing[0][0] == worse and len(rejected) == 2
    monkeypatch.setattr(pages, "QUALITY_ROWS", 1)
    page = lxml_html.fromstring(pages.quality_page(data))
    rows = page.xpath('//h2[@id="failed"]/following::table[1]/tbody/tr')
    assert len(rows) == 1 and unquote(rows[0].xpath("./th/a")[0].get("href")) == f"../reports/{failing[0][0]}/"
    assert page.xpath('//h2[@id="failed"]')[0].text_content() == "有未通过校验的报告（2）"
    assert "checks.csv" in page.xpath('//h2[@id="failed"]/following-sibling::p[1]')[0].text_content()
    heading = page.xpath('//h2[@id="unpublished"]')[0]
    assert heading.text_content() == f"未发布的输入文件（{len(rejected)}）"
    assert "inputs.csv" in heading.xpath("following-sibling::p[1]")[0].text_content()
    assert len(heading.xpath("following::table[1]/tbody/tr")) == 1
