from __future__ import annotations

from pathlib import Path

import pytest

from ogi.pipeline import INTERNAL_ERROR, process_file

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def parse_path(path: Path):
    return process_file(path, path.parent)


def handled(outcome) -> bool:
    """A Report, or a Rejection with a reason about the input — not the catch-all for a failure in ogi."""
    from ogi.records import Rejection, Report

    if isinstance(outcome, Rejection):
        return INTERNAL_ERROR not in outcome.reason
    return isinstance(outcome, Report)


@pytest.fixture(scope="session")
def seed():
    cache = {}

    def get(prefix: str):
        if prefix not in cache:
            path = next(REPORTS.glob(f"{prefix}_*.txt"))
            cache[prefix] = parse_path(path)
        return cache[prefix]

    return get


HOSTILE_LINES = (
    "<script>alert('ogi-xss')</script>",
    "<img src=x onerror=alert('ogi-img')>",
    "[点我](javascript:alert('ogi-link'))",
    "{{ config.site_name }} {% include 'base.html' %}",
)


def hostile_report_text() -> str:
    """Seed 002 with markup, markdown and template syntax injected into its prose."""
    text = next(REPORTS.glob("002_*.txt")).read_text(encoding="utf-8")
    injected = "\n\n".join(HOSTILE_LINES)
    return text.replace("一、总体情况\n", "一、总体情况\n\n" + injected + "\n", 1)


SITE_URL = "https://example.org/ogi/"  # the test site is published under a project's sub-path, as on GitHub Pages


def gap_year_report_text() -> str:
    """Seed 002's body (宁晋县大曹庄镇) two years earlier: with the hostile copy (2023) it has reports for
    2020, 2022 and 2023, and none for 2021 — a gap its page must show as a gap."""
    return next(REPORTS.glob("002_*.txt")).read_text(encoding="utf-8").replace("2022年", "2020年")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Seeds plus a hostile report and an earlier year of seed 002's body, through the whole build: data
    package, site (published at SITE_URL) and search index."""
    from ogi.build import build
    from ogi.site import build_site

    root = tmp_path_factory.mktemp("site")
    reports = root / "reports"
    reports.mkdir()
    for path in REPORTS.iterdir():
        (reports / path.name).write_bytes(path.read_bytes())
    (reports / "hostile.txt").write_text(hostile_report_text().replace("2022年", "2023年"), encoding="utf-8")
    (reports / "gap-year.txt").write_text(gap_year_report_text(), encoding="utf-8")
    out = root / "build"
    result = build(reports, out)
    build_site(out / "data", out / "site", ROOT / "mkdocs.yml", reports, site_url=SITE_URL)
    return out, result
