"""Package: checked records → tables → CSV, Parquet, xlsx, zip and the Frictionless descriptor.

Entry point: `write_package(published, inputs, out_dir)`. Rows are sorted by primary key and no file
carries a build timestamp, so the same inputs give byte-identical files.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from . import vocabulary as V
from .records import Report, Value, is_valid_count
from .schema import RESOURCES, Resource

_OUTCOME_GROUP = {t.code: t.group for t in V.TABLE3_ROWS if t.group in {g.code for g in V.TABLE3_OUTCOME_GROUPS}}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class InputRow:
    path: str
    sha256: str
    size: int
    status: str
    reason: str
    report_id: str


def value_fields(value: Value, count: bool = True) -> tuple:
    """(value, status) as published: a count that is negative or fractional is withheld as invalid."""
    number = value.number
    if count and not is_valid_count(number):
        return None, "invalid"
    if count and number is not None:
        number = int(number)
    return number, value.status


def tables(published: list[tuple[str, Report]], inputs: list[InputRow]) -> dict[str, list[dict]]:
    """Every resource's rows, from (report_id, report) pairs and the input accounting."""
    rows: dict[str, list[dict]] = {r.name: [] for r in RESOURCES}
    for report_id, report in published:
        rows["reports"].append(_report_row(report_id, report))
        for item, cells in report.table2.items():
            units = {m.code: m.unit for i in V.table2_items(report.layout) if i.term.code == item for m in i.measures}
            for measure, value in cells.items():
                is_count = units.get(measure) != V.WAN_YUAN and measure != "change"
                number, status = value_fields(value, count=is_count)
                if measure == "change" and number is not None and not float(number).is_integer():
                    number, status = None, "invalid"
                rows["active_disclosure"].append({"report_id": report_id, "layout": report.layout, "item": item,
                                                  "measure": measure, "value": number, "value_status": status,
                                                  "unit": units.get(measure, "")})
        for row, cells in report.table3.items():
            for column, value in cells.items():
                number, status = value_fields(value)
                rows["applications"].append({"report_id": report_id, "row": row, "outcome_group": _OUTCOME_GROUP.get(row),
                                             "applicant": column, "value": number, "value_status": status})
        for proceeding, cells in report.table4.items():
            for outcome, value in cells.items():
                number, status = value_fields(value)
                rows["reviews_litigation"].append({"report_id": report_id, "proceeding": proceeding, "outcome": outcome,
                                                   "value": number, "value_status": status})
        for item in report.legacy:
            number, status = value_fields(item.value, count=False)
            rows["legacy_indicators"].append({"report_id": report_id, "legacy_table": item.table, "row": item.row,
                                              "section": item.section, "indent": item.indent,
                                              "indicator": item.indicator, "unit": item.unit, "period": item.period,
                                              "value": number, "value_status": status})
        for n, figure in enumerate(report.prose, 1):
            number, status = value_fields(figure.value, count=False)
            rows["prose_figures"].append({"report_id": report_id, "figure": n, "indicator": figure.indicator,
                                          "value": number, "value_status": status, "unit": figure.unit,
                                          "context": figure.context})
        for section in report.sections:
            rows["sections"].append({"report_id": report_id, "section": section.number, "heading": section.heading,
                                     "text": section.text})
        for table, (first, last) in report.table_pages.items():
            rows["table_pages"].append({"report_id": report_id, "table_code": table, "first_page": first,
                                        "last_page": last})
        for n, check in enumerate(report.checks, 1):
            rows["checks"].append({"report_id": report_id, "check_number": n, "check_code": check.check, "scope": check.scope,
                                   "passed": check.passed, "severity": check.severity, "expected": check.expected,
                                   "found": check.found, "message": check.message})
    _number_versions(rows["reports"])
    rows["inputs"] = [vars(i).copy() for i in inputs]
    for resource in RESOURCES:
        rows[resource.name].sort(key=lambda row, keys=resource.primary_key: tuple(_sort_key(row[k]) for k in keys))
    return rows


def _number_versions(report_rows: list[dict]) -> None:
    """Mark different reports of one body for one year (a corrected re-issue, say) as versions 1..n."""
    groups: dict[tuple, list[dict]] = {}
    for row in report_rows:
        groups.setdefault((row["organization_simplified"], row["year"]), []).append(row)
    for group in groups.values():
        group.sort(key=lambda r: (r["published"] or "9999", r["source_file"]))
        for number, row in enumerate(group, 1):
            row["version"], row["versions"] = number, len(group)


def _sort_key(value):
    return (0, value) if isinstance(value, (int, float)) else (1, str(value))


def _report_row(report_id: str, report: Report) -> dict:
    row = {"report_id": report_id, "title": report.title, "organization": report.organization,
           "organization_simplified": report.organization_simplified, "province": report.province,
           "prefecture": report.prefecture, "county": report.county, "township": report.township,
           "admin_level": report.admin_level, "year": report.year, "layout": report.layout, "script": report.script,
           "published": report.published or None, "index_number": report.index_number,
           "source_file": report.source.path, "source_format": report.source_format,
           "page_count": report.page_count, "source_url": report.source_url, "sha256": report.source.sha256}
    for term in V.HEADLINE:
        value = report.headline.get(term.code)
        number, status = value_fields(value, count=False) if value is not None else (None, None)
        if number is not None and number < 0:
            number, status = None, "invalid"
        row[term.code], row[f"{term.code}_status"] = number, status
    row["checks_failed"] = len(report.failed_checks)
    row["checks_run"] = sum(1 for c in report.checks if c.passed is not None)
    return row


# --- Writers ------------------------------------------------------------------------------------

def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.15g}" if not value.is_integer() else str(int(value))
    return str(value)


def write_csv(resource: Resource, rows: list[dict], path: Path) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(resource.names())
        for row in rows:
            writer.writerow([_csv_cell(row.get(name)) for name in resource.names()])


def write_parquet(resource: Resource, rows: list[dict], path: Path) -> pa.Table:
    """One zstd Parquet file; rows arrive sorted by the primary key, which keeps the long tables small."""
    import datetime as dt

    columns = {}
    for f in resource.fields:
        values = [row.get(f.name) for row in rows]
        if f.type == "date":
            values = [dt.date.fromisoformat(v) if v else None for v in values]
        elif f.type == "number":
            values = [float(v) if v is not None else None for v in values]
        columns[f.name] = values
    table = pa.Table.from_pydict(columns, schema=resource.arrow_schema())
    pq.write_table(table, path, compression="zstd")
    return table


# Above this many Table 3 rows (about 5,500 reports) `applications` is also written partitioned by year.
PARTITION_MIN_ROWS = 1_000_000
PARTITIONED_APPLICATIONS = "applications_by_year"


def write_partitioned_by_year(table: pa.Table, year_of_report: dict[str, int], folder: Path) -> None:
    """Hive-style `year=2023/part-0.parquet` files, which DuckDB, Spark and pyarrow read as one table with
    a `year` column and prune by year without reading the other files."""
    import pyarrow.dataset as ds

    years = pa.array([year_of_report[rid] for rid in table.column("report_id").to_pylist()], pa.int64())
    ds.write_dataset(table.append_column("year", years), folder, format="parquet",
                     partitioning=ds.partitioning(pa.schema([("year", pa.int64())]), flavor="hive"),
                     basename_template="part-{i}.parquet", existing_data_behavior="delete_matching",
                     file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"),
                     use_threads=False)


EXCEL_MAX_ROWS = 1_000_000  # Excel stops at 1,048,576 rows: longer tables continue on another sheet


def write_xlsx(rows: dict[str, list[dict]], path: Path) -> None:
    """One sheet per resource (split when longer than Excel allows), Chinese column titles.

    XlsxWriter in constant-memory mode writes each row as it goes. A string is always written as text —
    never a formula, URL or number, whatever the report printed — and XlsxWriter's fixed zip timestamps
    plus a fixed creation date make the bytes depend only on the content."""
    import datetime as dt

    import xlsxwriter

    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    with xlsxwriter.Workbook(str(path), options) as workbook:
        workbook.set_properties({"created": dt.datetime(2000, 1, 1), "author": "ogi"})
        for resource in RESOURCES:
            table_rows = rows[resource.name]
            columns = [(c, f.name, _XLSX_WRITERS[f.type]) for c, f in enumerate(resource.fields)]
            parts = max(1, -(-len(table_rows) // EXCEL_MAX_ROWS))
            for part in range(parts):
                title = resource.title[:28].replace("(", "（").replace(")", "）")
                sheet = workbook.add_worksheet(title if parts == 1 else f"{title[:25]}-{part + 1}")
                sheet.freeze_panes(2, 0)
                sheet.write_row(0, 0, [f.zh for f in resource.fields])
                sheet.write_row(1, 0, resource.names())
                for r, row in enumerate(table_rows[part * EXCEL_MAX_ROWS:(part + 1) * EXCEL_MAX_ROWS], 2):
                    for c, name, write in columns:
                        value = row[name]
                        if value is not None and value != "":
                            write(sheet, r, c, value)


def _write_xlsx_text(sheet, r: int, c: int, value) -> None:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    sheet.write_string(r, c, text[:32_000])  # Excel's cell limit is 32,767 characters


_XLSX_WRITERS = {"string": _write_xlsx_text, "date": _write_xlsx_text,
                 "integer": lambda sheet, r, c, v: sheet.write_number(r, c, v),
                 "number": lambda sheet, r, c, v: sheet.write_number(r, c, v),
                 "boolean": lambda sheet, r, c, v: sheet.write_boolean(r, c, v)}


def write_zip(folder: Path, names: list[str], path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(names):
            info = zipfile.ZipInfo(f"ogi-data/{name}", _ZIP_TIME)
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / name).read_bytes(), zipfile.ZIP_DEFLATED)


# --- Descriptor ---------------------------------------------------------------------------------

def descriptor(prefix: str = "") -> dict:
    """The Frictionless descriptor; `prefix` is prepended to resource paths ("build/data/" at the repo root)."""
    resources = []
    for resource in RESOURCES:
        for fmt in ("csv", "parquet"):
            item = resource.descriptor(f"{prefix}{resource.name}.{fmt}")
            if fmt == "parquet":
                item["name"] = f"{resource.name}-parquet"
                item["title"] = f"{resource.title} (Parquet)"
                for key in item["schema"].get("foreignKeys", []):
                    key["reference"]["resource"] = "reports-parquet"
            resources.append(item)
    return {
        "profile": "tabular-data-package",
        "name": "ogi-gov-info-disclosure-reports",
        "title": "政府信息公开工作年度报告数据 · China OGI annual reports as data",
        "description": "Figures parsed from the annual reports that Chinese government bodies publish under the "
                       "Regulations on Open Government Information: Tables 2-4 of the 2019 and 2021 formats, the "
                       "pre-2019 statistics tables, figures stated in prose, the six sections' text, and every "
                       "accounting-identity check. Blank cells are kept blank, never written as 0.",
        "version": __version__,
        "homepage": "https://github.com/ogi-data/ogi",
        "keywords": ["政府信息公开", "年度报告", "open government information", "China", "transparency",
                     "FOI", "open data"],
        "licenses": [
            {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (data compilation)",
             "path": "https://creativecommons.org/licenses/by/4.0/"},
            {"name": "MIT", "title": "MIT License (code)", "path": "https://opensource.org/licenses/MIT"},
        ],
        "sources": [{"title": "政府信息公开工作年度报告 published by Chinese government bodies (public government "
                              "information); each report's source file and URL are in the reports resource"}],
        "contributors": [{"title": "ogi maintainers", "role": "author"}],
        "resources": resources,
    }


def write_descriptor(path: Path, prefix: str = "") -> None:
    path.write_text(json.dumps(descriptor(prefix), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_package(published: list[tuple[str, Report]], inputs: list[InputRow], out: Path,
                  partition_min_rows: int = PARTITION_MIN_ROWS) -> list[str]:
    """Write every resource into `out` (a folder that is itself a valid data package). Returns file names."""
    out.mkdir(parents=True, exist_ok=True)
    rows = tables(published, inputs)
    names = []
    for resource in RESOURCES:
        write_csv(resource, rows[resource.name], out / f"{resource.name}.csv")
        table = write_parquet(resource, rows[resource.name], out / f"{resource.name}.parquet")
        names += [f"{resource.name}.csv", f"{resource.name}.parquet"]
        if resource.name == "applications" and table.num_rows >= partition_min_rows:
            year_of_report = {r["report_id"]: r["year"] for r in rows["reports"]}
            write_partitioned_by_year(table, year_of_report, out / PARTITIONED_APPLICATIONS)
    write_descriptor(out / "datapackage.json")
    names.append("datapackage.json")
    write_xlsx(rows, out / "ogi-data.xlsx")
    write_zip(out, names, out / "ogi-data.zip")
    return names + ["ogi-data.xlsx", "ogi-data.zip"]
