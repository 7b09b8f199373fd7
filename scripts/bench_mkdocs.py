"""ogi's whole build against a plain mkdocs-material build of the same number of comparable pages, timed in
one run on the same machine; prints the ratio (the target: at most 0.5 at 1,000 reports).

    .venv/bin/python scripts/bench_mkdocs.py --count 1000

1. `ogi build --downloads github` of N synthetic reports from nothing (parse, package, site, search index),
   in a process of its own.
2. The baseline: for each report the same content as a Markdown page — title, metadata, Tables 2-4 and the
   legacy table as Markdown tables, the prose figures, the checks, the six sections' text — in a
   mkdocs-material site with the same theme settings, the report pages out of the navigation (as in
   docs/performance.md), built by `mkdocs build` without a search plugin; then again with Material's
   search plugin (`lang: zh`), what a plain site would need to be searchable.
Prints each time, the ratios and the load average (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN_CONFIG = """site_name: 基准 · plain mkdocs-material
docs_dir: docs
site_dir: site
use_directory_urls: true
theme:
  name: material
  language: zh
  font: false
  features: [navigation.tabs, navigation.top]
plugins: {plugins}
nav:
  - 首页: index.md
"""


def timed(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})  # Material's notice about MkDocs 2
    return time.perf_counter() - started


def markdown_table(header: list[str], rows: list[list]) -> str:
    def cell(value) -> str:
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def report_markdown(report: dict, rows: dict[str, list[dict]]) -> str:
    """A report's page content in Markdown: what ogi's page shows, as a plain site would write it."""
    parts = [f"# {report['title'] or report['organization']}", "",
             markdown_table(["项目", "内容"], [[k, report[k]] for k in (
                 "organization", "province", "prefecture", "county", "year", "layout", "published", "source_file",
                 "sha256", "report_id")])]
    tables = (("表二", "active_disclosure", ("item", "measure")), ("表三", "applications", ("row", "applicant")),
              ("表四", "reviews_litigation", ("proceeding", "outcome")),
              ("统计表", "legacy_indicators", ("indicator", "period")))
    for title, name, keys in tables:
        if rows[name]:
            parts += ["", f"## {title}", "", markdown_table(
                [*keys, "数值", "状态"], [[r[k] for k in keys] + [r["value"] if r["value"] is not None else r.get("amount"),
                                                              r["value_status"]] for r in rows[name]])]
    if rows["prose_figures"]:
        parts += ["", "## 正文中的数字", "", markdown_table(
            ["指标", "数值", "原文"], [[r["indicator"], r["value"], r["context"]] for r in rows["prose_figures"]])]
    parts += ["", "## 勾稽关系校验", "", markdown_table(
        ["校验", "范围", "通过", "说明"], [[r["check_code"], r["scope"], r["passed"], r["message"]] for r in rows["checks"]])]
    for section in sorted(rows["sections"], key=lambda s: s["section"]):
        parts += ["", f"## {section['heading'] or section['section']}", "", *[
            line for line in (section["text"] or "").split("\n") if line.strip()]]
    return "\n".join(parts) + "\n"


def plain_site(data_dir: Path, folder: Path, search: bool) -> None:
    from ogi.site.data import SiteData

    docs = folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    (docs / "reports").mkdir(parents=True)
    (docs / "index.md").write_text("# 基准\n\n与 ogi 报告页内容相同的普通页面。\n", encoding="utf-8")
    for report, rows in SiteData.load(data_dir).report_rows():
        page = docs / "reports" / report["report_id"]
        page.mkdir()
        (page / "index.md").write_text(report_markdown(report, rows), encoding="utf-8")
    plugins = "[{search: {lang: zh}}]" if search else "[]"
    (folder / "mkdocs.yml").write_text(PLAIN_CONFIG.format(plugins=plugins), encoding="utf-8")


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--keep", help="keep the corpus and builds in this folder")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ogi-bench-mkdocs-"))
    shutil.rmtree(work, ignore_errors=True)
    from ogi.synth import write_corpus

    write_corpus(work / "reports", args.count, seed=42, truth_dir=work / "truth")
    bin_dir = Path(sys.executable).parent
    loads = [load()]
    ogi = timed([str(bin_dir / "ogi"), "build", "--reports", str(work / "reports"), "--out", str(work / "build"),
                 "--downloads", "github", "--config", str(ROOT / "mkdocs.yml")], cwd=ROOT)
    loads.append(load())
    plain_site(work / "build" / "data", work / "plain", search=False)
    plain = timed([str(bin_dir / "mkdocs"), "build", "--quiet"], cwd=work / "plain")
    loads.append(load())
    plain_site(work / "build" / "data", work / "plain-search", search=True)
    searched = timed([str(bin_dir / "mkdocs"), "build", "--quiet"], cwd=work / "plain-search")
    loads.append(load())
    print(f"{args.count:,} reports, {os.cpu_count()} cores; load average (1/5/15 min) before and after each build: "
          + " · ".join(loads))
    print(f"ogi build (parse, package, site, search index), from nothing: {ogi:.1f} s")
    print(f"plain mkdocs-material, same pages, no search:                  {plain:.1f} s  → ratio {ogi / plain:.2f}")
    print(f"plain mkdocs-material, same pages, with its search (zh):       {searched:.1f} s  → ratio {ogi / searched:.2f}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
