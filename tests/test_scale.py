"""A site that fits GitHub Pages and is rebuilt by what changed: the size budget and the artifact's size,
data files and originals served from GitHub when the site is for Pages, unchanged files linked from the
store (and the same site as a build from nothing), one province's site (`--only`)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import lxml.html
import pandas as pd
import pytest

from conftest import REPORTS, ROOT
from ogi.build import build
from ogi.cli import main
from ogi.hosting import asset_url, original_url
from ogi.site import build_site
from ogi.site.size import SiteTooLarge, artifact_bytes

SEED_001 = next(REPORTS.glob("001_*.txt"))
CONFIG = ROOT / "mkdocs.yml"


def _reports(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    shutil.copytree(REPORTS, reports)
    return reports


def _digests(folder: Path) -> dict[str, str]:
    """Every file's sha256 and every folder (empty ones too) of a site."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in sorted(folder.rglob("*"))}


def test_a_site_over_its_budget_fails_the_build_and_says_why(tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["build", "--reports", str(REPORTS), "--out", str(out), "--size-budget", "0.5"]) == 3
    printed = capsys.readouterr()
    assert "MB of files of a 0.5 MB budget" in printed.out and "as the Pages artifact (tar)" in printed.out
    assert "网站超出大小预算" in printed.err and "预算 0.5 MB" in printed.err and "assets/" in printed.err
    assert (out / "site" / "index.html").exists()  # the site stays, to see what is large
    assert main(["build", "--reports", str(REPORTS), "--out", str(out)]) == 0
    assert "of a 1,000 MB budget" in capsys.readouterr().out


def test_the_measured_size_is_that_of_the_tar_github_pages_uploads(tmp_path):
    out = tmp_path / "build"
    build(REPORTS, out)
    built = build_site(out / "data", out / "site", CONFIG, REPORTS)
    assert artifact_bytes(out / "site") == built.size  # the build's figure, from what it placed, is the folder's
    long_name = out / "site" / "reports" / ("长" * 40)  # a path over tar's 100-byte name field
    long_name.mkdir()
    (long_name / "index.html").write_text("页" * 300, encoding="utf-8")
    tar = subprocess.run(["tar", "--dereference", "--hard-dereference", "--directory", str(out / "site"), "-cf", "-",
                          "--exclude=.git", "--exclude=.github", "."], capture_output=True, check=True).stdout
    size = artifact_bytes(out / "site")
    assert size.archive == len(tar)
    files = [p for p in (out / "site").rglob("*") if p.is_file()]
    assert (size.published, size.files) == (sum(p.stat().st_size for p in files), len(files))
    with pytest.raises(SiteTooLarge) as error:
        build_site(out / "data", out / "site", CONFIG, REPORTS, budget=size.published // 2)
    assert error.value.size.published > error.value.budget


def test_a_site_for_github_pages_links_the_release_and_the_repository(tmp_path):
    out = tmp_path / "build"
    result = build(REPORTS, out, bundle=False)
    build_site(out / "data", out / "site", CONFIG, REPORTS, downloads="github")
    site, version = out / "site", result.release.version
    assert not (out / "data" / "ogi-data.xlsx").exists()  # the release job makes the workbook and the zip
    assert not (site / "sources").exists() and [p.name for p in (site / "data").iterdir()] == ["index.html"]
    data_page = lxml.html.fromstring((site / "data" / "index.html").read_text(encoding="utf-8"))
    links = {a.text_content(): a.get("href") for a in data_page.xpath("//table[@class='ogi-files']//a")}
    for path in (out / "data").iterdir():
        if path.is_file():
            assert links[path.name] == asset_url(version, path.name)
            assert hashlib.sha256(path.read_bytes()).hexdigest() in data_page.text_content()
    assert asset_url(version, "ogi-data.xlsx") in [a.get("href") for a in data_page.xpath("//a")]
    reports = pd.read_csv(out / "data" / "reports.csv", dtype=str, keep_default_na=False)
    for report in reports.to_dict("records"):
        page = (site / "reports" / report["report_id"] / "index.html").read_text(encoding="utf-8")
        assert f'href="{original_url(report["source_file"])}"' in page and report["sha256"] in page
    assert original_url("hongze_2024.pdf") == f"https://github.com/ogi-data/ogi/raw/main/reports/hongze_2024.pdf"
    assert main(["bundle", str(out / "data")]) == 0
    assert (out / "data" / "ogi-data.xlsx").exists() and (out / "data" / "ogi-data.zip").exists()


def test_adding_a_report_makes_its_files_and_keeps_the_rest_giving_the_site_of_a_build_from_nothing(tmp_path):
    reports = _reports(tmp_path)
    out, whole = tmp_path / "build", tmp_path / "whole"
    store = out / "cache" / "site"
    build(reports, out)
    first = build_site(out / "data", out / "site", CONFIG, reports, store=store)
    assert first.linked == first.kept == 0
    unchanged = out / "site" / "reports" / "2024-320813-淮安市洪泽区人民政府" / "index.html"
    inode = unchanged.stat().st_ino
    earlier = SEED_001.read_text(encoding="utf-8").replace("2021年", "2020年")  # the body's previous year
    (reports / "miyi-2020.txt").write_text(earlier, encoding="utf-8")
    build(reports, out)
    again = build_site(out / "data", out / "site", CONFIG, reports, store=store, processes=2)  # two writers
    # The new report's page, data file and original; the 2021 report's page and data file (its other years
    # and carry-over check changed); the search index's one partition; the portal pages that show them.
    # Everything else is left as it was in the folder the build brought up to date.
    assert again.made < first.made / 2 and again.kept > first.made / 2 and again.linked == 0
    assert unchanged.stat().st_ino == inode  # the same file: never rewritten
    assert (out / "site" / "reports" / "2020-510421-米易县人民政府" / "index.html").exists()
    build(reports, whole)
    scratch = build_site(whole / "data", whole / "site", CONFIG, reports)
    assert scratch.linked == scratch.kept == 0
    assert _digests(out / "site") == _digests(whole / "site")
    # CI restores the store, not the site: the files are linked from the store, not made.
    for leftover in (out / ".site.spare", out / "site"):
        shutil.rmtree(leftover)
    restored = build_site(out / "data", out / "site", CONFIG, reports, store=store)
    pages = len(list((out / "site" / "reports").glob("*/data.json.gz")))
    assert restored.linked >= 2 * pages and restored.kept == 0  # each report's page and data file, and more
    assert _digests(out / "site") == _digests(whole / "site")
    # A spare folder whose update was interrupted (its manifest is taken away first) is not trusted.
    (out / ".site.spare" / "reports" / "2024-320813-淮安市洪泽区人民政府" / "index.html").unlink()
    (out / ".site.spare.json").unlink()
    build_site(out / "data", out / "site", CONFIG, reports, store=store)
    assert _digests(out / "site") == _digests(whole / "site")
    removed = (out / "site" / "reports" / "2020-510421-米易县人民政府" / "index.html").stat().st_ino
    (reports / "miyi-2020.txt").unlink()
    build(reports, out)
    build_site(out / "data", out / "site", CONFIG, reports, store=store)
    build_site(out / "data", out / "site", CONFIG, reports, store=store)  # the spare brought up to date too
    assert not (out / "site" / "reports" / "2020-510421-米易县人民政府").exists()
    assert not (out / ".site.spare" / "reports" / "2020-510421-米易县人民政府").exists()
    assert removed not in {p.stat().st_ino for p in store.rglob("*")}  # what the site no longer uses is gone


def test_a_report_added_then_removed_gives_the_site_of_a_build_from_nothing(tmp_path):
    """Builds of corpus A, then B (one report more), then A twice: the third build keeps in place files
    the store no longer holds (they were last made two builds ago); the fourth must still find or make
    every file — the search index's parts whole, with their reports' text."""
    reports = _reports(tmp_path)
    out, whole = tmp_path / "build", tmp_path / "whole"
    store = out / "cache" / "site"
    added = reports / "miyi-2020.txt"
    for present in (False, True, False, False):
        if present:
            added.write_text(SEED_001.read_text(encoding="utf-8").replace("2021年", "2020年"), encoding="utf-8")
        else:
            added.unlink(missing_ok=True)
        build(reports, out)
        build_site(out / "data", out / "site", CONFIG, reports, store=store)
    build(reports, whole)
    build_site(whole / "data", whole / "site", CONFIG, reports)
    assert _digests(out / "site") == _digests(whole / "site")


def test_one_province_is_built_alone(tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["build", "--reports", str(REPORTS), "--out", str(out), "--only", "province=510000"]) == 0
    reports = pd.read_csv(out / "data" / "reports.csv", dtype=str, keep_default_na=False)
    assert reports["report_id"].tolist() == ["2021-510421-米易县人民政府"]
    inputs = pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False)
    assert set(inputs["status"]) == {"published", "rejected"}  # the rejected template belongs to no province
    pages = [p.name for p in (out / "site" / "reports").iterdir() if (p / "index.html").exists()]
    assert pages == ["2021-510421-米易县人民政府"]  # reports/list/ holds the list's data
    assert main(["build", "--reports", str(REPORTS), "--out", str(tmp_path / "b"), "--only", "province=河北省",
                 "--no-site"]) == 0
    named = pd.read_csv(tmp_path / "b" / "data" / "reports.csv", dtype=str, keep_default_na=False)
    assert named["report_id"].tolist() == ["2022-130528-宁晋县大曹庄镇"]
    with pytest.raises(SystemExit):
        main(["build", "--only", "county=1"])
    assert "province=CODE-OR-NAME" in capsys.readouterr().err
