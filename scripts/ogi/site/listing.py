"""The reports list's data: small shards the browser loads as it needs them (docs/javascripts/ogi-list.js).

`reports/list/index.json` says which shards exist — one per year and province, split in parts of at most
PART_ROWS rows — with each part's row count, in the list's default order (newest year first, then by
province code; within a shard by body_id). The first page of rows therefore needs the index and one
part, whatever the corpus size; so does any page of the list filtered by year and province (the count
comes from the index). Other filters and sorting load the shards in scope, and only those.
"""

from __future__ import annotations

import json
from collections import defaultdict

from .. import vocabulary as V
from .data import SiteData
from .regions import NO_REGION
from .store import SiteFiles
from .years import UNPLACED

PART_ROWS = 500
PAGE_ROWS = 50
LIST_FOLDER = "reports/list"
# One row: what a list row shows; year and province are the shard's.
ROW_FIELDS = ("id", "organization", "region", "level", "layout", "received", "processed", "granted_share",
              "failed", "hant")


def _row(report: dict) -> list:
    processed, granted = report["applications_processed"], report["applications_granted"]
    where = "".join(p for p in (report["prefecture"], report["county"], report["township"]) if p)
    return [report["report_id"], report["organization"], where, report["admin_level"], report["layout"],
            report["applications_received"], processed,
            round(granted / processed, 4) if processed and granted is not None else None,
            report["checks_failed"], 1 if report["script"] == "traditional" else 0]


def _shard_key(report: dict) -> tuple[int, str, str]:
    code = report["province_code"]
    if code and code != NO_REGION and report["province"]:
        return report["year"], code, report["province"]
    return report["year"], NO_REGION, UNPLACED


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_list_data(data: SiteData, files: SiteFiles) -> int:
    """Write the index and the shards under reports/list/; → files written."""
    shards: dict[tuple[int, str, str], list[dict]] = defaultdict(list)
    for report in data.reports:
        shards[_shard_key(report)].append(report)
    entries, provinces = [], {}
    for year, code, name in sorted(shards, key=lambda key: (-key[0], key[1])):
        provinces[code] = name
        reports = sorted(shards[(year, code, name)], key=lambda r: (r["body_id"], r["report_id"]))
        for part, start in enumerate(range(0, len(reports), PART_ROWS), 1):
            rows = reports[start:start + PART_ROWS]
            file = f"{year}-{code}-{part}.json"
            files.write(f"{LIST_FOLDER}/{file}", _dump([_row(r) for r in rows]))
            entries.append([year, code, len(rows), file])
    index = {"fields": ROW_FIELDS, "page_rows": PAGE_ROWS, "total": len(data.reports),
             "provinces": sorted(provinces.items()), "levels": [[t.code, t.zh] for t in V.ADMIN_LEVELS],
             "layouts": [[t.code, t.zh] for t in V.LAYOUTS], "shards": entries}
    files.write(f"{LIST_FOLDER}/index.json", _dump(index))
    return len(entries) + 1
