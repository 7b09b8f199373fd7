"""What a maintainer relies on: adding a report, sources.csv, `ogi check`, the CI workflow, the README."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import yaml

from conftest import REPORTS, ROOT
from ogi.build import build
from ogi.cli import main
from ogi.site import build_site

WORKFLOWS = ROOT / ".github" / "workflows"


def _site_build(reports: Path, out: Path):
    result = build(reports, out)
    build_site(out / "data", out / "site", ROOT / "mkdocs.yml", reports)
    return result


def test_adding_a_report_adds_one_page_and_one_row_parsing_only_it(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(REPORTS, reports)
    out = tmp_path / "build"
    _site_build(reports, out)
    pages_before = set((out / "site" / "reports").glob("*/index.html"))
    inputs_before = len(list(reports.iterdir())) - 1  # all but sources.csv
    shutil.copy(Path(__file__).parent / "fixtures" / "real" / "pt_2021.txt", reports / "平潭 2021 年报.txt")
    result = _site_build(reports, out)
    pages_after = set((out / "site" / "reports").glob("*/index.html"))
    assert result.parsed == 1 and result.cached == inputs_before
    assert len(pages_after - pages_before) == 1
    assert len(pd.read_csv(out / "data" / "reports.csv")) == len(pages_after)


def test_sources_csv_url_reaches_the_data_and_the_page(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(REPORTS, reports)
    url = "https://www.panzhihua.gov.cn/zwgk/report-2021.html"
    (reports / "sources.csv").write_text(f"file,url,retrieved,notes\n001_6f6c780c05ed1855.txt,{url},2026-11-01,\n",
                                         encoding="utf-8")
    out = tmp_path / "build"
    _site_build(reports, out)
    rows = pd.read_csv(out / "data" / "reports.csv", dtype=str, keep_default_na=False)
    miyi = rows[rows["source_file"] == "001_6f6c780c05ed1855.txt"].iloc[0]
    assert miyi["source_url"] == url
    page = (out / "site" / "reports" / miyi["report_id"] / "index.html").read_text(encoding="utf-8")
    assert f'href="{url}"' in page
    assert "sources.csv" not in set(pd.read_csv(out / "data" / "inputs.csv")["path"])


def test_ogi_check_exit_codes(tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["check", "--reports", str(REPORTS), "--out", str(out), str(next(REPORTS.glob("001_*")))]) == 0
    assert "OK" in capsys.readouterr().out
    assert main(["check", "--reports", str(REPORTS), "--out", str(out), str(next(REPORTS.glob("004_*")))]) == 1
    assert "REJECTED" in capsys.readouterr().out


def test_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert files
    actionlint = Path(sys.executable).parent / "actionlint"  # installed with the dev dependencies
    completed = subprocess.run([str(actionlint), *map(str, files)],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_deploy_is_separate_least_privilege_and_serialised():
    workflow = yaml.safe_load((WORKFLOWS / "site.yml").read_text(encoding="utf-8"))
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"] == "pages"
    assert "main" in deploy["if"] and deploy["needs"] == "build"
    assert workflow["permissions"] == {"contents": "read"}
    text = (WORKFLOWS / "site.yml").read_text(encoding="utf-8")
    assert "gh-deploy" not in text and "git push" not in text


def test_ci_builds_for_pages_checks_the_artifact_restores_the_build_cache_and_releases_the_data():
    workflow = yaml.safe_load((WORKFLOWS / "site.yml").read_text(encoding="utf-8"))
    steps = {step.get("name", ""): step for step in workflow["jobs"]["build"]["steps"]}
    assert "DOWNLOADS=github" in steps["Build data package and site"]["run"]
    cache = steps["Restore the build cache"]["with"]
    assert "build/cache" in cache["path"] and "build/data/*.parquet" in cache["path"]
    check = steps["Check the site fits GitHub Pages"]["run"]
    assert "--hard-dereference" in check and "1000000000" in check
    names = list(steps)
    assert names.index("Check the site fits GitHub Pages") < names.index("Upload the site for Pages")
    release = " ".join(step.get("run", "") for step in workflow["jobs"]["release"]["steps"])
    assert "ogi bundle data" in release and "gh release create" in release and "SHA256SUMS" in release


def test_every_cli_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cli = (ROOT / "scripts" / "ogi" / "cli.py").read_text(encoding="utf-8")
    commands = re.findall(r'commands\.add_parser\("(\w+)"', cli)
    assert commands
    for command in commands:
        assert f"ogi {command}" in readme, command


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
