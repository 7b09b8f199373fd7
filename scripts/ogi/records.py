"""Typed records passed between the pipeline stages (ingest → parse → check → package → site)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

Number = int | float


@dataclass(frozen=True)
class Value:
    """One cell or stated figure: a number, or what the report wrote instead. Blank is not zero.

    A `recovered` value says what decided it (`evidence`); an `ambiguous` one has no number and lists the
    values the cell takes in the splits that survived (`candidates`)."""

    number: Number | None
    status: str  # vocabulary.VALUE_STATUSES
    raw: str = ""
    evidence: str = ""  # vocabulary.EVIDENCE code, for `recovered` values
    candidates: tuple[Number, ...] = ()  # for `ambiguous` values

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


@dataclass(frozen=True)
class Table:
    """A table as the source laid it out (HTML markup, Word table, PDF ruling lines): rows of cells on the
    table's column grid. A cell is its text (NFKC, Simplified; "" when empty, which is a blank), or None
    where a merged cell from the left or above covers the position or the row ends early."""

    cells: tuple[tuple[str | None, ...], ...]
    header_rows: int  # rows above the first row that holds a number
    source: str  # vocabulary.SOURCE_FORMATS code of the file it came from
    page: int | None = None  # 1-based page of a paged source
    lines: tuple[int, int] = (0, 0)  # first and last line of Document.text where the table is shown
    continues: bool = False  # first thing on its page, after a page whose last table ended it: may be the
    # same table going on without its header

    @property
    def width(self) -> int:
        return max((len(row) for row in self.cells), default=0)


@dataclass
class Document:
    """Decoded, normalised text of one input: what the parser reads. Tables read from the file's structure
    are in `tables`; their rows are also shown in the text (for sections and search), never read from it."""

    source: SourceFile
    encoding: str
    script: str  # simplified | traditional
    display_text: str  # original script, cleaned; for showing to people
    text: str  # NFKC + Simplified + cleaned; same lines as display_text
    html_title: str = ""
    source_format: str = "text"  # vocabulary.SOURCE_FORMATS
    page_starts: tuple[int, ...] = ()  # line of `text` on which each page starts; () when not paged
    tables: list[Table] = field(default_factory=list)

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
    section: str = ""  # the block heading printed above the row (「三、依申请公开情况」), "" if none
    indent: int = 0  # 0 top level, 1 under it (（一） or 其中), 2 for 1./2. rows under those, and so on


@dataclass
class DigitRun:
    """Digits printed without separators that stand for several cells, and the ways they can be cut."""

    table: str  # vocabulary.SOURCE_TABLES code
    row: str  # the row's code (a legacy table: the indicator)
    digits: str  # as printed, runs separated by spaces
    candidates: list[tuple[Number, ...]]  # the cuts that survived every identity, bound and stated figure
    evidence: str = ""  # vocabulary.EVIDENCE code of what left one cut; "" when none or several remain

    @property
    def resolved(self) -> bool:
        return len(self.candidates) == 1


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
    digit_runs: list[DigitRun] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Where each table was printed in a paged source: vocabulary.SOURCE_TABLES code → (first, last page).
    table_pages: dict[str, tuple[int, int]] = field(default_factory=dict)
    identity: Identity | None = None  # set by the build, which sees every input (never by the parse)

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if c.passed is False]


@dataclass
class ReportSummary:
    """What the build needs of a report before writing the package: enough to tell copies of one
    document apart, number a body's versions (identity.py) and check carry-over across years (checks.py).
    The build holds one of these per report, never the whole corpus of Reports: the package reads each
    Report again, one at a time, when it writes that report's rows."""

    source: SourceFile
    source_format: str
    organization_simplified: str
    province: str
    prefecture: str
    county: str
    year: int | None
    published: str
    source_url: str
    figures: str  # identity.figures_key: the report's numbers
    words: str  # identity.words_key: the Chinese characters of its sections, counted
    carried_over: Number | None  # headline 上年结转 and 结转下年度 as read (None: not a number)
    carried_forward: Number | None
    identity: Identity | None = None  # set by the build (identity.assign)
    continuity: CheckResult | None = None  # set by the build (checks.continuity_checks)


@dataclass
class Rejection:
    """An input that is not published, with a reason a maintainer understands."""

    source: SourceFile
    reason: str
    status: str = "rejected"  # rejected | duplicate
    duplicate_of: str = ""


ParseOutcome = Report | Rejection
