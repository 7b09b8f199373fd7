"""Package: checked, identified records → tables → CSV, Parquet, xlsx, zip and the Frictionless descriptor.

Entry point: `write_package(published, inputs, out_dir, previous)`. Rows are sorted by primary key and
no file carries the wall-clock time (the data version's date comes from the inputs, see history.py), so
the same inputs give byte-identical files.

Formats, for people and programs alike:
- CSV: UTF-8 with a byte-order mark (Excel on Chinese Windows otherwise reads GBK), RFC 4180, CRLF. A text
  cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return, and
  not a plain number) is written with a leading apostrophe, the OWASP rule against CSV injection.
- Counts are integers, amounts (万元) exact decimals with their unit, missing values empty (null). A count
  that is not a whole number, is negative, or is beyond a 64-bit integer, and an amount beyond 18 digits
  or with more than 6 decimals, is published as `invalid` with the printed text in `raw`, never rounded.
- xlsx: one sheet per table (split where Excel runs out of rows), one Chinese header row, coded columns as
  their Chinese label with the code beside, real dates, filters, frozen header; a 说明 sheet first.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
import zipfile
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import vocabulary as V
from .history import CHANGELOG_FILE, VERSIONS_FILE, Previous, Release, changelog, release
from .identity import InputRow, alone
from .parse.gazetteer import source as regions_source
from .records import Report, Value
from .schema import AMOUNT_PRECISION, AMOUNT_SCALE, INT64_MAX, RESOURCES, Resource

__all__ = ["InputRow", "write_package", "descriptor", "write_descriptor", "tables"]

_OUTCOME_GROUP = {t.code: t.group for t in V.TABLE3_ROWS if t.group in {g.code for g in V.TABLE3_OUTCOME_GROUPS}}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MONEY_UNITS = {V.WAN_YUAN, "元"}
_AMOUNT_LIMIT = Decimal(10) ** (AMOUNT_PRECISION - AMOUNT_SCALE)
_AMOUNT_STEP = Decimal(1).scaleb(-AMOUNT_SCALE)
TITLE = "政府信息公开工作年度报告数据 · China OGI annual reports as data"
LICENCE = "CC BY 4.0(整理后的数据);报告本身是各机关公开发布的政府信息"


# --- Values -------------------------------------------------------------------------------------

def _raw(value: Value) -> str:
    return value.raw or (repr(value.number) if value.number is not None else "")


def count_fields(value: Value, signed: bool = False) -> tuple[int | None, str, str | None]:
    """(count, status, raw) as published: a whole number a 64-bit integer holds, else invalid."""
    number = value.number
    if number is None:
        return None, value.status, _raw(value) if value.status == "invalid" else None
    whole = isinstance(number, int) or (isinstance(number, float) and math.isfinite(number) and number.is_integer())
    if not whole or (number < 0 and not signed) or abs(int(number)) > INT64_MAX:
        return None, "invalid", _raw(value)
    return int(number), value.status, None


def amount_fields(value: Value) -> tuple[Decimal | None, str, str | None]:
    """(amount, status, raw): an exact decimal that fits the column, else invalid (never rounded)."""
    number = value.number
    if number is None:
        return None, value.status, _raw(value) if value.status == "invalid" else None
    try:
        amount = Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
        fits = amount.is_finite() and 0 <= amount < _AMOUNT_LIMIT and amount == amount.quantize(_AMOUNT_STEP)
    except (InvalidOperation, ValueError):
        fits = False
    return (amount, value.status, None) if fits else (None, "invalid", _raw(value))


# --- Rows ---------------------------------------------------------------------------------------

def tables(published: list[tuple[str, Report]], inputs: list[InputRow]) -> dict[str, list[dict]]:
    """Every resource's rows, from (report_id, report) pairs and the input accounting (not yet the
    version's own resources: redirects and changes)."""
    rows: dict[str, list[dict]] = {r.name: [] for r in RESOURCES}
    for report_id, report in published:
        rows["reports"].append(_report_row(report_id, report))
        _figure_rows(rows, report_id, report)
        for section in report.sections:
            rows["sections"].append({"report_id": report_id, "section": section.number, "heading": section.heading or None,
                                     "text": section.text or None})
        for table, (first, last) in report.table_pages.items():
            rows["table_pages"].append({"report_id": report_id, "table_code": table, "first_page": first,
                                        "last_page": last})
        for n, check in enumerate(report.checks, 1):
            rows["checks"].append({"report_id": report_id, "check_number": n, "check_code": check.check,
                                   "scope": check.scope or None, "passed": check.passed, "severity": check.severity,
                                   "expected": check.expected or None, "found": check.found or None,
                                   "message": check.message or None})
    rows["inputs"] = [{**vars(i), "reason": i.reason or None, "report_id": i.report_id or None} for i in inputs]
    rows["regions"] = _region_rows()
    return rows


def _figure_rows(rows: dict[str, list[dict]], report_id: str, report: Report) -> None:
    for item, cells in report.table2.items():
        units = {m.code: m.unit for i in V.table2_items(report.layout) if i.term.code == item for m in i.measures}
        for measure, value in cells.items():
            unit = units.get(measure, "")
            count, amount = (None, None), (None, None)
            if unit in _MONEY_UNITS:
                amount_value, status, raw = amount_fields(value)
                amount = (amount_value,)
            else:
                count_value, status, raw = count_fields(value, signed=measure == "change")
                count = (count_value,)
            rows["active_disclosure"].append({"report_id": report_id, "layout": report.layout, "item": item,
                                              "measure": measure, "value": count[0], "amount": amount[0],
                                              "unit": unit or None, "value_status": status, "raw": raw})
    for row, cells in report.table3.items():
        for column, value in cells.items():
            number, status, raw = count_fields(value)
            rows["applications"].append({"report_id": report_id, "row": row, "outcome_group": _OUTCOME_GROUP.get(row),
                                         "applicant": column, "value": number, "value_status": status, "raw": raw})
    for proceeding, cells in report.table4.items():
        for outcome, value in cells.items():
            number, status, raw = count_fields(value)
            rows["reviews_litigation"].append({"report_id": report_id, "proceeding": proceeding, "outcome": outcome,
                                               "value": number, "value_status": status, "raw": raw})
    for item in report.legacy:
        money = item.unit in _MONEY_UNITS
        number, status, raw = amount_fields(item.value) if money else count_fields(item.value)
        rows["legacy_indicators"].append({"report_id": report_id, "legacy_table": item.table, "row": item.row,
                                          "section": item.section or None, "indent": item.indent,
                                          "indicator": item.indicator, "unit": item.unit or None, "period": item.period,
                                          "value": None if money else number, "amount": number if money else None,
                                          "value_status": status, "raw": raw})
    for n, figure in enumerate(report.prose, 1):
        number, status, raw = count_fields(figure.value)
        rows["prose_figures"].append({"report_id": report_id, "figure": n, "indicator": figure.indicator,
                                      "value": number, "value_status": status, "raw": raw, "unit": figure.unit or None,
                                      "context": figure.context or None})


def _report_row(report_id: str, report: Report) -> dict:
    identity = report.identity or alone(report_id, report)
    row = {"report_id": report_id, "body_id": identity.body_id, "title": report.title,
           "organization": report.organization, "organization_simplified": report.organization_simplified,
           "province": report.province, "province_code": identity.province_code,
           "prefecture": report.prefecture, "prefecture_code": identity.prefecture_code,
           "county": report.county, "county_code": identity.county_code, "township": report.township,
           "admin_level": report.admin_level, "year": report.year, "layout": report.layout, "script": report.script,
           "published": report.published, "index_number": report.index_number,
           "source_file": report.source.path, "source_format": report.source_format,
           "page_count": report.page_count, "source_url": report.source_url, "sha256": report.source.sha256}
    row = {k: (None if v == "" else v) for k, v in row.items()}
    for term in V.HEADLINE:
        value = report.headline.get(term.code)
        number, status, _ = count_fields(value) if value is not None else (None, None, None)
        row[term.code], row[f"{term.code}_status"] = number, status
    row.update(version=identity.version, versions=identity.versions, is_current=identity.is_current,
               version_change=identity.version_change, checks_failed=len(report.failed_checks),
               checks_run=sum(1 for c in report.checks if c.passed is not None))
    return row


def _region_rows() -> list[dict]:
    """One row per code: its newest name and parent, the table years it appears in, and its former names."""
    text = resources.files("ogi").joinpath("reference/regions.csv").read_text(encoding="utf-8")
    by_code: dict[str, list[dict]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        by_code.setdefault(row["code"], []).append(row)
    out = []
    for code, places in by_code.items():
        places.sort(key=lambda p: (int(p["last_year"]), int(p["first_year"])))
        newest = places[-1]
        former = list(dict.fromkeys(p["name"] for p in places if p["name"] != newest["name"]))
        out.append({"code": code, "name": newest["name"], "level": newest["level"],
                    "parent_code": newest["parent_code"] or None,
                    "first_year": min(int(p["first_year"]) for p in places), "last_year": int(newest["last_year"]),
                    "former_names": "、".join(former) or None})
    return out


def _sort(rows: dict[str, list[dict]]) -> None:
    for resource in RESOURCES:
        rows[resource.name].sort(key=lambda row, keys=resource.primary_key: tuple(_sort_key(row[k]) for k in keys))


def _sort_key(value):
    return (0, value, "") if isinstance(value, (int, float)) else (1, 0, str(value))


# --- CSV and Parquet ----------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def spreadsheet_safe(text: str) -> str:
    """OWASP CSV injection rule: text a spreadsheet would run as a formula gets a leading apostrophe.
    Plain numbers written as text (「-3」) are left as they are."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _csv_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if kind == "string":
        return spreadsheet_safe(str(value))
    return str(value)


def write_csv(resource: Resource, rows: list[dict], path: Path) -> None:
    kinds = [(f.name, f.type) for f in resource.fields]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(resource.names())
        for row in rows:
            writer.writerow([_csv_cell(row.get(name), kind) for name, kind in kinds])


def write_parquet(resource: Resource, rows: list[dict], path: Path) -> pa.Table:
    """One zstd Parquet file; rows arrive sorted by the primary key, which keeps the long tables small."""
    columns = {}
    for f in resource.fields:
        values = [row.get(f.name) for row in rows]
        if f.type == "date":
            values = [dt.date.fromisoformat(v) if v else None for v in values]
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


# --- Excel --------------------------------------------------------------------------------------

EXCEL_MAX_ROWS = 1_000_000  # Excel stops at 1,048,576 rows: longer tables continue on another sheet
README_SHEET = "说明"


def sheet_columns(resource: Resource) -> list[tuple[str, str, str]]:
    """(Chinese header, field name, what to write) per column: a coded field is its Chinese label, then its code."""
    out = []
    for f in resource.fields:
        if f.terms:
            out += [(f.zh, f.name, "label"), (f"{f.zh}代码", f.name, "code")]
        else:
            out.append((f.zh, f.name, f.type))
    return out


def write_xlsx(rows: dict[str, list[dict]], path: Path, release_info: Release | None = None) -> None:
    """XlsxWriter in constant-memory mode writes each row as it goes. A string is always written as
    text — never a formula, URL or number, whatever the report printed — and XlsxWriter's fixed zip
    timestamps plus a fixed creation date make the bytes depend only on the content."""
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    with xlsxwriter.Workbook(str(path), options) as workbook:
        workbook.set_properties({"created": dt.datetime(2000, 1, 1), "author": "ogi", "title": TITLE})
        formats = {"date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
                   "header": workbook.add_format({"bold": True})}
        sheets = _sheet_names(rows)
        _write_readme_sheet(workbook, formats, sheets, release_info)
        for resource in RESOURCES:
            for part, title in enumerate(sheets[resource.name]):
                chunk = rows[resource.name][part * EXCEL_MAX_ROWS:(part + 1) * EXCEL_MAX_ROWS]
                _write_sheet(workbook.add_worksheet(title), resource, chunk, formats)


def _sheet_names(rows: dict[str, list[dict]]) -> dict[str, list[str]]:
    out = {}
    for resource in RESOURCES:
        parts = max(1, -(-len(rows[resource.name]) // EXCEL_MAX_ROWS))
        title = resource.title[:28].replace("(", "(").replace(")", ")")
        out[resource.name] = [title] if parts == 1 else [f"{title[:25]}-{n + 1}" for n in range(parts)]
    return out


def _write_sheet(sheet, resource: Resource, rows: list[dict], formats: dict) -> None:
    columns = sheet_columns(resource)
    labels = {f.name: f.labels() for f in resource.fields}
    sheet.write_row(0, 0, [header for header, _, _ in columns], formats["header"])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    for r, row in enumerate(rows, 1):
        for c, (_, name, kind) in enumerate(columns):
            value = row.get(name)
            if value is None or value == "":
                continue
            if kind == "label":
                sheet.write_string(r, c, labels[name].get(value, str(value)))
            elif kind in ("string", "code"):
                sheet.write_string(r, c, str(value)[:32_000])  # Excel's cell limit is 32,767 characters
            elif kind == "date":
                sheet.write_datetime(r, c, dt.datetime.combine(dt.date.fromisoformat(value), dt.time()), formats["date"])
            elif kind == "boolean":
                sheet.write_boolean(r, c, value)
            elif _exact_in_excel(value):
                sheet.write_number(r, c, float(value))
            else:  # Excel holds 15 significant digits: a longer number is written as text, never rounded
                sheet.write_string(r, c, _csv_cell(value, kind))


def _exact_in_excel(value) -> bool:
    if isinstance(value, Decimal):
        return len(value.normalize().as_tuple().digits) <= 15
    return abs(value) < 10**15


def citation(release_info: Release | None) -> str:
    if release_info is None:
        return "ogi:政府信息公开工作年度报告数据。"
    entry = next(v for v in release_info.versions["versions"] if v["version"] == release_info.version)
    return (f"ogi 维护者:《政府信息公开工作年度报告数据》,数据版本 {release_info.version}"
            f"({release_info.created[:10]}),{entry['release_url']}。请同时注明所用报告的发布机关和来源网址。")


def _write_readme_sheet(workbook, formats: dict, sheets: dict[str, list[str]], release_info: Release | None) -> None:
    sheet = workbook.add_worksheet(README_SHEET)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 100)
    lines: list[tuple[str, str]] = [("数据集", TITLE), ("版本", release_info.version if release_info else ""),
                                    ("生成日期", release_info.created[:10] if release_info else ""),
                                    ("许可", LICENCE), ("引用", citation(release_info)),
                                    ("空白", "空白单元格就是报告中的空白(或划线、无效),从不记为 0。"), ("", ""),
                                    ("工作表", "内容")]
    for resource in RESOURCES:
        lines += [(name, resource.description) for name in sheets[resource.name]]
    lines += [("", ""), ("数值状态代码(value_status)", "含义")]
    lines += [(f"{t.code}", f"{t.zh}:{t.en}") for t in V.VALUE_STATUSES]
    for r, (key, text) in enumerate(lines):
        sheet.write_string(r, 0, key, formats["header"])
        sheet.write_string(r, 1, text)


# --- Descriptor, README, zip --------------------------------------------------------------------

def _sources() -> list[dict]:
    regions = regions_source()
    tables = regions["tables"]
    return [
        {"title": "政府信息公开工作年度报告 published by Chinese government bodies (public government information); "
                  "each report's source file and URL are in the reports resource"},
        {"title": f"行政区划代码:npm 包 {regions['package']} 的 {len(tables)} 个版本("
                  + "、".join(f"{t['version']} = {t['table_year']} 年表,截至 {t['cutoff']}" for t in tables) + ")",
         "path": regions["homepage"], "version": tables[-1]["version"]},
    ]


def descriptor(prefix: str = "", release_info: Release | None = None, folder: Path | None = None) -> dict:
    """The Frictionless (v2) descriptor. `prefix` is prepended to resource paths ("build/data/" at the repo
    root); with the package's `folder`, each resource also gets its bytes and sha256."""
    resources_out = []
    for resource in RESOURCES:
        table = {"name": resource.name, "type": "table", "title": resource.title, "description": resource.description,
                 "path": f"{prefix}{resource.name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}
        # The Parquet copy carries its own typed schema (nullable int64, decimal, date); to frictionless it is
        # a file checked by bytes and hash, since it reads Parquet through pandas, where a null integer is NaN.
        parquet = {"name": f"{resource.name}-parquet", "type": "file", "title": f"{resource.title}(Parquet)",
                   "description": f"与 {resource.name}.csv 相同的数据,Parquet 格式(zstd 压缩,列类型见文件自身的模式)。",
                   "path": f"{prefix}{resource.name}.parquet", "format": "parquet",
                   "mediatype": "application/vnd.apache.parquet"}
        for item, name in ((table, f"{resource.name}.csv"), (parquet, f"{resource.name}.parquet")):
            if folder is not None:
                data = (folder / name).read_bytes()
                item["bytes"], item["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
        table["schema"] = resource.schema()
        resources_out += [table, parquet]
    out = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "ogi-gov-info-disclosure-reports",
        "title": TITLE,
        "description": "从中国各级政府机关发布的政府信息公开工作年度报告中解析出的数字:2019 年版和 2021 年版的表二至表四、"
                       "2019 年以前的统计表、正文中的数字、六个部分的正文,以及每一项勾稽关系校验。空白单元格保持空白,"
                       "从不记为 0。Figures parsed from the annual reports Chinese government bodies publish under the "
                       "Regulations on Open Government Information." + _where(prefix, release_info),
    }
    if release_info is not None:
        out["version"], out["created"] = release_info.version, release_info.created
    out.update({
        "homepage": "https://github.com/ogi-data/ogi",
        "keywords": ["政府信息公开", "年度报告", "open government information", "China", "transparency", "FOI",
                     "open data"],
        "licenses": [
            {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (data compilation)",
             "path": "https://creativecommons.org/licenses/by/4.0/"},
            {"name": "MIT", "title": "MIT License (code)", "path": "https://opensource.org/licenses/MIT"},
        ],
        "sources": _sources(),
        "contributors": [{"title": "ogi maintainers", "roles": ["creator"]}],
        "resources": resources_out,
    })
    return out


def _where(prefix: str, release_info: Release | None) -> str:
    if prefix:
        return (f" 数据文件由 `make build` 写入 {prefix}(不在仓库中);发布的各数据版本(含版本号和日期)见 "
                f"https://github.com/ogi-data/ogi/releases 。The data files are written to {prefix} by `make build`; "
                "each published data version is attached to a GitHub Release.")
    return (" 文本中以 = + - @ 开头的单元格在 CSV 中加了前导撇号('),以免电子表格把它当作公式(OWASP CSV 注入规则)。"
            if release_info else "")


def write_descriptor(path: Path, prefix: str = "", release_info: Release | None = None, folder: Path | None = None) -> None:
    path.write_text(json.dumps(descriptor(prefix, release_info, folder), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")


def readme(release_info: Release, names: list[str]) -> str:
    sheets = "\n".join(f"- `{r.name}.csv` / `{r.name}.parquet`:{r.title}。{r.description}" for r in RESOURCES)
    return f"""# {TITLE}

数据版本 {release_info.version},生成于 {release_info.created[:10]}。

## 是什么
从中国各级政府机关发布的《政府信息公开工作年度报告》中解析出的结构化数据,以 Frictionless 数据包发布
(`datapackage.json` 描述每张表的字段、类型、代码及其中文含义)。空白单元格就是报告中的空白,从不记为 0;
每个数值都有 `value_status`。同一机关同一年度有多个版本时,`reports.is_current` 标出现行版本,汇总时只计它。

{sheets}
- `ogi-data.xlsx`:同样的表格,中文表头,另有「说明」工作表。
- `CHANGELOG.md` / `changes.csv`:各版本新增、更正、撤回的报告;`versions.json`:已知的各数据版本及下载地址。

CSV 为带 BOM 的 UTF-8(Excel 直接打开不乱码);以 = + - @ 开头的文本单元格加了前导撇号(')以防被当作公式。

## 许可
{LICENCE}。代码以 MIT 许可发布。

## 引用
{citation(release_info)}

## 文件
{chr(10).join(f"- {n}" for n in sorted(names))}
"""


def write_zip(folder: Path, names: list[str], path: Path, extra: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        entries = {name: (folder / name).read_bytes() for name in names}
        entries.update({name: text.encode("utf-8") for name, text in extra.items()})
        for name in sorted(entries):
            info = zipfile.ZipInfo(f"ogi-data/{name}", _ZIP_TIME)
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name], zipfile.ZIP_DEFLATED)


def _fingerprint(folder: Path, names: list[str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(names):
        digest.update(name.encode() + b"\0" + hashlib.sha256((folder / name).read_bytes()).digest())
    return digest.hexdigest()


def write_package(published: list[tuple[str, Report]], inputs: list[InputRow], out: Path,
                  previous: Previous | None = None, dates: list[str] | None = None,
                  partition_min_rows: int = PARTITION_MIN_ROWS) -> Release:
    """Write every resource into `out` (a folder that is itself a valid data package) → the data version."""
    out.mkdir(parents=True, exist_ok=True)
    rows = tables(published, inputs)
    _sort(rows)
    content = [r for r in RESOURCES if r.name not in ("redirects", "changes")]
    names = []
    for resource in content:
        write_csv(resource, rows[resource.name], out / f"{resource.name}.csv")
        table = write_parquet(resource, rows[resource.name], out / f"{resource.name}.parquet")
        names += [f"{resource.name}.csv", f"{resource.name}.parquet"]
        if resource.name == "applications" and table.num_rows >= partition_min_rows:
            year_of_report = {r["report_id"]: r["year"] for r in rows["reports"]}
            write_partitioned_by_year(table, year_of_report, out / PARTITIONED_APPLICATIONS)
    dates = (dates or []) + [r["published"] for r in rows["reports"] if r["published"]]
    release_info = release(rows, previous or Previous(), _fingerprint(out, names), dates)
    rows["redirects"], rows["changes"] = release_info.redirects, release_info.changes
    _sort(rows)
    for resource in RESOURCES:
        if resource not in content:
            write_csv(resource, rows[resource.name], out / f"{resource.name}.csv")
            write_parquet(resource, rows[resource.name], out / f"{resource.name}.parquet")
            names += [f"{resource.name}.csv", f"{resource.name}.parquet"]
    write_descriptor(out / "datapackage.json", release_info=release_info, folder=out)
    (out / VERSIONS_FILE).write_text(json.dumps(release_info.versions, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
    (out / CHANGELOG_FILE).write_text(changelog(release_info.changes, release_info.versions), encoding="utf-8")
    write_xlsx(rows, out / "ogi-data.xlsx", release_info)
    names += ["datapackage.json", VERSIONS_FILE, CHANGELOG_FILE, "ogi-data.xlsx"]
    write_zip(out, names, out / "ogi-data.zip", {"README.md": readme(release_info, names + ["README.md"])})
    return release_info
