"""History: the data version, its date, what changed since the previous version, and ids that moved.

Entry point: `release(rows, previous_dir, fingerprint, reports_dates)`. The build has no network: the
previous data version is a folder (the unzipped package of the last release, which the workflow fetches
with `gh release download`, or any earlier build's `build/data`) passed in by the caller.

- Version: `YYYY.M.N` from the date the data was made (`created`), N counting that month's versions.
  Data identical to the previous version's keep its version, date and changelog: a rebuild changes nothing.
- `created`: SOURCE_DATE_EPOCH when set (the reproducible-builds convention; CI sets it to the time of
  the commit it builds), else the newest date the inputs carry (retrieval dates in sources.csv, the
  reports' publication dates). Never the wall clock, so the same inputs give byte-identical files.
- Changes: the inputs ledger (which file is published as which report) against the previous version's:
  reports added, corrected (another or changed source file, or a new id) and withdrawn.
- Redirects: a report that is the same input (same path or same bytes) as before but under another id,
  whose old id is gone, leaves old → new; so does a body whose body_id changed. Earlier redirects are
  kept and follow the chain to the current id.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = "ogi-data/ogi"  # GitHub owner/name: release pages and downloads of past versions
VERSIONS_FILE = "versions.json"
CHANGELOG_FILE = "CHANGELOG.md"


def release_url(version: str) -> str:
    return f"https://github.com/{REPOSITORY}/releases/tag/data-{version}"


def download_url(version: str) -> str:
    return f"https://github.com/{REPOSITORY}/releases/download/data-{version}/ogi-data-{version}.zip"


@dataclass
class Previous:
    """What the build needs from the previous data version."""

    version: str = ""
    created: str = ""
    fingerprint: str = ""
    versions: list[dict] = field(default_factory=list)
    inputs: list[dict] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)
    redirects: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path | None) -> "Previous":
        if folder is None or not folder.is_dir():
            return cls()
        # A package from before data versions (no versions.json) still gives its ids, for redirects.
        versions_file = folder / VERSIONS_FILE
        info = json.loads(versions_file.read_text(encoding="utf-8")) if versions_file.exists() else {}
        current = next((v for v in info.get("versions", []) if v["version"] == info.get("current")), {})

        def rows(name: str) -> list[dict]:
            path = folder / f"{name}.csv"
            if not path.exists():
                return []
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return list(csv.DictReader(handle))

        return cls(info.get("current", ""), current.get("created", ""), current.get("fingerprint", ""),
                   info.get("versions", []), rows("inputs"), rows("reports"), rows("redirects"), rows("changes"))


@dataclass
class Release:
    version: str
    created: str  # ISO 8601, UTC
    versions: dict  # the versions file: current and known past versions with their release links
    redirects: list[dict]
    changes: list[dict]


def created_date(dates: list[str]) -> str:
    """SOURCE_DATE_EPOCH, else the newest input date, as an ISO timestamp (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    else:
        valid = [d for d in dates if _is_date(d)]
        moment = dt.datetime.fromisoformat(max(valid)).replace(tzinfo=dt.timezone.utc) if valid else \
            dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text[:10])
        return len(text) == 10
    except (TypeError, ValueError):
        return False


def next_version(created: str, known: list[dict]) -> str:
    prefix = f"{int(created[:4])}.{int(created[5:7])}."
    used = [int(v["version"][len(prefix):]) for v in known if v["version"].startswith(prefix)
            and v["version"][len(prefix):].isdigit()]
    return f"{prefix}{max(used, default=0) + 1}"


def release(rows: dict[str, list[dict]], previous: Previous, fingerprint: str, dates: list[str]) -> Release:
    """The version of this data, and its redirects and changes against the previous version."""
    redirects = find_redirects(rows, previous)
    if previous.version and previous.fingerprint == fingerprint:
        return Release(previous.version, previous.created, _versions_file(previous.versions, previous.version),
                       _since(redirects, previous.version), previous.changes)
    created = created_date(dates)
    version = next_version(created, previous.versions)
    entry = {"version": version, "created": created, "tag": f"data-{version}", "release_url": release_url(version),
             "download_url": download_url(version), "reports": len(rows["reports"]), "fingerprint": fingerprint}
    known = [v for v in previous.versions if v["version"] != version] + [entry]
    changes = find_changes(rows, previous, redirects, version) + previous.changes
    return Release(version, created, _versions_file(known, version), _since(redirects, version), changes)


def _versions_file(known: list[dict], current: str) -> dict:
    ordered = sorted(known, key=lambda v: (v["created"], v["version"]), reverse=True)
    return {"current": current, "versions": ordered}


def _since(redirects: list[dict], version: str) -> list[dict]:
    return [{**r, "since": r.get("since") or version} for r in redirects]


def find_redirects(rows: dict[str, list[dict]], previous: Previous) -> list[dict]:
    """Old ids that are gone → their current id, from the same input files and earlier redirects."""
    report_ids = {r["report_id"] for r in rows["reports"]}
    body_ids = {r["body_id"] for r in rows["reports"]}
    now_by_path = {i["path"]: i["report_id"] for i in rows["inputs"] if i["report_id"]}
    now_by_sha = {i["sha256"]: i["report_id"] for i in rows["inputs"] if i["report_id"]}
    moved: dict[tuple[str, str], tuple[str, str]] = {}  # (kind, old) → (new, reason)
    for row in previous.inputs:
        old = row.get("report_id", "")
        new = now_by_path.get(row["path"]) or now_by_sha.get(row["sha256"])
        if old and new and old != new and old not in report_ids:
            moved[("report", old)] = (new, "同一输入文件现在发布为新编号(机关名称、地区或版本更正)")
    body_now = {r["report_id"]: r["body_id"] for r in rows["reports"]}
    for row in previous.reports:
        new_report = moved.get(("report", row["report_id"]), (row["report_id"], ""))[0]
        new_body = body_now.get(new_report)
        if new_body and row.get("body_id") and row["body_id"] != new_body and row["body_id"] not in body_ids:
            moved[("body", row["body_id"])] = (new_body, "机关编号变更(机关更名已记录,或地区、名称更正)")
    for row in previous.redirects:
        key = (row["kind"], row["old_id"])
        target = moved.get((row["kind"], row["new_id"]), (row["new_id"], ""))[0]
        alive = report_ids if row["kind"] == "report" else body_ids
        if key not in moved and row["old_id"] not in alive and target in alive:
            moved[key] = (target, row["reason"])
    since = {(r["kind"], r["old_id"]): r.get("since", "") for r in previous.redirects}
    return [{"kind": kind, "old_id": old, "new_id": new, "since": since.get((kind, old), ""), "reason": reason}
            for (kind, old), (new, reason) in sorted(moved.items())]


def find_changes(rows: dict[str, list[dict]], previous: Previous, redirects: list[dict], version: str) -> list[dict]:
    """Reports added, corrected and withdrawn since the previous version, from the two inputs ledgers."""
    if not previous.version:
        return [{"version": version, "change": "added", "report_id": r["report_id"], "detail": r["source_file"]}
                for r in rows["reports"]]
    files_now = _files_of_reports(rows["inputs"])
    files_before = _files_of_reports(previous.inputs)
    renamed = {r["old_id"]: r["new_id"] for r in redirects if r["kind"] == "report"}
    came_from = {new: old for old, new in renamed.items()}
    out = []
    for report in rows["reports"]:
        rid = report["report_id"]
        old = rid if rid in files_before else came_from.get(rid)
        if old is None:
            out.append({"version": version, "change": "added", "report_id": rid, "detail": report["source_file"]})
        elif old != rid:
            out.append({"version": version, "change": "corrected", "report_id": rid, "detail": f"原编号 {old}"})
        elif files_now.get(rid) != files_before.get(rid):
            out.append({"version": version, "change": "corrected", "report_id": rid,
                        "detail": "来源文件:" + "、".join(sorted(files_now.get(rid, set())))})
    for rid in sorted(set(files_before) - set(files_now) - set(renamed)):
        out.append({"version": version, "change": "withdrawn", "report_id": rid,
                    "detail": "、".join(sorted(files_before[rid]))})
    return out


def _files_of_reports(inputs: list[dict]) -> dict[str, set[str]]:
    files: dict[str, set[str]] = {}
    for row in inputs:
        if row["report_id"] and row["status"] in ("published", "duplicate"):
            files.setdefault(row["report_id"], set()).add(f'{row["path"]}({row["sha256"][:8]})')
    return files


def changelog(changes: list[dict], versions: dict) -> str:
    """CHANGELOG.md of the data, newest version first."""
    from . import vocabulary as V

    labels = {t.code: t.zh for t in V.DATA_CHANGES}
    created = {v["version"]: v["created"][:10] for v in versions["versions"]}
    lines = ["# 数据更新记录(CHANGELOG)", "", "每个数据版本相对上一版本新增、更正和撤回的报告,由输入文件清单(inputs)"
             "的差异生成。各版本的完整数据包见其发布页面。", ""]
    for entry in versions["versions"]:
        version = entry["version"]
        selected = [c for c in changes if c["version"] == version]
        lines += [f"## {version}({created.get(version, '')})", "", f"发布页面:{entry['release_url']}", ""]
        for code in ("added", "corrected", "withdrawn"):
            items = [c for c in selected if c["change"] == code]
            if items:
                lines.append(f"### {labels[code]}({len(items)})")
                lines += [f"- `{c['report_id']}` {c['detail']}" for c in items]
                lines.append("")
        if not selected:
            lines += ["没有报告变化。", ""]
    return "\n".join(lines)
