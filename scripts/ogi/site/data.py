"""The site's view of the data package: it reads the package's files, never the parser's records.

Small tables (reports, inputs) are held whole; the long per-report tables are never loaded at once:
`report_tables()` streams them, report by report (every resource is sorted by report_id), as Arrow
slices that cost nothing until a page that is made again reads them; the site's aggregates are computed
by Arrow. Memory stays flat as the corpus grows.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..package import rows_key
from ..schema import REPORTS
from .figures import ReportFigures, load_report_figures
from .templates import path_part

PER_REPORT = ("active_disclosure", "applications", "reviews_litigation", "legacy_indicators", "prose_figures",
              "sections", "checks", "table_pages")
_BATCH_ROWS = 20_000
_TEXT_FIELDS = {f.name for f in REPORTS.fields if f.type == "string"}


@dataclass
class DataFile:
    name: str
    size: int
    sha256: str


@dataclass
class SiteData:
    folder: Path
    reports: list[dict] = field(default_factory=list)  # sorted by report_id, as in the package
    inputs: list[dict] = field(default_factory=list)
    files: list[DataFile] = field(default_factory=list)
    by_body: dict[str, list[dict]] = field(default_factory=dict)  # body_id → reports, oldest first
    figures: dict[str, ReportFigures] = field(default_factory=dict)  # report_id → rates from Tables 3 and 4
    regions: dict[str, dict] = field(default_factory=dict)  # division code → its row of the regions resource
    failed_checks: dict[str, list[dict]] = field(default_factory=dict)  # report_id → its failed checks
    outcome_totals: dict[str, float] = field(default_factory=dict)  # Table 3 total column, per outcome group
    review_totals: dict[tuple[str, str], float] = field(default_factory=dict)  # (proceeding, outcome) → sum
    continuity: dict[str, dict] = field(default_factory=dict)  # report_id → its carry-over check (checks columns)
    downloads: str = "site"  # where the data files and originals are served: "site" or "github" (see site/)
    _keys: dict[str, str] = field(default_factory=dict, repr=False)  # report_id or body_id → its key

    @classmethod
    def load_reports(cls, folder: Path) -> "SiteData":
        """What report pages are made from besides their own rows: the reports (grouped by body) and
        their carry-over checks — not the aggregates, the failed checks or the inputs."""
        if not (folder / "reports.parquet").exists():
            raise FileNotFoundError(f"no data package in {folder}: run `ogi build` first")
        data = cls(folder)
        data.reports = pq.read_table(folder / "reports.parquet").to_pylist()
        for report in data.reports:  # dates as ISO text, as in the CSV; missing text (null) shown as empty
            report["published"] = report["published"].isoformat() if report["published"] else ""
            report.update({k: "" for k, v in report.items() if v is None and k in _TEXT_FIELDS})
        for report in sorted(data.reports, key=lambda r: (r["year"], r["report_id"])):
            data.by_body.setdefault(report["body_id"], []).append(report)
        data.continuity = read_continuity(folder)
        return data

    @classmethod
    def load(cls, folder: Path) -> "SiteData":
        data = cls.load_reports(folder)
        data.inputs = pq.read_table(folder / "inputs.parquet").to_pylist()
        failed = pq.read_table(folder / "checks.parquet", filters=[("passed", "=", False)]).to_pylist()
        for row in failed:
            data.failed_checks.setdefault(row["report_id"], []).append(row)
        current = {r["report_id"] for r in data.current_reports}
        data.outcome_totals = _sums(folder / "applications.parquet", ["outcome_group"], current, ("applicant", "total"))
        data.review_totals = _sums(folder / "reviews_litigation.parquet", ["proceeding", "outcome"], current)
        data.figures = load_report_figures(folder)
        if (folder / "regions.parquet").exists():
            data.regions = {row["code"]: row for row in pq.read_table(folder / "regions.parquet").to_pylist()}
        data.files = _files(folder)
        return data

    def report_tables(self, chosen: list[dict] | None = None) -> Iterator[tuple[dict, dict[str, pa.Table]]]:
        """(report, resource → its rows as an Arrow table) for the `chosen` reports (default: all), in
        report_id order, reading each table once from the row group that holds the first of them."""
        chosen = self.reports if chosen is None else chosen
        if not chosen:
            return
        readers = {name: _SortedRows(self.folder / f"{name}.parquet", chosen[0]["report_id"]) for name in PER_REPORT}
        for report in chosen:
            yield report, {name: reader.take(report["report_id"]) for name, reader in readers.items()}

    def report_rows(self) -> Iterator[tuple[dict, dict[str, list[dict]]]]:
        """(report, resource → its rows) for every report, in report_id order."""
        for report, tables in self.report_tables():
            yield report, {name: table.to_pylist() for name, table in tables.items()}

    @property
    def current_reports(self) -> list[dict]:
        """One row per report for aggregates: the current version of each body's year (re-issues once)."""
        return [r for r in self.reports if r.get("is_current", True)]

    def same_body(self, report: dict) -> list[dict]:
        """Every report of the same body (all years), oldest first."""
        return self.by_body.get(report["body_id"], [])

    def report_key(self, report: dict) -> str:
        """What a report's rows are made of (package.rows_key): the same key, the same row, figures and text
        — so a page made only from reports can be keyed by theirs (store.py)."""
        report_id = report["report_id"]
        if report_id not in self._keys:
            self._keys[report_id] = report_key(report, self.continuity)
        return self._keys[report_id]

    def body_key(self, body_id: str) -> str:
        """The key of every report of a body: what its page, its name and link elsewhere are made from."""
        name = "body " + body_id
        if name not in self._keys:
            joined = "\n".join(self.report_key(r) for r in self.by_body.get(body_id, ()))
            self._keys[name] = hashlib.sha256(joined.encode("utf-8")).hexdigest()
        return self._keys[name]

    def has_body_page(self, body_id: str) -> bool:
        """Whether a body has a page of its own (/bodies/<id>/): when it reported for two years or more. A
        body with one year's report has nothing over time to show that its report page does not, and a
        national corpus of one year (a report a body) would otherwise carry a second page per report."""
        return len({r["year"] for r in self.by_body.get(body_id, ())}) >= 2

    def body_path(self, body_id: str) -> str:
        """The page that stands for a body, from the site's root (encoded for a link): its own page, or
        the page of its latest report."""
        if self.has_body_page(body_id) or body_id not in self.by_body:
            return f"bodies/{path_part(body_id)}/"
        return f"reports/{path_part(self.by_body[body_id][-1]['report_id'])}/"


class _SortedRows:
    """One resource's rows, read in batches and handed out by report id, in report_id order (the rows are
    sorted by report_id). Where each report's rows lie is read first from the report_id column alone."""

    def __init__(self, path: Path, first_report: str):
        self._where = _runs(path)
        file = pq.ParquetFile(path)
        starts = [0]
        for group in range(file.metadata.num_row_groups):
            starts.append(starts[-1] + file.metadata.row_group(group).num_rows)
        first_row = min((start for rid, (start, _) in self._where.items() if rid >= first_report), default=starts[-1])
        group = max(0, next((g for g in range(len(starts) - 1) if starts[g + 1] > first_row), len(starts) - 1))
        self._batches = file.iter_batches(batch_size=_BATCH_ROWS, row_groups=range(group, file.metadata.num_row_groups))
        self._buffer = pq.read_schema(path).empty_table()
        self._offset = starts[min(group, len(starts) - 1)]  # the row number of the buffer's first row

    def take(self, report_id: str) -> pa.Table:
        start, end = self._where.get(report_id, (self._offset, self._offset))
        while self._offset + self._buffer.num_rows < end:
            batch = next(self._batches)
            self._buffer = pa.concat_tables([self._buffer, pa.Table.from_batches([batch])])
            passed = min(max(start - self._offset, 0), self._buffer.num_rows)  # rows of reports not chosen
            self._buffer, self._offset = self._buffer.slice(passed), self._offset + passed
        rows = self._buffer.slice(start - self._offset, end - start)
        self._buffer, self._offset = self._buffer.slice(end - self._offset), end
        return rows


def _runs(path: Path) -> dict[str, tuple[int, int]]:
    """report_id → (first row, row after its last) in a table sorted by report_id."""
    out: dict[str, tuple[int, int]] = {}
    offset = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=_BATCH_ROWS * 4, columns=["report_id"]):
        runs = pc.run_end_encode(batch.column(0))
        start = 0
        for report_id, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist()):
            first = out[report_id][0] if report_id in out else offset + start  # continued from the last batch
            out[report_id] = (first, offset + end)
            start = end
        offset += batch.num_rows
    return out


def _sums(path: Path, keys: list[str], report_ids: set[str], where: tuple[str, str] | None = None) -> dict:
    """Sum of `value` by `keys` over the given reports' rows of a long table (nulls — blanks, dashes — are
    not counted as 0)."""
    table = pq.read_table(path, columns=keys + ["value", "report_id"] + ([where[0]] if where else []))
    table = table.filter(pc.is_in(table["report_id"], pa.array(sorted(report_ids), pa.string())))
    if where:
        table = table.filter(pc.equal(table[where[0]], where[1]))
    sums = table.group_by(keys).aggregate([("value", "sum")]).to_pylist()
    out: dict = defaultdict(float)
    for row in sums:
        key = row[keys[0]] if len(keys) == 1 else tuple(row[k] for k in keys)
        out[key] += row["value_sum"] or 0
    return out


CONTINUITY_COLUMNS = ("check_code", "scope", "passed", "severity", "expected", "found", "message")


def read_continuity(folder: Path) -> dict[str, dict]:
    """report_id → its carry-over check (the checks columns), from the package in `folder`."""
    rows = pq.read_table(folder / "checks.parquet", filters=[("check_code", "=", "carry_over_continuity")],
                         columns=["report_id", *CONTINUITY_COLUMNS]).to_pylist()
    return {row.pop("report_id"): row for row in rows}


def report_key(report: dict, continuity: dict[str, dict]) -> str:
    """What a report's rows are made of (package.rows_key of its `reports` row and carry-over check):
    the same key, the same row, figures and text."""
    return rows_key("", report, continuity.get(report["report_id"]))


def _files(folder: Path) -> list[DataFile]:
    """The package's files with their sizes and sha256: the tables' from its descriptor, the rest read."""
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    known = {Path(r["path"]).name: (r["bytes"], r["hash"].removeprefix("sha256:")) for r in descriptor["resources"]
             if "hash" in r}
    out = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            size, sha = known.get(path.name) or (path.stat().st_size, _sha256(path))
            out.append(DataFile(path.name, size, sha))
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
