"""The dev reports of ../shared/corpus/real (copied to tests/fixtures/real) parse to their hand-verified
figures (`<id>.expected.json`)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES, parse_path
from ogi.records import Report

REAL = FIXTURES / "real"
LAYOUTS = {"gov2021": "standard-2021", "gov2019": "standard-2019", "pre2019_stats_table": "legacy"}
TABLE3_KEYS = {"new_received_total": ("new_received", "total"), "carried_over_total": ("carried_over", "total"),
               "granted_total": ("granted", "total"), "partial_total": ("partially_granted", "total"),
               "total_processed_total": ("total_processed", "total"),
               "carried_forward_total": ("carried_forward", "total"),
               "new_received_natural_person": ("new_received", "natural_person")}
TABLE2_KEYS = {"regulations_issued": ("regulations", "issued"), "normative_docs_issued": ("normative_documents", "issued"),
               "normative_docs_in_force": ("normative_documents", "in_force"),
               "licensing_decisions": ("administrative_licensing", "decisions"),
               "penalty_decisions": ("administrative_penalty", "decisions"),
               "fees_wan_yuan": ("administrative_fees", "amount"),
               "normative_docs_abolished": ("normative_documents", "abolished"),
               "coercion_decisions": ("administrative_coercion", "decisions")}
TABLE4_ROWS = {"review_row": "administrative_review", "litigation_direct_row": "litigation_direct",
               "litigation_after_review_row": "litigation_after_review"}
HEADLINE_OF_TABLE3 = {"new_received_total": "applications_received", "carried_over_total": "applications_carried_over",
                      "granted_total": "applications_granted", "partial_total": "applications_partially_granted",
                      "total_processed_total": "applications_processed",
                      "carried_forward_total": "applications_carried_forward"}

# The fixtures name levels more finely than the data's vocabulary: a district and a county-level zone are
# county-level governments (vocabulary.ADMIN_LEVELS).
LEVELS = {"district": "county", "special_zone": "county", "county": "county", "department": "department",
          "township": "township", "prefecture": "prefecture", "province": "province"}
# Cells the source leaves empty although the fixture gives their value (read from another cell or an
# identity, as its notes say): the cell must stay blank, and only the headline may derive the value.
EMPTY_IN_SOURCE = {("sh_kewei_2024", "carried_forward_total")}

CASES = [("hongze_2024", "hongze_2024.pdf"), ("hongze_2024", "hongze_2024.layout.txt"),
         ("hongze_2024", "hongze_2024.raw.txt"), ("sh_kewei_2024", "sh_kewei_2024.md"),
         ("pt_2021", "pt_2021.txt"), ("pt_county_2013", "pt_county_2013.txt")]


@pytest.mark.parametrize("case,filename", CASES)
def test_real_report(case, filename):
    expected = json.loads((REAL / f"{case}.expected.json").read_text(encoding="utf-8"))
    report = parse_path(REAL / filename)
    assert isinstance(report, Report), getattr(report, "reason", "")
    assert report.year == expected["year"]
    assert report.layout == LAYOUTS[expected["template"]]
    assert report.script == expected["script"]
    assert report.title.replace(" ", "") == expected["title"].replace(" ", "")
    assert report.organization in _names(expected["organization"]), report.organization
    assert report.admin_level == LEVELS[expected["level"]]
    if report.layout == "legacy":
        _check_legacy(report, expected)
        return
    for key, value in expected.get("table3", {}).items():
        row, column = TABLE3_KEYS[key]
        cell = report.table3[row][column]
        if (case, key) in EMPTY_IN_SOURCE:
            assert (cell.number, cell.status) == (None, "blank"), key
            derived = report.headline[HEADLINE_OF_TABLE3[key]]
            assert (derived.number, derived.status, derived.evidence) == (value, "recovered", "derived"), key
        else:
            _assert_cell(cell, value, key)
    extra = expected.get("extra", {})
    for key, value in {**expected.get("table2", {}), **extra}.items():
        if key in TABLE2_KEYS:
            item, measure = TABLE2_KEYS[key]
            _assert_cell(report.table2[item][measure], value, key)
    for key, proceeding in TABLE4_ROWS.items():
        if key in extra:
            assert [v.number for v in report.table4[proceeding].values()] == extra[key], key
    totals = expected.get("table4", {})
    for key, proceeding in (("review_total", "administrative_review"), ("litigation_direct_total", "litigation_direct"),
                            ("litigation_after_review_total", "litigation_after_review")):
        if key in totals:
            assert report.table4[proceeding]["total"].number == totals[key]
    if expected.get("consistency_ok"):
        hard = [c for c in report.checks if c.check in ("H1", "H2", "H3", "H4") and c.passed is False]
        assert not hard, [c.message for c in hard]


def _names(organization: str) -> set[str]:
    """The body's name as the fixture gives it, and the short name it adds in brackets with its place:
    「上海市科学技术委员会（市科委）」 is also 「上海市科委」, all that the report itself prints."""
    full, *short = [part for part in re.split(r"[（）()]", organization) if part]
    place = re.match(r"^\S+?市", full)
    with_place = {place.group() + name.removeprefix("市") for name in short} if place else set()
    return {full, *short, *with_place}


def _assert_cell(cell, value, key: str) -> None:
    """The value as printed; a cell cut from digits printed without separators may instead be ambiguous,
    with the true value among its candidates — never blank, never another number."""
    if cell.status == "ambiguous":
        assert cell.number is None and value in cell.candidates, (key, cell)
    else:
        assert cell.number == value, (key, cell)


def _check_legacy(report: Report, expected: dict) -> None:
    headline = {k: v.number for k, v in report.headline.items()}
    t3 = expected["table3"]
    assert headline["applications_received"] == t3["new_received_total"]
    assert headline["applications_granted"] == t3["granted_total"]
    assert headline["applications_partially_granted"] == t3["partial_total"]
    assert headline["applications_processed"] == t3["total_processed_total"]
    assert headline["reviews"] == expected["table4"]["review_total"]
    extra = expected["extra"]
    assert headline["litigations"] == extra["litigation_total"]
    assert headline["active_disclosures"] == extra["active_disclosure_this_year"]

    def cumulative(part):
        return next(r.value.number for r in report.legacy if part in r.indicator and r.period == "cumulative")

    assert cumulative("受理依申请公开信息总数") == extra["new_received_cumulative"]
    assert cumulative("对申请的答复数") == extra["total_processed_cumulative"]
    assert cumulative("主动公开信息数") == extra["active_disclosure_cumulative"]


def test_hongze_prose_contradiction_is_recorded_and_table_wins():
    report = parse_path(REAL / "hongze_2024.layout.txt")
    assert report.headline["applications_received"].number == 95
    finding = [c for c in report.checks if c.check == "prose_vs_table" and c.scope == "applications_received"]
    assert finding and finding[0].passed is False and finding[0].found == "17" and finding[0].expected == "95"


def test_pt_2021_run_together_cells_are_recovered_with_evidence_or_ambiguous_with_candidates():
    report = parse_path(REAL / "pt_2021.txt")
    granted_total = report.table3["granted"]["total"]
    assert (granted_total.number, granted_total.status, granted_total.evidence) == (30, "recovered", "identities")
    # 「行政规范性文件693665」: 现行有效 ≥ 本年制发 leaves four cuts and the prose states none of the cells.
    runs = {(run.table, run.row): run for run in report.digit_runs}
    documents = runs[("table2", "normative_documents")]
    assert documents.digits == "693665" and not documents.resolved
    assert (69, 3, 665) in documents.candidates and (69, 36, 65) not in documents.candidates
    assert {m: v.status for m, v in report.table2["normative_documents"].items()} == {
        "issued": "ambiguous", "abolished": "ambiguous", "in_force": "ambiguous"}
    split_checks = {c.scope: c for c in report.checks if c.check == "split_resolved"}
    assert split_checks["table2 normative_documents"].passed is False
    assert "69·3·665" in split_checks["table2 normative_documents"].found
    # 「规章 000」 can be cut one way only.
    assert runs[("table2", "regulations")].evidence == "only_split"
    assert split_checks["table2 regulations"].passed is True
