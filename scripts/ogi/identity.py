"""Identity: which inputs are one report, which copy is published, and the report's and body's ids.

Entry point: `assign(outcomes)`, over each report's summary (`summarize`: the build never holds the
whole corpus of parsed reports). A report's id depends on what it *is* — its year, where its body sits
(GB/T 2260 code in force that year) and the body's name as printed — never on the file that carried it:

    report_id = <year>-<region code>-<body name>[-v<n>]     2021-510421-米易县人民政府
    body_id   = <region code>-<body name>                   510421-米易县人民政府

Two files are the same *document* when they hold the same body, year, figures and the same Chinese
characters in the six sections (counted, not ordered: a PDF, its pasted text and a GB18030 copy lay the
tables out differently but hold the same words). The best copy (PDF or Word, then HTML, then text) is
published; the others are listed as duplicates of it, under the same id. Different documents of one body
for one year (a corrected re-issue, or the same figures with another narrative) are all published as
versions, in order of publication date; the newest is current, and the difference is flagged.

A body renamed by a reorganisation (卫生局 → 卫生健康局) is recorded in reference/body_renamings.csv
(reviewed by hand): its reports keep their own ids, and its body_id is the one of its first recorded name.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .text import to_simplified
from .parse.gazetteer import resolve
from .records import Identity, Rejection, Report, ReportSummary

UNKNOWN_REGION = "000000"  # no place in the body's name could be found in the division tables
# Which copy of one document to publish: the original file (its tables read from their real structure)
# before a web page, before pasted or converted text; then the first path.
SOURCE_PREFERENCE = {"pdf": 0, "docx": 0, "html": 1, "text": 2}
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class InputRow:
    path: str
    sha256: str
    size: int
    status: str
    reason: str
    report_id: str


def body_name(report: Report | ReportSummary) -> str:
    """The body's name as it goes into ids: Simplified, punctuation and spaces folded into one dash."""
    name = re.sub(r"[^\w\u4e00-\u9fff]+", "-", report.organization_simplified or "").strip("-")[:40]
    return name or "unknown"


def _region_code(identity: Identity) -> str:
    return identity.county_code or identity.prefecture_code or identity.province_code or UNKNOWN_REGION


def region_of(report: Report | ReportSummary) -> Identity:
    """An identity holding only the region codes, in force in the report's year."""
    codes = resolve(report.province, report.prefecture, report.county, report.year)
    return Identity("", "", codes.province, codes.prefecture, codes.county)


def alone(report_id: str, report: Report) -> Identity:
    """The identity of a report taken on its own (no other input to compare it with): version 1 of 1."""
    identity = region_of(report)
    identity.report_id = report_id
    identity.body_id = f"{_region_code(identity)}-{body_name(report)}"
    return identity


def _key(parts) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def figures_key(report: Report) -> str:
    grids = [{r: {c: v.number for c, v in cells.items()} for r, cells in grid.items()}
             for grid in (report.table2, report.table3, report.table4)]
    legacy = [(i.indicator, i.period, i.value.number) for i in report.legacy]
    prose = [(f.indicator, f.value.number) for f in report.prose]
    return _key([report.layout, grids, legacy, prose])


def words_key(report: Report) -> str:
    """The Chinese characters of the six sections, counted: the same in every format copy of a document."""
    text = "".join(s.heading + s.text for s in report.sections)
    if report.script == "traditional":
        text = to_simplified(text)
    return _key(sorted(Counter(_CJK.findall(text)).items()))


def summarize(report: Report) -> ReportSummary:
    """What identity and continuity need of a report (records.ReportSummary)."""
    def known(code: str):
        value = report.headline.get(code)
        return value.number if value is not None and value.known else None

    return ReportSummary(report.source, report.source_format, report.organization_simplified, report.province,
                         report.prefecture, report.county, report.year, report.published, report.source_url,
                         figures_key(report), words_key(report), known("applications_carried_over"),
                         known("applications_carried_forward"))


@dataclass
class _Document:
    own_key: str  # region-body as this report prints it
    year: int | None
    figures: str
    words: str
    paths: list[str]
    best: tuple[str, ReportSummary]

    @property
    def key(self) -> tuple:
        return (self.own_key, self.year, self.figures, self.words)


def load_renamings(path: Path | None = None) -> dict[str, str]:
    """(region-body) of a later name → (region-body) of the body's first recorded name."""
    text = path.read_text(encoding="utf-8-sig") if path else \
        resources.files("ogi").joinpath("reference/body_renamings.csv").read_text(encoding="utf-8")
    earlier = {}
    for row in csv.DictReader(io.StringIO(text)):
        old = f"{row['old_region_code']}-{row['old_name']}"
        earlier[f"{row['new_region_code']}-{row['new_name']}"] = old
    first = {}
    for later in earlier:
        root, seen = later, {later}
        while root in earlier and earlier[root] not in seen:
            root = earlier[root]
            seen.add(root)
        first[later] = root
    return first


def _documents(outcomes: list[tuple]) -> tuple[list[_Document], dict[str, _Document]]:
    """Group the reports into documents; → documents, and the document of each report's path."""
    by_key: dict[tuple, _Document] = {}
    of_path: dict[str, _Document] = {}
    for relative, _, _, outcome in outcomes:
        if not isinstance(outcome, ReportSummary):
            continue
        region = region_of(outcome)
        outcome.identity = region
        own = f"{_region_code(region)}-{body_name(outcome)}"
        document = _Document(own, outcome.year, outcome.figures, outcome.words, [], (relative, outcome))
        document = by_key.setdefault(document.key, document)
        document.paths.append(relative)
        held = document.best[1]
        if SOURCE_PREFERENCE[outcome.source_format] < SOURCE_PREFERENCE[held.source_format]:
            document.best = (relative, outcome)
        of_path[relative] = document
    return list(by_key.values()), of_path


def _number_versions(documents: list[_Document], renamings: dict[str, str]) -> None:
    """Versions of one body's year in order of publication date (undated last); ids in that order."""
    series: dict[tuple, list[_Document]] = {}
    for document in documents:
        body = renamings.get(document.own_key, document.own_key)
        series.setdefault((body, document.year), []).append(document)
    taken: set[str] = set()
    for (body, year), group in sorted(series.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        group.sort(key=lambda d: (d.best[1].published or "9999", d.figures, d.words))
        for number, document in enumerate(group, 1):
            base = f"{year}-{document.own_key}"
            report_id = base if base not in taken else f"{base}-v{number}"
            taken.add(report_id)
            identity = document.best[1].identity
            identity.report_id, identity.body_id = report_id, body
            identity.version, identity.versions = number, len(group)
            identity.is_current = number == len(group)
            if number > 1:
                previous = group[number - 2]
                identity.version_change = "figures" if previous.figures != document.figures else "text"


def assign(outcomes: list[tuple], renamings: dict[str, str] | None = None) -> tuple[list, list[InputRow]]:
    """(relative, sha, size, outcome) of every input, a report's outcome being its summary → published
    (report_id, summary) pairs and the input accounting, in input order."""
    documents, of_path = _documents(outcomes)
    _number_versions(documents, load_renamings() if renamings is None else renamings)
    published, inputs = [], []
    id_of_path: dict[str, str] = {}
    for relative, sha, size, outcome in outcomes:
        if isinstance(outcome, Rejection):
            original_id = id_of_path.get(outcome.duplicate_of, "")
            id_of_path[relative] = original_id
            inputs.append(InputRow(relative, sha, size, outcome.status, outcome.reason, original_id))
            continue
        best_path, best = of_path[relative].best
        report_id = id_of_path[relative] = best.identity.report_id
        if best_path != relative:
            inputs.append(InputRow(relative, sha, size, "duplicate",
                                   f"与 {best_path} 是同一份报告：机关、年度、数字和"
                                   "正文文字相同，只是编码或格式不同）", report_id))
            continue
        published.append((report_id, outcome))
        inputs.append(InputRow(relative, sha, size, "published", "", report_id))
    return published, inputs
