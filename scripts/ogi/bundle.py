"""Bundle: a data version's release files, made from its package folder — the Excel workbook
(`ogi-data.xlsx`: one sheet per table, Chinese headers, a 说明 sheet first) and the zip of the whole
package (`ogi-data.zip`, with a README).

Entry point: `write_bundle(folder)`. Both are made from the package's own files, each table read from its
Parquet file in batches, so memory does not grow with the corpus. `ogi build` writes them for a local
build, whose site serves them; a site for GitHub Pages links them on the data version's release instead,
and the release job makes them there (`ogi bundle`), off the path of the build and the deploy: the
workbook is the slowest file of all (XlsxWriter writes some hundred thousand cells a second).
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq

from . import vocabulary as V
from .history import CHANGELOG_FILE, VERSIONS_FILE, Release
from .package import LICENCE, TITLE, content_files
from .schema import RESOURCES, Resource

WORKBOOK = "ogi-data.xlsx"
ZIP = "ogi-data.zip"
BUNDLE = (WORKBOOK, ZIP)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BATCH_ROWS = 50_000


def write_bundle(folder: Path) -> list[str]:
    """Write the workbook and the zip into a package folder; → their names."""
    release_info = release_of(folder)
    write_xlsx(folder, folder / WORKBOOK, release_info)
    names = [*content_files(), "datapackage.json", VERSIONS_FILE, CHANGELOG_FILE, WORKBOOK]
    write_zip(folder, names, folder / ZIP, {"README.md": readme(release_info, names + ["README.md"])})
    return [WORKBOOK, ZIP]


def release_of(folder: Path) -> Release | None:
    """The data version a package folder holds, from its versions.json."""
    path = folder / VERSIONS_FILE
    if not path.exists():
        return None
    versions = json.loads(path.read_text(encoding="utf-8"))
    entry = next(v for v in versions["versions"] if v["version"] == versions["current"])
    return Release(versions["current"], entry["created"], versions, [], [])


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


def write_xlsx(folder: Path, path: Path, release_info: Release | None = None) -> None:
    """The workbook of the package in `folder`. XlsxWriter in constant-memory mode writes each row as it
    goes. A string is always written as text — never a formula, URL or number, whatever the report
    printed — and XlsxWriter's fixed zip timestamps plus a fixed creation date make the bytes depend only
    on the content."""
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    counts = {r.name: pq.ParquetFile(folder / f"{r.name}.parquet").metadata.num_rows for r in RESOURCES}
    with xlsxwriter.Workbook(str(path), options) as workbook:
        workbook.set_properties({"created": dt.datetime(2000, 1, 1), "author": "ogi", "title": TITLE})
        formats = {"date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
                   "header": workbook.add_format({"bold": True})}
        sheets = _sheet_names(counts)
        _write_readme_sheet(workbook, formats, sheets, release_info)
        for resource in RESOURCES:
            rows = _rows(folder / f"{resource.name}.parquet")
            for part, title in enumerate(sheets[resource.name]):
                size = min(EXCEL_MAX_ROWS, counts[resource.name] - part * EXCEL_MAX_ROWS)
                _write_sheet(workbook.add_worksheet(title), resource, rows, size, formats)


def _rows(path: Path) -> Iterator[dict]:
    for batch in pq.ParquetFile(path).iter_batches(batch_size=_BATCH_ROWS):
        yield from batch.to_pylist()


def _sheet_names(counts: dict[str, int]) -> dict[str, list[str]]:
    out = {}
    for resource in RESOURCES:
        parts = max(1, -(-counts[resource.name] // EXCEL_MAX_ROWS))
        title = resource.title[:28].replace("(", "(").replace(")", ")")
        out[resource.name] = [title] if parts == 1 else [f"{title[:25]}-{n + 1}" for n in range(parts)]
    return out


def _write_sheet(sheet, resource: Resource, rows: Iterator[dict], count: int, formats: dict) -> None:
    """The next `count` rows into one sheet."""
    columns = sheet_columns(resource)
    labels = {f.name: f.labels() for f in resource.fields}
    sheet.write_row(0, 0, [header for header, _, _ in columns], formats["header"])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    for r in range(1, count + 1):
        row = next(rows)
        for c, (_, name, kind) in enumerate(columns):
            value = row.get(name)
            if value is None or value == "":
                continue
            if kind == "label":
                sheet.write_string(r, c, labels[name].get(value, str(value)))
            elif kind in ("string", "code"):
                sheet.write_string(r, c, str(value)[:32_000])  # Excel's cell limit is 32,767 characters
            elif kind == "date":
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), formats["date"])
            elif kind == "boolean":
                sheet.write_boolean(r, c, value)
            elif _exact_in_excel(value):
                sheet.write_number(r, c, float(value))
            else:  # Excel holds 15 significant digits: a longer number is written as text, never rounded
                sheet.write_string(r, c, format(value.normalize(), "f") if isinstance(value, Decimal) else str(value))


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


# --- README and zip -----------------------------------------------------------------------------

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
    """The files under `ogi-data/`, in name order, with fixed times: the same files give the same zip.
    Files are streamed from disk (a table's CSV is hundreds of MB at national scale)."""
    entries = {name: folder / name for name in names} | {name: None for name in extra}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(f"ogi-data/{name}", _ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            if entries[name] is None:
                archive.writestr(info, extra[name].encode("utf-8"))
                continue
            info.file_size = entries[name].stat().st_size  # zip64 records only for a file that needs them
            with entries[name].open("rb") as source, archive.open(info, "w") as target:
                for chunk in iter(lambda: source.read(1 << 20), b""):
                    target.write(chunk)
