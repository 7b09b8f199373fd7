"""Search: the folding both sides share, the index's files, and the search page as a reader uses it
(ranking, excerpts, filters, the URL contract, downloads bounded by the query, accessibility, 390 px)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from browser_support import chromium, site_page
from conftest import FIXTURES, ROOT
from ogi.site.search import fold, fold_table, query_phrases, terms, folded_points

AXE = FIXTURES.parent / "vendor" / "axe-core" / "axe.min.js"


# --- Folding (Python) -------------------------------------------------------------------------------

def test_fold_maps_traditional_full_width_and_radicals_and_keeps_phrases_whole():
    assert fold("米易縣人民政府") == "米易县人民政府"
    assert fold("行政復議、行政訴訟") == "行政复议|行政诉讼"
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("⼀年") == "一年"  # a Kangxi radical from a PDF's text layer is the ideograph
    assert fold("中国特\n色社会主义") == "中国特色社会主义"  # a PDF line break inside a word
    assert fold("2024 年") == "2024年"
    assert fold("|  0件 | |") == "|0件|"


def test_query_phrases_split_at_spaces_and_punctuation():
    assert query_phrases("行政复议 米易縣") == ["行政复议", "米易县"]
    assert query_phrases("行政复议\u3000米易县") == ["行政复议", "米易县"]
    assert query_phrases("「依申请公开」") == ["依申请公开"]
    assert query_phrases("  ,。 ") == []


def test_terms_are_characters_and_adjacent_pairs_within_a_phrase():
    keys = terms(folded_points("公开|复议"))
    pairs = {(int(k) >> 21, int(k) & (2**21 - 1)) for k in keys}
    assert pairs == {(ord("公"), 0), (ord("开"), 0), (ord("复"), 0), (ord("议"), 0),
                     (ord("公"), ord("开")), (ord("复"), ord("议"))}  # no pair across the boundary


def test_fold_table_is_idempotent():
    table = fold_table()
    assert all(fold(folded) == fold(ch) for ch, folded in table.items())
    assert len(table) > 5000  # OpenCC's character table is in it, not just NFKC


_TEXT = st.text(st.sampled_from("行政復議复议公開开米易縣县 \n\t　，。、|ＡａA1１⼀一()㈠·"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
def test_a_query_typed_from_a_text_is_found_in_that_text(text, data):
    """Agreement by construction: every phrase of any slice of a text is in the folded text."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    folded = fold(text)
    assert all(phrase in folded for phrase in query_phrases(text[start:end]))
    assert fold(folded) == folded


# --- The page in a browser (the bundled reports + a hostile copy) -----------------------------------

@pytest.fixture(scope="module")
def session(built_site):
    out, _ = built_site
    with chromium() as browser, site_page(browser, out / "site") as (page, base, errors):
        yield page, base, errors, out


def _search(page, base: str, query: str, extra: str = "") -> list[str]:
    page.goto(base + "search/?q=" + quote(query) + extra)
    page.wait_for_function("document.getElementById('ogi-search-status').textContent.indexOf('结果') >= 0")
    return [unquote(h) for h in page.locator("#ogi-search-results > li h3 a").evaluate_all("a => a.map(x => x.href)")]


def _corpus_texts(data_dir: Path) -> list[str]:
    texts = [r["text"] or "" for r in pq.read_table(data_dir / "sections.parquet").to_pylist()]
    texts += [r["title"] or "" for r in pq.read_table(data_dir / "reports.parquet").to_pylist()]
    return texts + ["".join(fold_table()), "A\u3000b\u200bc ㈠ Ⅻ ﬁ 𠀀 \U0002f800 \ud7ff"]


def test_the_browser_folds_exactly_as_the_index_does(session):
    page, base, errors, out = session
    page.goto(base + "search/")
    texts = _corpus_texts(out / "data")
    folded = page.evaluate("""texts => ogiSearch.loadJSON("meta.bin").then(meta => {
        const folder = new ogiSearch.Folder(meta.fold);
        return texts.map(t => folder.fold(t));
    })""", texts)
    assert folded == [fold(t) for t in texts]
    assert not errors


def _reports(out: Path, **where) -> list[dict]:
    """The published reports (optionally those whose columns equal `where`): what a search should find."""
    rows = pq.read_table(out / "data" / "reports.parquet").to_pylist()
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def test_exact_body_name_first_and_reports_before_site_pages(session):
    page, base, errors, out = session
    links = _search(page, base, "米易县人民政府")
    assert "/reports/2021-510421-米易县人民政府/" in links[0]
    links = _search(page, base, "行政复议")
    kinds = ["report" if "/reports/" in link else "page" for link in links]
    assert "page" in kinds and kinds == sorted(kinds, key=lambda k: k != "report")
    assert len([k for k in kinds if k == "report"]) == len(_reports(out))  # every report holds 行政复议
    assert not errors


def test_excerpt_marks_the_whole_phrase_in_the_reports_own_script(session):
    page, base, errors, _ = session
    _search(page, base, "行政复议")
    item = page.locator("#ogi-search-results > li", has_text="米易縣")
    marks = item.locator(".ogi-search-excerpt mark").all_inner_texts()
    assert marks and set(marks) == {"行政復議"}
    hongze = page.locator("#ogi-search-results > li", has_text="洪泽区").locator(".ogi-search-excerpt")
    assert "|" not in hongze.inner_text()
    _search(page, base, "中国特色社会主义")  # broken by a PDF line in 洪泽's text: 「中国特\n色社会主义」
    marks = page.locator("#ogi-search-results > li", has_text="洪泽区").locator("mark").all_inner_texts()
    assert marks and all(re.sub(r"\s", "", m) == "中国特色社会主义" for m in marks)
    assert not errors


def test_report_text_is_shown_as_text(session):
    page, base, errors, _ = session
    _search(page, base, "ogi-xss")
    excerpt = page.locator(".ogi-search-excerpt").first.inner_text()
    assert "<script>" in excerpt  # shown, not run
    assert page.locator("#ogi-search-results script, #ogi-search-results img").count() == 0
    assert not errors


def test_filters_narrow_the_results_and_stay_in_the_url(session):
    page, base, errors, out = session
    _search(page, base, "政府信息公开")
    assert page.locator("#ogi-search-results > li").count() >= len(_reports(out))
    page.select_option("select[name=year]", "2021")
    page.wait_for_function("document.querySelectorAll('#ogi-search-results > li').length === 1")
    assert "2021 年" in page.locator(".ogi-search-facts").inner_text()
    assert "year=2021" in page.url
    page.reload()
    page.wait_for_function("document.querySelectorAll('#ogi-search-results > li').length === 1")
    levels = page.locator("select[name=level] option").all_inner_texts()
    assert levels[0] == "全部" and any(label.startswith("县级") for label in levels)
    links = _search(page, base, "政府信息公开", "&level=township")
    assert len(links) == len(_reports(out, admin_level="township")) and all("镇" in link for link in links)
    links = _search(page, base, "政府信息公开", "&province=" + quote("河北省") + "&layout=standard-2021")
    assert len(links) == len(_reports(out, province="河北省", layout="standard-2021"))
    assert all("宁晋县" in link for link in links)
    assert not errors


def test_the_home_search_box_leads_to_results(session):
    page, base, errors, _ = session
    page.goto(base)
    page.fill("form.ogi-search input[name=q]", "米易縣")
    page.locator("form.ogi-search input[name=q]").press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_function("document.getElementById('ogi-search-status').textContent.indexOf('结果') >= 0")
    link = page.locator("#ogi-search-results > li h3 a").first
    assert "/reports/2021-" in unquote(link.get_attribute("href"))
    link.click()
    page.wait_for_selector("table.ogi-t3")
    assert not errors


def test_a_search_fetches_only_its_terms_shards_and_the_fragments_shown(session):
    page, base, errors, _ = session
    requested: list[str] = []

    def record(request) -> None:
        requested.append(request.url)

    page.on("request", record)
    _search(page, base, "依申请公开")
    page.wait_for_load_state("networkidle")
    page.remove_listener("request", record)
    shards = [u for u in requested if "/search/idx/t/" in u]
    fragments = [u for u in requested if "/search/idx/d/" in u]
    assert 1 <= len(shards) <= len("依申请公开") - 1  # one shard at most for each character pair
    assert len(fragments) <= 10 + 2
    assert all(u.startswith(base) for u in requested)  # nothing from another site: works offline
    assert not errors


def test_an_index_in_partitions_finds_what_one_index_finds(session, tmp_path):
    """A large corpus is indexed in partitions (one made again when one of its reports changes); the
    browser queries every partition and ranks the results as one list."""
    import json
    import gzip
    import shutil

    from ogi.site import search

    page, base, errors, out = session
    site = tmp_path / "site"
    shutil.copytree(out / "site", site)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PARTITION_REPORTS", 2)  # 6 reports: four partitions
        search.write_index(out / "data", site, ROOT / "docs")
    meta = json.loads(gzip.decompress((site / "search" / "idx" / "meta.bin").read_bytes()))
    assert len(meta["partitions"]) == 4 and sum(p["documents"] for p in meta["partitions"]) == meta["documents"]
    queries = ("行政复议", "米易县", "依申请公开", "政府信息公开", "行政復議", "数据")
    expected = {query: _search(page, base, query) for query in queries}
    with site_page(page.context.browser, site) as (other, other_base, other_errors):
        for query in queries:
            found = [link.replace(other_base, base) for link in _search(other, other_base, query)]
            assert found == expected[query], query
        assert not other_errors
    assert not errors


def test_no_query_and_no_result_are_said_in_chinese(session):
    page, base, errors, _ = session
    page.goto(base + "search/")
    assert page.locator("#ogi-search-status").inner_text() == "请输入机关名称、地名或报告中的词句。"
    _search(page, base, "达坂城")
    assert page.locator("#ogi-search-status").inner_text() == "没有找到包含「达坂城」的结果。"
    words = page.locator("article").inner_text()
    assert not re.search(r"[A-Za-z]{3,}", words), words
    assert not errors


def test_search_page_is_accessible_and_fits_a_phone(session):
    desktop, base, errors, out = session
    page = desktop.context.browser.new_page(viewport={"width": 390, "height": 844})
    page.on("pageerror", lambda error: errors.append(str(error)))
    _search(page, base, "行政复议")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert not violations
    page.screenshot(path=str(out / "search-390.png"), full_page=True)
    page.close()
    assert not errors


def test_browsers_without_decompression_streams_search_too(session):
    """Safari before 16.4 (older iPhones) has no DecompressionStream: the vendored fflate inflates."""
    desktop, base, errors, out = session
    page = desktop.context.browser.new_page()
    page.add_init_script("delete window.DecompressionStream")
    page.on("pageerror", lambda error: errors.append(str(error)))
    links = _search(page, base, "行政復議")
    assert len([link for link in links if "/reports/" in link]) == len(_reports(out))
    page.close()
    assert not errors


def test_every_result_is_a_page_the_site_has(session):
    """A Markdown file MkDocs leaves out of the site (exclude_docs: docs/benchmarks.md, docs/scaling.md) is
    never a result: 浈江区 stands in docs/benchmarks.md only; 政府信息公开 there and on every page."""
    page, base, errors, out = session
    for query in ("浈江区", "政府信息公开"):
        for link in _search(page, base, query):
            assert (out / "site" / link[len(base):] / "index.html").is_file(), (query, link)
    assert not errors


_WILD_TEXT = st.text(st.sampled_from(list("公开政府信息行政复议申請體臺依 \t\n|、。．ＡＢab12①ﬁ㍿\u3000\u00ad\u200b")
                                     + [chr(0x10FFFD), "\U0002A700"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_WILD_TEXT, _WILD_TEXT, _WILD_TEXT, _WILD_TEXT), max_size=7))
def test_the_terms_of_many_documents_at_once_are_those_of_each_alone(fields):
    """The index folds a chunk of documents' texts joined; no term may cross from one document to the
    next, and each document's terms and field masks are those document_terms gives it."""
    import numpy as np

    from ogi.site import search

    docs = [search.Document(url=str(n), name=name, title=title, place=place, text=[("", text)])
            for n, (name, title, place, text) in enumerate(fields)]
    expected = [search.document_terms(doc) for doc in docs]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "_CHUNK_DOCUMENTS", 3)  # chunks of three: the seams between chunks too
        keys, owners, masks = search.documents_terms(docs)
    assert np.array_equal(keys, np.concatenate([k for k, _ in expected] or [np.zeros(0, np.int64)]))
    assert np.array_equal(masks, np.concatenate([m for _, m in expected] or [np.zeros(0, np.uint8)]))
    assert owners.tolist() == [n for n, (k, _) in enumerate(expected) for _ in range(len(k))]
