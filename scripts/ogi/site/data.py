"""The site's view of the data package: it reads the package's files, never the parser's records."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from ..schema import RESOURCES

_PER_REPORT = ("active_disclosure", "applications", "reviews_litigation", "legacy_indicators", "prose_figures",
               "sections", "checks", "table_pages")


@dataclass
class DataFile:
    name: str
    size: int
    sha256: str


@dataclass
class SiteData:
    folder: Path
    reports: list[dict] = field(default_factory=list)
    inputs: list[dict] = field(default_factory=list)
    rows: dict[str, dict[str, list[dict]]] = field(default_factory=dict)  # resource → report_id → rows
    tables: dict[str, list[dict]] = field(default_factory=dict)  # resource → all rows
    files: list[DataFile] = field(default_factory=list)
    by_body: dict[str, list[dict]] = field(default_factory=dict)  # organization_simplified → reports, oldest first

    @classmethod
    def load(cls, folder: Path) -> "SiteData":
        if not (folder / "reports.parquet").exists():
            raise FileNotFoundError(f"no data package in {folder}: run `ogi build` first")
        data = cls(folder)
        for resource in RESOURCES:
            data.tables[resource.name] = pq.read_table(folder / f"{resource.name}.parquet").to_pylist()
        data.reports = data.tables["reports"]
        for report in data.reports:  # dates as ISO text, as in the CSV
            report["published"] = report["published"].isoformat() if report["published"] else ""
        data.inputs = data.tables["inputs"]
        for name in _PER_REPORT:
            grouped: dict[str, list[dict]] = defaultdict(list)
            for row in data.tables[name]:
                grouped[row["report_id"]].append(row)
            data.rows[name] = grouped
        for report in sorted(data.reports, key=lambda r: (r["year"], r["report_id"])):
            if report["organization_simplified"]:
                data.by_body.setdefault(report["organization_simplified"], []).append(report)
        data.files = [DataFile(p.name, p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
                      for p in sorted(folder.iterdir()) if p.is_file()]
        return data

    def of(self, resource: str, report_id: str) -> list[dict]:
        return self.rows[resource].get(report_id, [])

    def same_body(self, report: dict) -> list[dict]:
        """Every report of the same body (all years), oldest first."""
        return self.by_body.get(report["organization_simplified"], [])
