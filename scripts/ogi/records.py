"""Typed records passed between the pipeline stages (ingest → parse → check → package → site)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

Number = int | float


@dataclass(frozen=True)
class Value:
    """One cell or stated figure: a number, or what the report wrote instead. Blank is not zero."""

    number: Number | None
    status: str  # vocabulary.VALUE_STATUSES
    raw: str = ""

    @classmethod
    def blank(cls, raw: str = "") -> "Value":
        return cls(None, "blank", raw)

    @property
    def known(self) -> bool:
        return self.number is not None


def is_valid_count(number: Number | None) -> bool:
    """A count cell must hold a non-negative whole number (blank is allowed: it is not a number)."""
    return number is None or (number >= 0 and float(number).is_integer())


@dataclass
class SourceFile:
    """An input file and its provenance."""

    path: str  # relative to the reports folder, POSIX separators
    sha256: str
    size: int
    source_url: str = ""


@dataclass
class Document:
    """Decoded, normalised text of one input: what the parser reads."""

    source: SourceFile
    encoding: str
    script: str  # simplified | traditional
    display_text: str  # original script, cleaned; for showing to people
    text: str  # NFKC + Simplified + cleaned; same lines as display_text
    html_title: str = ""
    source_format: str = "text"  # vocabulary.SOURCE_FORMATS
    page_starts: tuple[int, ...] = ()  # line of `text` on which each page starts; () when not paged

    def page_of_line(self, line: int) -> int | None:
        """1-based page number of a line of `text`, or None for unpaged sources."""
        if not self.page_starts:
            return None
        return bisect_right(self.page_starts, line)


@dataclass
class Section:
    number: int  # 1..6, the canonical section
    heading: str  # as printed
    text: str


@dataclass
class LegacyIndicator:
    table: str  # statistics | comparison
    row: int
    indicator: str
    unit: str
    period: str  # this_year | cumulative | a year such as 2016
    value: Value


@dataclass
class ProseFigure:
    indicator: str  # vocabulary.PROSE_FIGURES code
    value: Value
    unit: str
    context: str  # the sentence fragment it was read from


@dataclass
class CheckResult:
    check: str  # vocabulary.CHECKS code
    scope: str  # e.g. the Table 3 column or row the check ran on
    passed: bool | None  # None: could not be evaluated (blank cells)
    severity: str  # error | warning
    expected: str = ""
    found: str = ""
    message: str = ""


@dataclass
class Identity:
    """What a published report is, decided by the build from all inputs: ids, region codes, versions."""

    report_id: str  # year-region-body[-vN]: never depends on which file carried the report
    body_id: str  # region-body, the same across a body's recorded renamings
    province_code: str | None = None  # GB/T 2260 codes in force in the report's year
    prefecture_code: str | None = None
    county_code: str | None = None
    version: int = 1  # this report's place among the body's different reports for the year
    versions: int = 1
    is_current: bool = True  # the newest version: the one aggregates count
    version_change: str | None = None  # vocabulary.VERSION_CHANGES, against the version before


@dataclass
class Report:
    """Everything parsed from one input that is a report."""

    source: SourceFile
    layout: str
    script: str
    source_format: str = "text"
    page_count: int | None = None  # pages of a paged source (PDF, or text with page breaks)
    title: str = ""
    organization: str = ""
    organization_simplified: str = ""
    province: str = ""
    prefecture: str = ""
    county: str = ""
    township: str = ""
    admin_level: str = "other"
    year: int | None = None
    published: str = ""  # ISO date
    index_number: str = ""  # 索引号
    source_url: str = ""
    sections: list[Section] = field(default_factory=list)
    table2: dict[str, dict[str, Value]] = field(default_factory=dict)
    table3: dict[str, dict[str, Value]] = field(default_factory=dict)
    table4: dict[str, dict[str, Value]] = field(default_factory=dict)
    legacy: list[LegacyIndicator] = field(default_factory=list)
    prose: list[ProseFigure] = field(default_factory=list)
    headline: dict[str, Value] = field(default_factory=dict)
    checks: list[CheckResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Where each table was printed in a paged source: vocabulary.SOURCE_TABLES code → (first, last page).
    table_pages: dict[str, tuple[int, int]] = field(default_factory=dict)
    identity: Identity | None = None  # set by the build, which sees every input (never by the parse)

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if c.passed is False]


@dataclass
class Rejection:
    """An input that is not published, with a reason a maintainer understands."""

    source: SourceFile
    reason: str
    status: str = "rejected"  # rejected | duplicate
    duplicate_of: str = ""


ParseOutcome = Report | Rejection
