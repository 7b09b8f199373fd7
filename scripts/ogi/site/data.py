"""The site's view of the data package: it reads the package's files, never the parser's records.

Small tables (reports, inputs) are held whole; the long per-report tables are never loaded at once:
`report_rows()` streams them, report by report (every resource is sorted by report_id), and the site's
aggregates are computed by Arrow. Memory stays flat as the corpus grows.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..schema import REPORTS
from .figures import ReportFigures, load_report_figures

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

    @classmethod
    def load(cls, folder: Path) -> "SiteData":
        if not (folder / "reports.parquet").exists():
            raise FileNotFoundError(f"no data package in {folder}: run `ogi build` first")
        data = cls(folder)
        data.reports = pq.read_table(folder / "reports.parquet").to_pylist()
        for report in data.reports:  # dates as ISO text, as in the CSV; missing text (null) shown as empty
            report["published"] = report["published"].isoformat() if report["published"] else ""
            report.update({k: "" for k, v in report.items() if v is None and k in _TEXT_FIELDS})
        data.inputs = pq.read_table(folder / "inputs.parquet").to_pylist()
        for report in sorted(data.reports, key=lambda r: (r["year"], r["report_id"])):
            data.by_body.setdefault(report["body_id"], []).append(report)
        failed = pq.read_table(folder / "checks.parquet", filters=[("passed", "=", False)]).to_pylist()
        for row in failed:
            data.failed_checks.setdefault(row["report_id"], []).append(row)
        current = {r["report_id"] for r in data.current_reports}
        data.outcome_totals = _sums(folder / "applications.parquet", ["outcome_group"], current, ("applicant", "total"))
        data.review_totals = _sums(folder / "reviews_litigation.parquet", ["proceeding", "outcome"], current)
        data.figures = load_report_figures(folder)
        if (folder / "regions.parquet").exists():
            data.regions = {row["code"]: row for row in pq.read_table(folder / "regions.parquet").to_pylist()}
        data.files = [DataFile(p.name, p.stat().st_size, _sha256(p)) for p in sorted(folder.iterdir()) if p.is_file()]
        return data

    def report_rows(self) -> Iterator[tuple[dict, dict[str, list[dict]]]]:
        """(report, resource → its rows) for every report, in report_id order, reading each table once."""
        readers = {name: _SortedRows(self.folder / f"{name}.parquet") for name in PER_REPORT}
        for report in self.reports:
            yield report, {name: reader.take(report["report_id"]) for name, reader in readers.items()}

    @property
    def current_reports(self) -> list[dict]:
        """One row per report for aggregates: the current version of each body's year (re-issues once)."""
        return [r for r in self.reports if r.get("is_current", True)]

    def same_body(self, report: dict) -> list[dict]:
        """Every report of the same body (all years), oldest first."""
        return self.by_body.get(report["body_id"], [])


class _SortedRows:
    """One resource's rows, read in batches and handed out by report id; rows are sorted by report_id."""

    def __init__(self, path: Path):
        self._batches = pq.ParquetFile(path).iter_batches(batch_size=_BATCH_ROWS)
        self._buffer: deque[dict] = deque()

    def take(self, report_id: str) -> list[dict]:
        rows: list[dict] = []
        while True:
            if not self._buffer:
                batch = next(self._batches, None)
                if batch is None:
                    return rows
                self._buffer.extend(batch.to_pylist())
            current = self._buffer[0]["report_id"]
            if current > report_id:
                return rows
            row = self._buffer.popleft()
            if current == report_id:
                rows.append(row)


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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
