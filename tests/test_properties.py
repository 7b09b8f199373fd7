"""Property tests: synthetic reports parse back to their truth; the parser never raises on wild input."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPORTS, handled
from ogi import synth
from ogi.pipeline import process_file
from ogi.records import Report

PLACES = synth.places()
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt"))]


def _parse_text(tmp_path: Path, text: str, suffix: str = ".txt"):
    path = tmp_path / f"input{suffix}"
    path.write_text(text, encoding="utf-8")
    return process_file(path, tmp_path)


def _cell_errors(kind: str, truth: dict, parsed: dict, tolerant: bool) -> list:
    errors = []
    for row, cells in truth.items():
        for column, expected in cells.items():
            got = parsed.get(row, {}).get(column)
            number = got.number if got is not None else None
            # Cells run together may be left blank (ambiguous), never filled with a wrong number.
            if number != expected and not (tolerant and number is None):
                errors.append((kind, row, column, number, expected))
    return errors


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**9), style=st.sampled_from(synth.STYLES),
       layout=st.sampled_from(["standard-2021", "standard-2019", "legacy"]))
def test_synthetic_reports_parse_back(tmp_path, seed, style, layout):
    item = synth.generate(random.Random(seed), PLACES, style=style, layout=layout)
    report = _parse_text(tmp_path, item.text, item.suffix)
    truth = item.truth
    assert isinstance(report, Report), report.reason
    assert (report.layout, report.year) == (truth["layout"], truth["year"])
    assert report.admin_level == truth["admin_level"]
    assert (report.province, report.prefecture, report.county, report.township) == (
        truth["province"], truth["prefecture"], truth["county"], truth["township"])
    if layout == "legacy":
        assert {k: v.number for k, v in report.headline.items()} == truth["headline"]
        return
    tolerant = style == "run_together"
    errors = (_cell_errors("table2", truth["table2"], report.table2, tolerant)
              + _cell_errors("table3", truth["table3"], report.table3, tolerant)
              + _cell_errors("table4", truth["table4"], report.table4, tolerant))
    assert not errors, errors[:5]
    if not tolerant:
        assert not [c for c in report.checks if c.passed is False and c.severity == "error"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=3000))
def test_parser_never_raises_on_random_text(tmp_path, text):
    outcome = _parse_text(tmp_path, text)
    assert handled(outcome), getattr(outcome, "reason", "")


@st.composite
def mutated_seed(draw):
    lines = draw(st.sampled_from(SEED_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 12))):
        action = draw(st.sampled_from(["delete", "shuffle", "noise", "duplicate"]))
        i = draw(st.integers(0, len(lines) - 1))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "shuffle":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "noise":
            lines.insert(i, draw(st.text(alphabet="0123456789|-—/ 一二三总计合计（）()年月日万余条件", max_size=40)))
        else:
            lines.insert(i, lines[i])
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_seed())
def test_parser_never_raises_on_mutated_seeds(tmp_path, text):
    outcome = _parse_text(tmp_path, text)
    assert handled(outcome), getattr(outcome, "reason", "")
