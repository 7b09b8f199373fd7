"""Search quality as a reader gets it: queries typed into /search/?q= in Chromium, over the bundled reports
and over a synthetic corpus of 1,000 reports with real place names. Each query's expected reports are
computed from the published package's text (title, body name, places, sections) with OpenCC's own
Traditional → Simplified conversion — independently of the site's folding table — and compared with the
result links. Prints recall and precision by query group; asserts recall ≥ 98 %, precision ≥ 95 %.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

import pyarrow.parquet as pq
import pytest

from browser_support import chromium, site_page
from conftest import ROOT

# The report's own vocabulary: words of the form and of the reports' prose.
VOCABULARY = ("行政复议", "行政诉讼", "依申请公开", "政府信息公开申请", "规范性文件", "政务新媒体", "保密审查",
              "主动公开", "行政许可", "政策解读", "信息处理费", "政府网站", "政务公开", "行政处罚", "新闻发布会",
              "年度报告", "申请人情况", "本年度办理结果", "政府公报", "依法行政", "结转下年度继续办理")
REQUIRED_RECALL, REQUIRED_PRECISION = 0.98, 0.95


@lru_cache(maxsize=1)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def normalise(text: str) -> str:
    """What 'contains' means for the expected sets: NFKC, OpenCC t2s, lower case, no whitespace."""
    return re.sub(r"\s+", "", _opencc("t2s").convert(unicodedata.normalize("NFKC", text)).lower())


def traditional(text: str) -> str:
    return _opencc("s2t").convert(text)


@dataclass
class CorpusText:
    report_id: str
    fields: list[str]  # normalised title, body name, each place, the sections' text


def corpus(data_dir: Path) -> list[CorpusText]:
    reports = pq.read_table(data_dir / "reports.parquet").to_pylist()
    sections: dict[str, list] = {}
    for row in pq.read_table(data_dir / "sections.parquet").to_pylist():
        sections.setdefault(row["report_id"], []).append(row)
    out = []
    for r in reports:
        body = "\n".join(f'{s["heading"] or ""}\n{s["text"] or ""}'
                         for s in sorted(sections.get(r["report_id"], []), key=lambda s: s["section"]))
        raw = [r["title"] or "", r["organization"] or "", r["province"], r["prefecture"], r["county"], r["township"], body]
        out.append(CorpusText(r["report_id"], [normalise(f or "") for f in raw]))
    return out


def expected(docs: list[CorpusText], query: str) -> set[str]:
    """Reports containing every space-separated phrase of the query in one of their fields."""
    phrases = [normalise(p) for p in query.split()]
    return {d.report_id for d in docs if all(any(p in f for f in d.fields) for p in phrases)}


def queries(data_dir: Path, sample: int, words: int, seed: int = 12) -> list[tuple[str, str]]:
    """(group, query): body names, places of every level, the reports' vocabulary, each also in
    Traditional; drawn from the package, `sample` names of each kind and `words` words at most."""
    rng = random.Random(seed)
    reports = pq.read_table(data_dir / "reports.parquet").to_pylist()

    def pick(values) -> list[str]:
        values = sorted({v for v in values if v})
        return rng.sample(values, min(sample, len(values)))

    names = pick(r["organization_simplified"] for r in reports)
    out = [("机关名称", n) for n in names] + [("机关名称(繁体)", traditional(n)) for n in names[: sample // 2]]
    for level in ("province", "prefecture", "county", "township"):
        out += [("地名", p) for p in pick(r[level] for r in reports)]
    vocabulary = rng.sample(VOCABULARY, min(words, len(VOCABULARY)))
    out += [("报告用语", w) for w in vocabulary] + [("报告用语(繁体)", traditional(w)) for w in vocabulary[::3]]
    counties = pick(r["county"] for r in reports)
    out += [("两个词", f"{w} {c}") for w, c in zip(("行政复议", "主动公开", "依申请公开"), counties)]
    return out


# --- Running the queries in the browser ------------------------------------------------------------

_REPORT_LINK = re.compile(r"/reports/([^/]+)/$")


def search(page, base: str, query: str) -> tuple[list[str], list[str]]:
    """(report ids, other result links) for one query, in order, every page of results opened."""
    page.goto(base + "search/?q=" + quote(query))
    done = ("document.getElementById('ogi-search-status').textContent.indexOf('结果') >= 0"
            " && !document.getElementById('ogi-search-results').hasAttribute('aria-busy')")
    page.wait_for_function(done)
    more = page.locator("#ogi-search-more")
    while more.is_visible():
        more.click()
        page.wait_for_function(done)
    links = page.locator("#ogi-search-results > li h3 a").evaluate_all("links => links.map(a => a.href)")
    reports, others = [], []
    for link in links:
        found = _REPORT_LINK.search(unquote(link.split("?")[0]))
        (reports.append(found.group(1)) if found else others.append(link))
    return reports, others


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    correct: int = 0

    def add(self, want: set[str], got: set[str]) -> None:
        self.expected += len(want)
        self.found += len(got)
        self.correct += len(want & got)

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0


def evaluate(page, base: str, data_dir: Path, sample: int, words: int, title: str) -> tuple[Score, list[str]]:
    docs = corpus(data_dir)
    groups: dict[str, Score] = {}
    total, failures = Score(), []
    asked = queries(data_dir, sample, words)
    for group, query in asked:
        want = expected(docs, query)
        reports, _ = search(page, base, query)
        got = set(reports)
        assert len(got) == len(reports), f"{query}: a report listed twice"
        groups.setdefault(group, Score()).add(want, got)
        total.add(want, got)
        if want != got:
            failures.append(f"{query}: missed {sorted(want - got)[:3]}, wrong {sorted(got - want)[:3]}")
    print(f"\n{title}: {len(asked)} queries")
    print(f"| group | queries | expected | found | recall | precision |\n| --- | --- | --- | --- | --- | --- |")
    for name, score in [*groups.items(), ("all", total)]:
        count = sum(1 for g, _ in asked if g == name) if name != "all" else len(asked)
        print(f"| {name} | {count} | {score.expected} | {score.found} | {score.recall:.1%} | {score.precision:.1%} |")
    for failure in failures:
        print("  ", failure)
    return total, asked


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture()
def bundled(browser, built_site):
    out, _ = built_site
    with site_page(browser, out / "site") as session:
        yield session, out / "data"


@pytest.fixture()
def synthetic(browser, synthetic_site):
    with site_page(browser, synthetic_site / "site") as session:
        yield session, synthetic_site / "data"


def test_quality_on_the_bundled_reports(bundled):
    (page, base, errors), data_dir = bundled
    score, asked = evaluate(page, base, data_dir, sample=20, words=len(VOCABULARY), title="bundled reports")
    assert len(asked) >= 40
    assert score.expected >= 60  # the queries do find reports: the figures below are not vacuous
    assert score.recall >= REQUIRED_RECALL
    assert score.precision >= REQUIRED_PRECISION
    assert not errors


def test_quality_on_1000_synthetic_reports(synthetic):
    (page, base, errors), data_dir = synthetic
    # A common word has ~1,000 results, opened 50 at a time with 「更多结果」: a sample of words keeps the run short.
    score, asked = evaluate(page, base, data_dir, sample=8, words=12, title="1,000 synthetic reports")
    assert len(asked) >= 40
    assert score.expected >= 1000
    assert score.recall >= REQUIRED_RECALL
    assert score.precision >= REQUIRED_PRECISION
    assert not errors


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory):
    """1,000 synthetic reports (real place names) through the whole build, once."""
    from ogi.build import build
    from ogi.site import build_site
    from ogi.synth import write_corpus

    root = tmp_path_factory.mktemp("synthetic")
    write_corpus(root / "reports", 1000, seed=1, truth_dir=root / "truth")
    build(root / "reports", root / "build")
    build_site(root / "build" / "data", root / "build" / "site", ROOT / "mkdocs.yml")
    return root / "build"
