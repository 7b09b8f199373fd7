"""Atom feeds of newly published and corrected reports: /feeds/reports.xml for the whole site and
/feeds/<province code>.xml per province.

Entries come from the package's `changes` resource (what each data version added or corrected); an
entry's date is its data version's `created` (versions.json), its id a UUID derived from (version, change,
report id): rebuilding the same data writes the same feed, and a reader never sees an entry twice. A
withdrawn report has no page left to point to and is not an entry. Each feed holds the newest
MAX_ENTRIES entries, as feeds do.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
from lxml import etree

from .. import vocabulary as V
from .data import SiteData
from .regions import NO_REGION
from .report import region, report_title
from .store import SiteFiles
from .templates import url_part

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100
FEED_FOLDER = "feeds"
SITE_FEED = "reports.xml"
CHANGE_NAMES = {t.code: t.zh for t in V.DATA_CHANGES}
PUBLISHED_CHANGES = ("added", "corrected")


def _stable_id(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "ogi:" + ":".join(parts)).urn


def _version_dates(folder: Path) -> dict[str, str]:
    path = folder / "versions.json"
    versions = json.loads(path.read_text(encoding="utf-8"))["versions"] if path.exists() else []
    return {v["version"]: v["created"] for v in versions}


def feed_entries(data: SiteData) -> list[dict]:
    """Every added or corrected report still published, newest data version first: {version, change,
    report, updated}."""
    path = data.folder / "changes.parquet"
    if not path.exists():
        return []
    dates = _version_dates(data.folder)
    by_id = {r["report_id"]: r for r in data.reports}
    entries = [{"version": c["version"], "change": c["change"], "report": by_id[c["report_id"]],
                "updated": dates.get(c["version"], "")}
               for c in pq.read_table(path).to_pylist()
               if c["change"] in PUBLISHED_CHANGES and c["report_id"] in by_id and dates.get(c["version"])]
    entries.sort(key=lambda e: (e["report"]["year"], e["report"]["report_id"]), reverse=True)
    entries.sort(key=lambda e: e["updated"], reverse=True)
    return entries


def _text(parent, tag: str, text: str, **attributes) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", **attributes)
    element.text = text
    return element


def atom_feed(entries: list[dict], feed_id: str, title: str, self_href: str, site_href: str,
              report_href, newest: str) -> bytes:
    """One Atom 1.0 document; hrefs are absolute when the site's address is known, else relative to the feed."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", "zh-CN")
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _text(feed, "subtitle", "政府信息公开工作年度报告开放数据：各数据版本新发布和更正的报告。")
    _text(feed, "updated", entries[0]["updated"] if entries else newest)  # a feed without entries: the data's date
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_href)
    etree.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=site_href)
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "ogi")
    _text(feed, "generator", "ogi")
    for entry in entries[:MAX_ENTRIES]:
        report, change = entry["report"], CHANGE_NAMES[entry["change"]]
        item = etree.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "id", _stable_id("change", entry["version"], entry["change"], report["report_id"]))
        _text(item, "title", f"{change}：{report_title(report)}")
        _text(item, "updated", entry["updated"])
        etree.SubElement(item, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=report_href(report))
        etree.SubElement(item, f"{{{ATOM}}}category", term=entry["change"], label=change)
        where = region(report)
        _text(item, "summary", f"{report['organization']}{report['year']}年政府信息公开工作年度报告"
                               + (f"（{where}）" if where else "") + f"，数据版本{entry['version']}{change}。")
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def write_feeds(data: SiteData, files: SiteFiles, site_url: str | None) -> list[str]:
    """The site-wide feed and one per province with reports; → the feed files written, relative to the site."""
    entries = feed_entries(data)
    base = site_url or "../"  # relative to /feeds/ when the site's address is unknown

    def report_href(report: dict) -> str:
        return f"{base}reports/{url_part(report['report_id'])}/"

    def self_href(name: str) -> str:
        return f"{site_url}{FEED_FOLDER}/{name}" if site_url else name

    names = {r["province_code"]: r["province"] for r in data.reports if r["province_code"] not in ("", None, NO_REGION)}
    names.update({code: data.regions[code]["name"] for code in names if code in data.regions})  # the newest name
    by_province: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        by_province[entry["report"]["province_code"]].append(entry)
    newest = max(_version_dates(data.folder).values(), default="1970-01-01T00:00:00Z")
    written = [f"{FEED_FOLDER}/{SITE_FEED}"]
    files.write(written[0], atom_feed(entries, _stable_id("feed", "reports"), "ogi：新发布和更正的报告",
                                      self_href(SITE_FEED), base, report_href, newest))
    for code in sorted(names):
        files.write(f"{FEED_FOLDER}/{code}.xml",
                    atom_feed(by_province.get(code, []), _stable_id("feed", code), f"ogi：{names[code]}新发布和更正的报告",
                              self_href(f"{code}.xml"), f"{base}regions/{code}/", report_href, newest))
        written.append(f"{FEED_FOLDER}/{code}.xml")
    return written
