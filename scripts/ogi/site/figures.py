"""The figures the portal compares across years and bodies: each report's headline counts and the rates
derived from them, and sums over groups of reports that say how many reports stand behind each number.

A rate is a share of what the report itself printed: 予以公开 ÷ 办理结果总计 (Table 3's total column),
结果纠正 ÷ 已审结 (Table 4: 维持＋纠正＋其他). A report that left a figure blank has no rate for it; a blank is
never taken for 0, and a sum says how many reports had the figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

MIN_SAMPLE = 10  # a rate is ranked only when at least this many applications (or cases) stand behind it
NOT_GRANTED_GROUPS = ("denied", "unable", "not_processed", "other")  # 未予公开: every outcome but (partial) disclosure
CONCLUDED = ("upheld", "corrected", "other")  # 已审结; 尚未审结 (pending) is not concluded
LITIGATION = ("litigation_direct", "litigation_after_review")


@dataclass(frozen=True)
class Cases:
    """A Table 4 proceeding's concluded cases and how many of them corrected the body's decision."""
    corrected: int
    concluded: int

    @property
    def rate(self) -> float | None:
        return self.corrected / self.concluded if self.concluded else None


@dataclass(frozen=True)
class Outcomes:
    """Table 3's total column, by outcome: what the shares of a report are computed from."""
    not_granted: int | None  # 不予公开＋无法提供＋不予处理＋其他处理; None when the report printed none of them


@dataclass(frozen=True)
class ReportFigures:
    outcomes: Outcomes
    review: Cases | None
    litigation: Cases | None


def share(part, whole) -> float | None:
    return part / whole if part is not None and whole else None


def load_report_figures(folder: Path) -> dict[str, ReportFigures]:
    """report_id → its derived figures, read from the package's Table 3 and Table 4 rows with Arrow."""
    outcomes = _outcome_sums(folder / "applications.parquet")
    cases = _case_sums(folder / "reviews_litigation.parquet")
    ids = set(outcomes) | {rid for rid, _ in cases}
    return {rid: ReportFigures(Outcomes(outcomes.get(rid)), cases.get((rid, "review")), cases.get((rid, "litigation")))
            for rid in ids}


def _outcome_sums(path: Path) -> dict[str, int]:
    table = pq.read_table(path, columns=["report_id", "outcome_group", "applicant", "value"])
    table = table.filter(pc.and_(pc.equal(table["applicant"], "total"),
                                 pc.is_in(table["outcome_group"], value_set=_strings(NOT_GRANTED_GROUPS))))
    table = table.filter(pc.is_valid(table["value"]))
    return {row["report_id"]: row["value_sum"] for row in
            table.group_by("report_id").aggregate([("value", "sum")]).to_pylist()}


def _case_sums(path: Path) -> dict[tuple[str, str], Cases]:
    """(report_id, "review" or "litigation") → its cases; a proceeding with no printed concluded case is absent."""
    table = pq.read_table(path, columns=["report_id", "proceeding", "outcome", "value"])
    table = table.filter(pc.and_(pc.is_in(table["outcome"], value_set=_strings(CONCLUDED)), pc.is_valid(table["value"])))
    corrected: dict = defaultdict(int)
    concluded: dict = defaultdict(int)
    for row in table.group_by(["report_id", "proceeding", "outcome"]).aggregate([("value", "sum")]).to_pylist():
        key = (row["report_id"], "litigation" if row["proceeding"] in LITIGATION else "review")
        concluded[key] += row["value_sum"]
        if row["outcome"] == "corrected":
            corrected[key] += row["value_sum"]
    return {key: Cases(corrected[key], total) for key, total in concluded.items()}


def _strings(values) -> pa.Array:
    return pa.array(values, pa.string())


# --- One report's row of figures -----------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str  # 件, 条 or % (a rate)


SERIES_COLUMNS = (
    Column("active_disclosures", "主动公开", "条"),
    Column("applications_received", "新收申请", "件"),
    Column("applications_processed", "办结", "件"),
    Column("granted_share", "予以公开", "%"),
    Column("partially_granted_share", "部分公开", "%"),
    Column("not_granted_share", "未予公开", "%"),
    Column("reviews", "行政复议", "件"),
    Column("review_correction_rate", "复议纠错率", "%"),
    Column("litigations", "行政诉讼", "件"),
    Column("litigation_correction_rate", "诉讼纠错率", "%"),
)


def report_series_row(report: dict, figures: ReportFigures | None) -> list:
    """The values of SERIES_COLUMNS for one report (None where the report has no such figure)."""
    processed = report["applications_processed"]
    outcomes = figures.outcomes if figures else Outcomes(None)
    review = figures.review if figures else None
    litigation = figures.litigation if figures else None
    return [report["active_disclosures"], report["applications_received"], processed,
            share(report["applications_granted"], processed), share(report["applications_partially_granted"], processed),
            share(outcomes.not_granted, processed), report["reviews"], review.rate if review else None,
            report["litigations"], litigation.rate if litigation else None]


# --- Sums over a group of reports ------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """A sum or a rate over a group of reports, with the number of reports it stands on."""
    value: float | None
    reports: int


def total(reports: list[dict], key: str) -> Figure:
    values = [r[key] for r in reports if r[key] is not None]
    return Figure(sum(values) if values else None, len(values))


def pooled_share(reports: list[dict], part: str, whole: str = "applications_processed") -> Figure:
    """Σpart ÷ Σwhole over the reports that printed both (and a non-zero whole)."""
    pairs = [(r[part], r[whole]) for r in reports if r[part] is not None and r[whole]]
    return Figure(sum(p for p, _ in pairs) / sum(w for _, w in pairs) if pairs else None, len(pairs))


def median_share(reports: list[dict], part: str, whole: str = "applications_processed") -> Figure:
    """The median of the reports' own rates: each report weighs the same, however many applications it had."""
    rates = [r[part] / r[whole] for r in reports if r[part] is not None and r[whole]]
    return Figure(median(rates) if rates else None, len(rates))


def pooled_cases(reports: list[dict], figures: dict[str, ReportFigures], kind: str) -> Figure:
    cases = [getattr(figures[r["report_id"]], kind) for r in reports if r["report_id"] in figures]
    cases = [c for c in cases if c is not None and c.concluded]
    return Figure(sum(c.corrected for c in cases) / sum(c.concluded for c in cases) if cases else None, len(cases))


@dataclass(frozen=True)
class YearAggregate:
    year: int
    reports: int  # current reports (re-issues once)
    bodies: int
    received: Figure
    processed: Figure
    granted_share: Figure
    granted_median: Figure
    reviews: Figure
    review_correction: Figure
    litigations: Figure
    litigation_correction: Figure


AGGREGATE_HEADERS = ("报告数", "报告机关数", "新收申请", "办结", "予以公开率（合计）", "予以公开率（各报告中位数）",
                     "行政复议", "复议纠错率", "行政诉讼", "诉讼纠错率")


def year_aggregates(reports: list[dict], figures: dict[str, ReportFigures]) -> list[YearAggregate | int]:
    """One aggregate per year from the first to the last year with a report; a year without any report is
    its bare year number, so that a table and a chart show it as a gap."""
    by_year: dict[int, list[dict]] = defaultdict(list)
    for report in reports:
        if report.get("is_current", True):
            by_year[report["year"]].append(report)
    if not by_year:
        return []
    out: list[YearAggregate | int] = []
    for year in range(min(by_year), max(by_year) + 1):
        rows = by_year.get(year)
        if not rows:
            out.append(year)
            continue
        out.append(YearAggregate(
            year, len(rows), len({r["body_id"] for r in rows}), total(rows, "applications_received"),
            total(rows, "applications_processed"), pooled_share(rows, "applications_granted"),
            median_share(rows, "applications_granted"), total(rows, "reviews"),
            pooled_cases(rows, figures, "review"), total(rows, "litigations"), pooled_cases(rows, figures, "litigation")))
    return out


@dataclass(frozen=True)
class Ranked:
    report: dict
    rate: float
    sample: int


def ranked_bodies(reports: list[dict], limit: int = 50) -> tuple[int | None, list[Ranked], int]:
    """The bodies' 予以公开率 in the latest year where at least one body had MIN_SAMPLE applications
    answered: (year, the ranked reports — highest rate first, at most `limit` —, bodies left out for a
    small sample that year)."""
    current = [r for r in reports if r.get("is_current", True) and r["applications_granted"] is not None
               and r["applications_processed"] is not None]
    eligible = [r for r in current if r["applications_processed"] >= MIN_SAMPLE]
    if not eligible:
        return None, [], 0
    year = max(r["year"] for r in eligible)
    ranked = sorted((r for r in eligible if r["year"] == year),
                    key=lambda r: (-r["applications_granted"] / r["applications_processed"],
                                   -r["applications_processed"], r["report_id"]))
    small = sum(1 for r in current if r["year"] == year and r["applications_processed"] < MIN_SAMPLE)
    return year, [Ranked(r, r["applications_granted"] / r["applications_processed"], r["applications_processed"])
                  for r in ranked[:limit]], small
