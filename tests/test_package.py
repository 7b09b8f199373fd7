"""The data package: valid, complete, typed, byte-identical from one build to the next, stable ids."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import validate

from conftest import REPORTS, ROOT
from ogi.build import build
from ogi.package import descriptor
from ogi.schema import RESOURCES


def _build(reports: Path, out: Path):
    return build(reports, out, root_descriptor=out / "root-datapackage.json")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "build"
    result = _build(REPORTS, out)
    return out, result


def test_package_validates(built):
    out, _ = built
    report = validate(str(out / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_root_descriptor_validates_against_build_data(built, tmp_path):
    out, _ = built
    # The root descriptor points into build/data/: lay the built files out that way and validate.
    shutil.copytree(out / "data", tmp_path / "build" / "data")
    shutil.copy(ROOT / "datapackage.json", tmp_path / "datapackage.json")
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_committed_descriptor_matches_the_code():
    committed = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == descriptor("build/data/"), "datapackage.json drifted: run `make build` and commit it"


def test_negative_count_fails_validation(built, tmp_path):
    out, _ = built
    data = tmp_path / "data"
    shutil.copytree(out / "data", data)
    csv = data / "applications.csv"
    lines = csv.read_bytes().decode("utf-8").split("\r\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("value")] = "-3"
    lines[1] = ",".join(cells)
    csv.write_bytes("\r\n".join(lines).encode("utf-8"))
    report = validate(str(data / "datapackage.json"))
    assert not report.valid
    assert any(e.type == "constraint-error" for task in report.tasks for e in task.errors)


def test_inputs_account_for_every_file(built):
    out, result = built
    inputs = pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False)
    assert len(inputs) == len([p for p in REPORTS.iterdir() if p.name != "sources.csv"])
    assert set(inputs["status"]) <= {"published", "rejected", "duplicate"}
    rejected = inputs[inputs["status"] == "rejected"]
    assert list(rejected["path"]) == ["004_71222fa0cb25b5b4.txt"]
    assert "模板" in rejected["reason"].iloc[0]


def test_parquet_and_csv_hold_the_seed_figures(built):
    out, _ = built
    reports = pq.read_table(out / "data" / "reports.parquet").to_pandas()
    miyi = reports[reports["organization_simplified"] == "米易县人民政府"].iloc[0]
    assert miyi["year"] == 2021 and miyi["applications_received"] == 10 and miyi["reviews"] == 1
    apps = pd.read_csv(out / "data" / "applications.csv", dtype={"report_id": str})
    row = apps[(apps["report_id"] == miyi["report_id"]) & (apps["row"] == "granted") & (apps["applicant"] == "total")]
    assert row["value"].tolist() == [10]
    t2 = pq.read_table(out / "data" / "active_disclosure.parquet").to_pandas()
    fee = t2[(t2["report_id"] == miyi["report_id"]) & (t2["item"] == "administrative_fees")]
    assert fee["value"].tolist() == [3415.891] and fee["unit"].tolist() == ["万元"]
    wansheng = reports[reports["organization_simplified"] == "万盛经开区"].iloc[0]
    assert wansheng["active_disclosures"] == 20000 and wansheng["active_disclosures_status"] == "approximate"
    legacy = pd.read_csv(out / "data" / "legacy_indicators.csv")
    blank = legacy[legacy["indicator"].str.contains("专职人员数")]
    assert blank["value"].isna().all() and (blank["value_status"] == "blank").all()


def test_applications_per_year_in_one_query(built):
    out, _ = built
    reports = pq.read_table(out / "data" / "reports.parquet").to_pandas()
    per_year = reports.groupby("year")["applications_received"].sum(min_count=1).dropna().to_dict()
    assert per_year == {2017: 5.0, 2021: 10.0, 2022: 0.0, 2024: 95.0}


def test_parquet_schema_matches_descriptor(built):
    out, _ = built
    for resource in RESOURCES:
        table = pq.read_table(out / "data" / f"{resource.name}.parquet")
        assert table.schema.names == resource.names()


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rebuild_is_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    _build(REPORTS, first)
    _build(REPORTS, second)
    assert _digests(first / "data") == _digests(second / "data")


def test_ids_stable_when_a_report_is_added_and_only_it_is_parsed(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(REPORTS, reports)
    out = tmp_path / "build"
    _build(reports, out)
    before = pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False)
    new = Path(__file__).parent / "fixtures" / "real" / "pt_2021.txt"
    shutil.copy(new, reports / "pt_2021.txt")
    result = _build(reports, out)
    after = pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False)
    assert result.parsed == 1
    merged = before.merge(after, on="path", suffixes=("_before", "_after"))
    assert (merged["report_id_before"] == merged["report_id_after"]).all()
    assert len(after) == len(before) + 1
    assert len(pd.read_csv(out / "data" / "reports.csv")) == len(before[before["status"] == "published"]) + 1


def test_same_report_twice_is_a_duplicate(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    seed = next(REPORTS.glob("001_*.txt"))
    shutil.copy(seed, reports / "a.txt")
    shutil.copy(seed, reports / "b copy.txt")
    (reports / "c-gb18030.txt").write_bytes(seed.read_text(encoding="utf-8").encode("gb18030", errors="replace"))
    result = _build(reports, tmp_path / "build")
    statuses = {i.path: (i.status, i.report_id) for i in result.inputs}
    assert statuses["a.txt"][0] == "published"
    assert statuses["b copy.txt"] == ("duplicate", statuses["a.txt"][1])
    assert statuses["c-gb18030.txt"] == ("duplicate", statuses["a.txt"][1])
    assert len(result.published) == 1


def test_report_text_never_becomes_an_excel_formula(tmp_path):
    from openpyxl import load_workbook

    from ogi.package import write_xlsx

    rows = {r.name: [] for r in RESOURCES}
    rows["sections"] = [{"report_id": "r", "section": 1, "heading": "=1+1", "text": '=HYPERLINK("http://x","y")'}]
    path = tmp_path / "book.xlsx"
    write_xlsx(rows, path)
    sheet = next(ws for ws in load_workbook(path).worksheets if ws.cell(2, 1).value == "report_id"
                 and ws.cell(2, 4).value == "text")
    assert sheet.cell(3, 3).data_type == "s" and sheet.cell(3, 3).value == "=1+1"
    assert sheet.cell(3, 4).data_type == "s" and sheet.cell(3, 4).value.startswith("=HYPERLINK")


def test_large_applications_table_is_also_partitioned_by_year(tmp_path):
    """Above the threshold (here lowered to 1 row) a hive-partitioned copy sits beside the file; read as a
    dataset it is the same table with a year column."""
    import pyarrow.dataset as ds

    from ogi.package import PARTITIONED_APPLICATIONS, write_package

    result = build(REPORTS, tmp_path / "build")
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        write_package(result.published, result.inputs, out, partition_min_rows=1)
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
