"""Package: identified reports → tables → CSV and Parquet files and the Frictionless descriptor.

Entry point: `write_package(published, inputs, out_dir, load, previous, reuse)`. The build holds one
summary per report, never the corpus: reports are written in report_id order, a batch at a time — each
report read whole (`load`) and turned into its rows, or, when its rows key (`rows_key`: what its rows are
made of) is the one the previous package recorded for it, its rows taken from the previous package's
Parquet files (`Reuse`) — and each table's CSV and Parquet files are written as the batches come, so
memory grows with a batch, not with the corpus, and adding one report rewrites the files without
reading the other reports again. Rows are sorted by primary key and no file carries the wall-clock time
(the data version's date comes from the inputs, see history.py), so the same inputs give byte-identical
files, however many of their rows were reused. The Excel workbook and the zip are made from these files
(bundle.py).

Formats, for people and programs alike:
- CSV: UTF-8 with a byte-order mark (Excel on Chinese Windows otherwise reads GBK), RFC 4180, CRLF, text
  quoted. A text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
  carriage return, and not a plain number) is written with a leading apostrophe, the OWASP rule against
  CSV injection.
- Counts are integers, amounts (万元) exact decimals with their unit, missing values empty (null). A count
  that is not a whole number, is negative, or is beyond a 64-bit integer, and an amount beyond 18 digits
  or with more than 6 decimals, is published as `invalid` with the printed text in `raw`, never rounded.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from . import vocabulary as V
from .history import CHANGELOG_FILE, VERSIONS_FILE, Previous, Release, changelog, release
from .identity import InputRow, alone
from .parse.gazetteer import source as regions_source
from .records import CheckResult, Report, ReportSummary, Value
from .schema import AMOUNT_PRECISION, AMOUNT_SCALE, INT64_MAX, RESOURCES, Resource

__all__ = ["InputRow", "write_package", "descriptor", "write_descriptor", "report_rows", "rows_key"]

_OUTCOME_GROUP = {t.code: t.group for t in V.TABLE3_ROWS if t.group in {g.code for g in V.TABLE3_OUTCOME_GROUPS}}
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

# The resources with rows for each report (one for `reports`), written report by report.
PER_REPORT = tuple(r for r in RESOURCES if r.references_reports) + tuple(r for r in RESOURCES if r.name == "reports")


def report_rows(report_id: str, report: Report) -> dict[str, list[dict]]:
    """One report's rows in every per-report resource (`reports` included)."""
    rows: dict[str, list[dict]] = {r.name: [] for r in PER_REPORT}
    rows["reports"].append(_report_row(report_id, report))
    _figure_rows(rows, report_id, report)
    for section in report.sections:
        rows["sections"].append({"report_id": report_id, "section": section.number, "heading": section.heading or None,
                                 "text": section.text or None})
    for table, (first, last) in report.table_pages.items():
        rows["table_pages"].append({"report_id": report_id, "table_code": table, "first_page": first,
                                    "last_page": last})
    for n, check in enumerate(report.checks, 1):
        rows["checks"].append({"report_id": report_id, "check_number": n, **check_row(check)})
    return rows


def check_row(check: CheckResult) -> dict:
    """A check's columns in the `checks` table, but for its report and number."""
    return {"check_code": check.check, "scope": check.scope or None, "passed": check.passed,
            "severity": check.severity, "expected": check.expected or None, "found": check.found or None,
            "message": check.message or None}


def input_rows(inputs: list[InputRow]) -> list[dict]:
    return [{**vars(i), "reason": i.reason or None, "report_id": i.report_id or None} for i in inputs]


# What, besides the code, a report's rows are made of: the parse of its source file (its sha256), what the
# build decided about it (ids, region codes, version), its path and URL, and its carry-over check against
# the body's previous year. These are columns of its `reports` row, so the site can tell the same thing.
ROWS_KEY_FIELDS = ("report_id", "body_id", "province_code", "prefecture_code", "county_code", "version", "versions",
                   "is_current", "version_change", "source_file", "source_url", "sha256")


def rows_key(code: str, fields: dict, continuity: dict | None) -> str:
    """The key of a report's rows: the same key, the same rows in every table. `code` is the version of the
    code that parses and packages (cache.code_version), `fields` the report's ROWS_KEY_FIELDS as in its
    `reports` row, `continuity` its carry-over check as a `check_row` (None without one)."""
    parts = [code, [_null_if_empty(fields.get(name)) for name in ROWS_KEY_FIELDS], continuity]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def summary_key_fields(report_id: str, summary: ReportSummary) -> dict:
    """A summary's ROWS_KEY_FIELDS, as its report's `reports` row will hold them."""
    identity = summary.identity
    return {"report_id": report_id, "body_id": identity.body_id, "province_code": identity.province_code,
            "prefecture_code": identity.prefecture_code, "county_code": identity.county_code,
            "version": identity.version, "versions": identity.versions, "is_current": identity.is_current,
            "version_change": identity.version_change, "source_file": summary.source.path,
            "source_url": summary.source_url, "sha256": summary.source.sha256}


def _null_if_empty(value):
    return None if value == "" else value


def cell_fields(value: Value, money: bool = False, signed: bool = False) -> dict:
    """A printed cell's columns: the number (`value` for counts, `amount` for money), its status, and the
    facts behind it — what was printed (`raw`) where the number is not simply that, what decided a split
    (`evidence`), the numbers an ambiguous cell could hold (`candidates`)."""
    number, status, raw = amount_fields(value) if money else count_fields(value, signed)
    if raw is None and status in ("recovered", "ambiguous") and value.raw:
        raw = value.raw
    return {"value": None if money else number, "amount": number if money else None, "value_status": status,
            "raw": raw, "evidence": (value.evidence or None) if status == "recovered" else None,
            "candidates": "、".join(_number_text(c) for c in value.candidates) or None
            if status == "ambiguous" else None}


def _number_text(number) -> str:
    return str(int(number)) if float(number).is_integer() else repr(number)


def _figure_rows(rows: dict[str, list[dict]], report_id: str, report: Report) -> None:
    for item, cells in report.table2.items():
        units = {m.code: m.unit for i in V.table2_items(report.layout) if i.term.code == item for m in i.measures}
        for measure, value in cells.items():
            unit = units.get(measure, "")
            rows["active_disclosure"].append({"report_id": report_id, "layout": report.layout, "item": item,
                                              "measure": measure, "unit": unit or None,
                                              **cell_fields(value, money=unit in _MONEY_UNITS,
                                                            signed=measure == "change")})
    for row, cells in report.table3.items():
        for column, value in cells.items():
            rows["applications"].append({"report_id": report_id, "row": row, "outcome_group": _OUTCOME_GROUP.get(row),
                                         "applicant": column, **cell_fields(value)})
    for proceeding, cells in report.table4.items():
        for outcome, value in cells.items():
            rows["reviews_litigation"].append({"report_id": report_id, "proceeding": proceeding, "outcome": outcome,
                                               **cell_fields(value)})
    for item in report.legacy:
        rows["legacy_indicators"].append({"report_id": report_id, "legacy_table": item.table, "row": item.row,
                                          "section": item.section or None, "indent": item.indent,
                                          "indicator": item.indicator, "unit": item.unit or None, "period": item.period,
                                          **cell_fields(item.value, money=item.unit in _MONEY_UNITS)})
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


# --- CSV and Parquet ----------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def spreadsheet_safe(text: str) -> str:
    """OWASP CSV injection rule: text a spreadsheet would run as a formula gets a leading apostrophe.
    Plain numbers written as text (「-3」) are left as they are."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


# The same rule over a column (RE2's \\p{Nd} is Python's \\d: any decimal digit).
_FORMULA_START_RE = "^[=+\\-@\\t\\r]"
_PLAIN_NUMBER_RE = "^[+-]?\\p{Nd}+(?:\\.\\p{Nd}+)?$"
_ROW_GROUP_ROWS = 256_000  # rows buffered per Parquet row group


def arrow_table(resource: Resource, rows: list[dict]) -> pa.Table:
    """Rows (dicts; dates as ISO text) → an Arrow table of the resource's schema."""
    columns = {}
    for f in resource.fields:
        values = [row.get(f.name) for row in rows]
        if f.type == "date":
            values = [dt.date.fromisoformat(v) if isinstance(v, str) and v else v or None for v in values]
        columns[f.name] = values
    return pa.Table.from_pydict(columns, schema=resource.arrow_schema())


def _csv_columns(resource: Resource, table: pa.Table) -> pa.Table:
    """The table as its CSV shows it: text spreadsheet-safe, amounts without trailing zeros."""
    columns = []
    for f, column in zip(resource.fields, table.columns):
        if f.type == "string" and not _codes_only(f):
            starts = pc.match_substring_regex(column, _FORMULA_START_RE)
            if pc.any(starts).as_py():  # rare: the column is rewritten only when a cell needs it
                risky = pc.and_(starts, pc.invert(pc.match_substring_regex(column, _PLAIN_NUMBER_RE)))
                column = pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)
        elif f.decimal:
            text = pc.replace_substring_regex(pc.cast(column, pa.string()), r"(\.[0-9]*?)0+$", r"\1")
            column = pc.replace_substring_regex(text, r"\.$", "")
        columns.append(column)
    return pa.table(columns, names=resource.names())


def _codes_only(field) -> bool:
    """A column of codes from the vocabulary (none of which a spreadsheet would run): it holds no text
    from a report, so it needs no formula guard."""
    return bool(field.terms) and all(spreadsheet_safe(code) == code for code in field.enum)


class TableFiles:
    """One resource's CSV and Parquet files, written batch by batch (each batch in primary-key order,
    after the one before)."""

    def __init__(self, resource: Resource, folder: Path):
        self.resource, self.rows = resource, 0
        self._csv = (folder / f"{resource.name}.csv").open("wb")
        self._csv.write(("\ufeff" + ",".join(resource.names()) + "\r\n").encode("utf-8"))  # BOM: Excel reads UTF-8
        self._parquet = pq.ParquetWriter(folder / f"{resource.name}.parquet", resource.arrow_schema(),
                                         compression="zstd")
        self._pending: list[pa.Table] = []

    def write(self, table: pa.Table) -> None:
        if not table.num_rows:
            return
        pacsv.write_csv(_csv_columns(self.resource, table), self._csv,
                        pacsv.WriteOptions(include_header=False, eol="\r\n", quoting_style="needed"))
        self._pending.append(table)
        self.rows += table.num_rows
        if sum(t.num_rows for t in self._pending) >= _ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._parquet.write_table(pa.concat_tables(self._pending), row_group_size=_ROW_GROUP_ROWS)
            self._pending = []

    def close(self) -> None:
        self._flush()
        if not self.rows:  # an empty table still has its schema
            self._parquet.write_table(self.resource.arrow_schema().empty_table())
        self._parquet.close()
        self._csv.close()


def write_table(resource: Resource, rows: list[dict], folder: Path) -> None:
    """A whole table, given as rows, into its CSV and Parquet files."""
    files = TableFiles(resource, folder)
    try:
        files.write(sort_table(resource, arrow_table(resource, rows)))
    finally:
        files.close()


def sort_table(resource: Resource, table: pa.Table) -> pa.Table:
    return table.sort_by([(key, "ascending") for key in resource.primary_key])


# Above this many Table 3 rows (about 5,500 reports) `applications` is also written partitioned by year.
PARTITION_MIN_ROWS = 1_000_000
PARTITIONED_APPLICATIONS = "applications_by_year"


def write_partitioned_by_year(source: Path, years: dict[str, int], folder: Path) -> None:
    """Hive-style `year=2023/part-0.parquet` files, which DuckDB, Spark and pyarrow read as one table with
    a `year` column and prune by year without reading the other files; read from the written table in
    batches."""
    import pyarrow.dataset as ds

    ids = pa.array(sorted(years), pa.string())
    year_of = pa.array([years[i] for i in ids.to_pylist()], pa.int64())
    schema = pq.read_schema(source).append(pa.field("year", pa.int64()))

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in pq.ParquetFile(source).iter_batches(batch_size=65_536):
            yield pa.RecordBatch.from_arrays([*batch.columns, pc.take(year_of, pc.index_in(batch["report_id"], ids))],
                                             schema=schema)

    ds.write_dataset(pa.RecordBatchReader.from_batches(schema, batches()), folder, format="parquet",
                     partitioning=ds.partitioning(pa.schema([("year", pa.int64())]), flavor="hive"),
                     basename_template="part-{i}.parquet", existing_data_behavior="delete_matching",
                     file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"),
                     use_threads=False)


# --- Descriptor -----------------------------------------------------------------------------------

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


def descriptor(prefix: str = "", release_info: Release | None = None,
               digests: dict[str, tuple[int, str]] | None = None) -> dict:
    """The Frictionless (v2) descriptor. `prefix` is prepended to resource paths ("build/data/" at the repo
    root); with the package's `digests` (file name → bytes, sha256), each resource gets its bytes and hash."""
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
            if digests is not None:
                item["bytes"], item["hash"] = digests[name][0], "sha256:" + digests[name][1]
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


def write_descriptor(path: Path, prefix: str = "", release_info: Release | None = None,
                     digests: dict[str, tuple[int, str]] | None = None) -> None:
    path.write_text(json.dumps(descriptor(prefix, release_info, digests), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")


# --- The package ---------------------------------------------------------------------------------

def content_files() -> list[str]:
    """The CSV and Parquet files of every resource, in resource order."""
    return [f"{r.name}.{kind}" for r in RESOURCES for kind in ("csv", "parquet")]


def digest(path: Path) -> tuple[int, str]:
    """(bytes, sha256) of a file, read in chunks."""
    sha, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


@dataclass
class Reuse:
    """The previous build's package and the rows key of each report its rows came from (`manifest`)."""

    folder: Path
    keys: dict[str, str]  # report_id → rows key


REUSE_FORMAT = 1


def load_reuse(manifest: Path, folder: Path) -> Reuse | None:
    """The rows of the package in `folder` that `manifest` describes, or None when either is missing or
    they no longer match (another build's files, damaged, edited): then nothing is reused."""
    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))
        if record.get("format") != REUSE_FORMAT or not isinstance(record.get("keys"), dict):
            return None
        for name, sha in record["files"].items():
            if digest(folder / name)[1] != sha:
                return None
    except (OSError, ValueError, AttributeError, TypeError):
        return None
    return Reuse(folder, {str(k): str(v) for k, v in record["keys"].items()})


def save_reuse(manifest: Path, folder: Path, keys: dict[str, str], digests: dict[str, tuple[int, str]]) -> None:
    """Record what the package in `folder` holds, for the next build's `load_reuse`."""
    files = {f"{r.name}.parquet": digests[f"{r.name}.parquet"][1] for r in PER_REPORT}
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"format": REUSE_FORMAT, "files": files, "keys": keys}, ensure_ascii=False),
                        encoding="utf-8")


class _SortedRows:
    """A previous package's table, in report_id order, read in batches and handed out by report id."""

    def __init__(self, path: Path):
        self._batches = pq.ParquetFile(path).iter_batches(batch_size=65_536)
        self._buffer = pq.read_schema(path).empty_table()
        self._done = False

    def take(self, last: str, ids: pa.Array, every: bool = False) -> pa.Table:
        """The rows of the reports in `ids` (all ≤ `last`); rows of other reports up to `last` are passed.
        `every`: the rows read up to `last` are all of reports in `ids` (nothing to pass)."""
        while not self._done and (not self._buffer.num_rows or self._buffer["report_id"][-1].as_py() <= last):
            batch = next(self._batches, None)
            if batch is None:
                self._done = True
            else:
                self._buffer = pa.concat_tables([self._buffer, pa.Table.from_batches([batch])])
        cut = pc.sum(pc.less_equal(self._buffer["report_id"], last)).as_py() or 0
        head, self._buffer = self._buffer.slice(0, cut), self._buffer.slice(cut)
        return head if every else head.filter(pc.is_in(head["report_id"], value_set=ids))


# A batch ends after this many reports whose rows are made (held as Python rows: memory), or this many
# reports in all (the rows of the others, reused, are Arrow slices of the previous files).
_BATCH_MADE, _BATCH_REPORTS = 256, 4096


def _batches(ordered: list, made: Callable[[str], bool]) -> Iterator[list]:
    batch, fresh = [], 0
    for report_id, summary in ordered:
        batch.append((report_id, summary))
        fresh += made(report_id)
        if fresh == _BATCH_MADE or len(batch) == _BATCH_REPORTS:
            yield batch
            batch, fresh = [], 0
    if batch:
        yield batch


def write_report_tables(published: list[tuple[str, ReportSummary]], load: Callable[[ReportSummary], Report],
                        out: Path, code: str, reuse: Reuse | None) -> tuple[list[dict], dict[str, str], int]:
    """Every per-report resource, in report_id order, a batch of reports at a time; → the `reports` rows,
    each report's rows key, and how many reports had their rows made again (the rest were reused)."""
    files = {r.name: TableFiles(r, out) for r in PER_REPORT}
    previous = {r.name: _SortedRows(reuse.folder / f"{r.name}.parquet") for r in PER_REPORT} if reuse else {}
    reports, keys, made = [], {}, 0
    try:
        ordered = sorted(published, key=lambda item: item[0])
        for report_id, summary in ordered:
            continuity = check_row(summary.continuity) if summary.continuity else None
            keys[report_id] = rows_key(code, summary_key_fields(report_id, summary), continuity)

        def reusable(report_id: str) -> bool:
            return reuse is not None and reuse.keys.get(report_id) == keys[report_id]

        # The previous package's reports whose rows are not taken (made again, or gone), in id order, and
        # how many of them lie before where the previous files have been read to (`take` reads up to a
        # batch's last report, and only for a batch with reused reports).
        stale = sorted(rid for rid, key in (reuse.keys.items() if reuse else ()) if keys.get(rid) != key)
        passed = read = 0
        for batch in _batches(ordered, lambda report_id: not reusable(report_id)):
            while passed < len(stale) and stale[passed] <= batch[-1][0]:
                passed += 1
            fresh: dict[str, list[dict]] = {r.name: [] for r in PER_REPORT}
            reused = []
            for report_id, summary in batch:
                if reusable(report_id):
                    reused.append(report_id)
                    continue
                for name, rows in report_rows(report_id, load(summary)).items():
                    fresh[name] += rows
                made += 1
            reused_ids = pa.array(reused, pa.string())
            every = passed == read  # no stale report among the previous rows this batch's take reads
            if reused:
                read = passed
            for resource in PER_REPORT:
                table = arrow_table(resource, fresh[resource.name])
                kept = previous[resource.name].take(batch[-1][0], reused_ids, every) if reused else None
                if kept is not None and not table.num_rows:
                    table = kept  # the previous file's rows, in order already
                else:
                    table = sort_table(resource, table if kept is None else pa.concat_tables([table, kept]))
                files[resource.name].write(table)
                if resource.name == "reports":
                    reports += [{**row, "published": row["published"].isoformat() if row["published"] else None}
                                for row in table.to_pylist()]
    finally:
        for table_files in files.values():
            table_files.close()
    return reports, keys, made


def write_package(published: list[tuple[str, ReportSummary]], inputs: list[InputRow], out: Path,
                  load: Callable[[ReportSummary], Report], previous: Previous | None = None,
                  dates: list[str] | None = None, reuse: Reuse | None = None, code: str = "",
                  partition_min_rows: int = PARTITION_MIN_ROWS) -> PackageResult:
    """Write every resource into `out` (a folder that is itself a valid data package). `load` reads a
    report whole from its summary; `reuse`, the previous package, gives the rows of reports whose rows key
    (made with `code`, the parsing and packaging code's version) is unchanged."""
    out.mkdir(parents=True, exist_ok=True)
    reports, keys, made = write_report_tables(published, load, out, code, reuse)
    input_table = input_rows(inputs)
    for resource, rows in (("inputs", input_table), ("regions", _region_rows())):
        write_table(_RESOURCE[resource], rows, out)
    applications = out / "applications.parquet"
    if pq.ParquetFile(applications).metadata.num_rows >= partition_min_rows:
        write_partitioned_by_year(applications, {r["report_id"]: r["year"] for r in reports},
                                  out / PARTITIONED_APPLICATIONS)
    digests = {name: digest(out / name) for name in content_files() if not name.startswith(_VERSION_TABLES)}
    dates = (dates or []) + [r["published"] for r in reports if r["published"]]
    release_info = release({"reports": reports, "inputs": input_table}, previous or Previous(),
                           _fingerprint(digests), dates)
    write_table(_RESOURCE["redirects"], release_info.redirects, out)
    write_table(_RESOURCE["changes"], release_info.changes, out)
    digests |= {name: digest(out / name) for name in content_files() if name.startswith(_VERSION_TABLES)}
    write_descriptor(out / "datapackage.json", release_info=release_info, digests=digests)
    (out / VERSIONS_FILE).write_text(json.dumps(release_info.versions, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
    (out / CHANGELOG_FILE).write_text(changelog(release_info.changes, release_info.versions), encoding="utf-8")
    return PackageResult(release_info, keys, digests, made, sum(1 for r in reports if r["checks_failed"]))


_RESOURCE = {r.name: r for r in RESOURCES}
_VERSION_TABLES = ("redirects.", "changes.")  # written once the version is known, not in its fingerprint


@dataclass
class PackageResult:
    release: Release
    keys: dict[str, str]  # report_id → rows key (for the next build's Reuse)
    digests: dict[str, tuple[int, str]]  # file name → (bytes, sha256)
    made: int  # reports whose rows were made again (not reused)
    with_failed_checks: int  # reports with at least one failed check


def _fingerprint(digests: dict[str, tuple[int, str]]) -> str:
    sha = hashlib.sha256()
    for name in sorted(digests):
        sha.update(name.encode() + b"\0" + bytes.fromhex(digests[name][1]))
    return sha.hexdigest()
