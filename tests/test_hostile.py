"""Nothing lost, nothing crashes: hostile, broken and odd inputs, each with its expected outcome."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import REPORTS, handled, parse_path
from ogi import synth
from ogi.build import build
from ogi.cli import main
from ogi.records import Rejection, Report

SEED_002 = next(REPORTS.glob("002_*.txt")).read_text(encoding="utf-8")


def _markdown_report(seed: int = 3) -> str:
    """A clean standard-2021 report whose tables are markdown rows (one row per line)."""
    return synth.generate(random.Random(seed), synth.places(), style="markdown", layout="standard-2021").text


def _replace_row(text: str, label_start: str, cells: list[str]) -> str:
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(f"| {label_start}"))
    label = lines[index].split("|")[1].strip()
    lines[index] = "| " + " | ".join([label, *cells]) + " |"
    return "\n".join(lines)


# --- Each input kind and what the build does with it ------------------------------------------------

INPUT_KINDS = {
    "empty.txt": (b"", "rejected"),
    "whitespace only.txt": (b" \n\t\r\n  ", "rejected"),
    "junk.txt": (bytes(random.Random(5).randrange(256) for _ in range(4096)), "rejected"),
    "图片.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "rejected"),
    "-leading-dash.txt": (SEED_002.replace("2022", "2019").encode("utf-8"), "published"),
    "通知 news.html": ("<html><body><h1>关于开展春季植树活动的通知</h1><p>各单位:请于3月12日参加植树。</p></body></html>"
                       .encode("utf-8"), "rejected"),
    ("很长的文件名" * 12 + ".txt"): (SEED_002.replace("2022", "2018").encode("gb18030"), "published"),
    "null and rtl.txt": (SEED_002.replace("2022", "2020").replace("一、总体情况", "一、总\x00体\u200f情况\u202e")
                         .encode("utf-8"), "published"),
    "template.txt": (next(REPORTS.glob("004_*.txt")).read_bytes(), "rejected"),
    # Inputs are read in path order: the first copy is published, later ones are duplicates of it.
    "002 original.txt": (SEED_002.encode("utf-8"), "published"),
    "copy of 002.txt": (SEED_002.encode("utf-8"), "duplicate"),
    "utf16 copy of 002.txt": (SEED_002.encode("utf-16"), "duplicate"),
}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    reports = root / "reports"
    reports.mkdir()
    for name, (content, _) in INPUT_KINDS.items():
        (reports / name).write_bytes(content)
    return reports, root / "build", build(reports, root / "build")


def test_every_input_is_accounted_for(hostile_build):
    reports, out, result = hostile_build
    inputs = pd.read_parquet(out / "data" / "inputs.parquet")  # exact paths: the CSV guards a leading - for Excel
    assert len(inputs) == len(list(reports.iterdir()))
    outcome = dict(zip(inputs["path"], inputs["status"]))
    for name, (_, expected) in INPUT_KINDS.items():
        assert outcome[name] == expected, (name, outcome[name], inputs[inputs["path"] == name]["reason"].tolist())
    assert (inputs[inputs["status"] != "published"]["reason"] != "").all()


def test_rejection_reasons_say_what_is_wrong(hostile_build):
    _, out, _ = hostile_build
    inputs = pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False).set_index("path")
    assert "empty" in inputs.loc["empty.txt", "reason"]
    assert "whitespace" in inputs.loc["whitespace only.txt", "reason"]
    assert "PNG" in inputs.loc["图片.txt", "reason"]
    assert "模板" in inputs.loc["template.txt", "reason"]
    assert "same bytes as 002 original.txt" in inputs.loc["copy of 002.txt", "reason"]
    assert "same report as 002 original.txt" in inputs.loc["utf16 copy of 002.txt", "reason"]


def test_strict_build_fails_when_anything_is_rejected(hostile_build, tmp_path):
    reports, _, _ = hostile_build
    assert main(["build", "--reports", str(reports), "--out", str(tmp_path / "b"), "--no-site"]) == 0
    assert main(["build", "--reports", str(reports), "--out", str(tmp_path / "b"), "--no-site", "--strict"]) == 1


def test_interrupted_build_leaves_previous_output_whole(tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    shutil.copytree(REPORTS, reports)
    out = tmp_path / "build"
    build(reports, out)
    before = {p.name: p.read_bytes() for p in (out / "data").iterdir()}
    (reports / "new.txt").write_text(SEED_002.replace("2022", "2016"), encoding="utf-8")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed half-way")

    monkeypatch.setattr("ogi.package.write_xlsx", killed)
    with pytest.raises(KeyboardInterrupt):
        build(reports, out)
    assert {p.name: p.read_bytes() for p in (out / "data").iterdir()} == before


def test_same_body_and_year_in_two_versions_are_both_kept_and_marked(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "first.txt").write_text(SEED_002, encoding="utf-8")
    corrected = SEED_002.replace("行政许可\n\n404", "行政许可\n\n405").replace("2023-01-19", "2023-02-01")
    (reports / "corrected.txt").write_text(corrected, encoding="utf-8")
    out = tmp_path / "build"
    result = build(reports, out)
    assert len(result.published) == 2
    rows = pd.read_csv(out / "data" / "reports.csv", dtype=str).set_index("source_file")
    assert rows.loc["first.txt", "version"] == "1" and rows.loc["corrected.txt", "version"] == "2"
    assert set(rows["versions"]) == {"2"}
    assert rows.loc["first.txt", "report_id"] != rows.loc["corrected.txt", "report_id"]


def test_fifty_megabytes_of_text_is_parsed_not_fatal(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes((SEED_002 + "\n").encode("utf-8") * (50_000_000 // len(SEED_002.encode("utf-8"))))
    assert path.stat().st_size > 49_000_000
    outcome = parse_path(path)
    assert isinstance(outcome, Report) and outcome.year == 2022


# --- Broken tables ------------------------------------------------------------------------------

def test_report_truncated_in_the_middle_of_table3(tmp_path):
    cut = SEED_002.index("3.补正后申请内容仍不明确")
    path = tmp_path / "truncated.txt"
    path.write_text(SEED_002[:cut], encoding="utf-8")
    report = parse_path(path)
    assert isinstance(report, Report)
    assert report.table3["granted"]["total"].number == 0
    assert "total_processed" not in report.table3 and "carried_forward" not in report.table3
    h1 = [c for c in report.checks if c.check == "H1"]
    assert h1 and all(c.passed is None for c in h1)  # recorded as not evaluable, not as passed


def test_report_whose_numbers_break_every_identity(tmp_path):
    text = _markdown_report()
    text = _replace_row(text, "一、本年新收", ["5", "0", "0", "0", "0", "0", "9"])      # H3 (and H1)
    text = _replace_row(text, "（七）总计", ["1", "0", "0", "0", "0", "0", "1"])          # H2
    lines = text.split("\n")
    t4 = next(i for i, line in enumerate(lines) if line.count("|") == 16 and line.strip("| ")[0].isdigit())
    lines[t4] = "| " + " | ".join(["1", "1", "1", "1", "9"] * 3) + " |"                 # H4
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = parse_path(path)
    failed = {c.check for c in report.checks if c.passed is False}
    assert {"H1", "H2", "H3", "H4"} <= failed
    assert isinstance(report, Report)  # published with its findings


def test_odd_cells_keep_what_the_report_said(tmp_path):
    text = _markdown_report()
    text = _replace_row(text, "一、本年新收", ["１２", "0", "0", "0", "0", "0", "１２"])
    text = _replace_row(text, "二、上年结转", ["—", "/", "无", "0", "0", "0", "0"])
    text = _replace_row(text, "（一）予以公开", ["1,234", "0", "0", "0", "0", "0", "1,234"])
    text = _replace_row(text, "（二）部分公开", ["-3", "0", "0", "0", "0", "0", "-3"])
    text = _replace_row(text, "（三）不予公开1.属于国家秘密", ["2.5", "0", "0", "0", "0", "0", "2.5"])
    path = tmp_path / "odd.txt"
    path.write_text(text, encoding="utf-8")
    report = parse_path(path)
    t3 = report.table3
    assert t3["new_received"]["natural_person"].number == 12  # full-width digits
    assert [t3["carried_over"][c].status for c in ("natural_person", "commercial_enterprise",
                                                   "research_institution")] == ["dash", "dash", "dash"]
    assert t3["carried_over"]["natural_person"].number is None
    assert t3["granted"]["total"].number == 1234  # thousands separator
    assert t3["partially_granted"]["natural_person"].number == -3
    counts = next(c for c in report.checks if c.check == "counts_valid")
    assert counts.passed is False and "-3" in counts.found and "2.5" in counts.found
    # In the package a negative or fractional count is withheld as invalid, so the data stays valid.
    from ogi.package import tables

    rows = tables([("r", report)], [])["applications"]
    bad = [r for r in rows if r["row"] in ("partially_granted", "denied_state_secret") and r["applicant"] == "natural_person"]
    assert [(r["value"], r["value_status"]) for r in bad] == [(None, "invalid"), (None, "invalid")]


# --- Bounded time on adversarial input ------------------------------------------------------------

def test_a_megabyte_line_of_digits_and_separators_costs_bounded_work(tmp_path, monkeypatch):
    """The work is bounded by the size of a table, not of the input: the characters the table tokeniser
    reads and the cuts the digit splitter tries are counted (no clock: a loaded machine must not fail it)."""
    from ogi.parse import cells, flattened, legacy, split

    tokenised, cuts = [], []
    read_piece = cells._piece_tokens
    monkeypatch.setattr(cells, "_piece_tokens", lambda piece: (tokenised.append(len(piece)), read_piece(piece))[1])

    def counted_splits(*args, **kwargs):
        found = list(split.splits(*args, **kwargs))
        cuts.append(len(found))
        return iter(found)

    monkeypatch.setattr(flattened, "splits", counted_splits)
    monkeypatch.setattr(legacy, "splits", counted_splits)
    rng = random.Random(11)
    line = "".join(rng.choice("0123456789,.|- 、") for _ in range(1_000_000))
    path = tmp_path / "adversarial.txt"
    path.write_text(SEED_002[:3000] + "\n" + line + "\n" + SEED_002[3000:], encoding="utf-8")
    outcome = parse_path(path)
    assert handled(outcome), getattr(outcome, "reason", "")
    assert sum(tokenised) <= 4 * flattened.MAX_REGION_CHARS < len(line)
    assert max(cuts, default=0) <= split.MAX_CANDIDATES


def test_parse_cli_accepts_a_file_named_with_a_leading_dash(tmp_path, capsys, monkeypatch):
    path = tmp_path / "-report.txt"
    path.write_text(SEED_002, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["parse", "--json", "--", "-report.txt"]) == 0
    assert '"year": 2022' in capsys.readouterr().out


def test_unknown_file_types_are_rejected_not_dropped(tmp_path):
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    outcome = parse_path(path)
    assert isinstance(outcome, Rejection) and "not supported" in outcome.reason


@pytest.mark.parametrize("name", ["报告 2022 (最终版).txt", "a b c.txt", "x" * 200 + ".txt"])
def test_odd_file_names_build(tmp_path, name):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / name).write_text(SEED_002, encoding="utf-8")
    result = build(reports, tmp_path / "build")
    assert [i.path for i in result.inputs] == [name]
    assert result.published and Path(result.published[0][0]).name == result.published[0][0]


def test_a_failure_inside_ogi_on_one_file_is_a_rejection_not_a_crash(tmp_path, monkeypatch):
    def broken(document):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("ogi.pipeline.parse_document", broken)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text(SEED_002, encoding="utf-8")
    result = build(reports, tmp_path / "build")
    assert [(i.path, i.status) for i in result.inputs] == [("a.txt", "rejected")]
    assert "RecursionError" in result.inputs[0].reason and "bug in ogi" in result.inputs[0].reason
