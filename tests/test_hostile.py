"""Nothing lost, nothing crashes: hostile, broken and odd inputs, each with its expected outcome."""

from __future__ import annotations

import json
import os
import pickle
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, REPORTS, handled, parse_path
from ogi.pipeline import INTERNAL_ERROR
from ogi import synth
from ogi.build import build
from ogi.cache import outcome_from_data
from ogi.cli import main
from ogi.records import Rejection, Report, ReportSummary
from ogi.workers import Budget, Job, parse_in_workers

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


def test_rejection_reasons_are_chinese(hostile_build):
    """Reasons are shown to readers on the quality page: Chinese, with technical detail (an exception's
    name, an encoding) only inside brackets."""
    from site_text import english_words

    _, out, _ = hostile_build
    inputs = pd.read_parquet(out / "data" / "inputs.parquet")
    for path, reason in inputs[inputs["status"] != "published"][["path", "reason"]].itertuples(index=False):
        for name in INPUT_KINDS:  # a duplicate's reason names the file it copies
            reason = reason.replace(name, "")
        assert not english_words(re.sub(r"（[^（）]*）", "", reason)), (path, reason)


def test_rejection_reasons_say_what_is_wrong(hostile_build):
    _, out, _ = hostile_build
    inputs = pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False).set_index("path")
    assert "空文件" in inputs.loc["empty.txt", "reason"]
    assert "只有空白" in inputs.loc["whitespace only.txt", "reason"]
    assert "PNG" in inputs.loc["图片.txt", "reason"]
    assert "模板" in inputs.loc["template.txt", "reason"]
    assert "与 002 original.txt 的内容逐字节相同" in inputs.loc["copy of 002.txt", "reason"]
    assert "与 002 original.txt 是同一份报告" in inputs.loc["utf16 copy of 002.txt", "reason"]


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

    monkeypatch.setattr("ogi.bundle.write_xlsx", killed)
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
    from ogi.package import report_rows

    rows = report_rows("r", report)["applications"]
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
    assert isinstance(outcome, Rejection) and "不支持" in outcome.reason


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
    (tmp_path / "a.txt").write_text(SEED_002, encoding="utf-8")
    outcome = parse_path(tmp_path / "a.txt")
    assert isinstance(outcome, Rejection)
    assert "RecursionError" in outcome.reason and INTERNAL_ERROR in outcome.reason


# --- The parse cache is data, never code ------------------------------------------------------------

class _Planted:
    """Loading this pickle creates the file `marker`: what a planted cache entry used to do."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _seed_folder(root: Path, names: tuple[str, ...] = ("000", "001", "002")) -> Path:
    reports = root / "reports"
    reports.mkdir()
    for prefix in names:
        path = next(REPORTS.glob(f"{prefix}_*.txt"))
        (reports / path.name).write_bytes(path.read_bytes())
    return reports


def test_a_planted_or_damaged_cache_entry_is_never_executed_and_is_parsed_again(tmp_path):
    reports = _seed_folder(tmp_path)
    out = tmp_path / "build"
    clean = build(reports, out)
    entries = sorted((out / "cache").glob("*/*.json"))
    assert len(entries) == 3
    marker = tmp_path / "planted-code-ran"
    first = json.loads(entries[1].read_text(encoding="utf-8"))
    first["outcome"]["value"]["year"] = "2022"  # the right shape but a string where a number is declared
    plants = [pickle.dumps(_Planted(marker)), json.dumps(first).encode(), b"{\"format\": 1, " + b"[" * 100_000]
    for entry, plant in zip(entries, plants):
        entry.write_bytes(plant)
    (entries[0].parent / f"{'0' * 64}.pickle").write_bytes(pickle.dumps(_Planted(marker)))
    again = build(reports, out)
    assert not marker.exists()
    assert (again.parsed, again.cached) == (3, 0)
    assert [(i.path, i.status, i.report_id) for i in again.inputs] == [(i.path, i.status, i.report_id) for i in clean.inputs]
    assert all(json.loads(e.read_text(encoding="utf-8"))["outcome"]["type"] == "Report" for e in entries)


def test_a_rebuild_reads_the_summaries_from_one_file_and_not_a_damaged_one(tmp_path):
    reports = _seed_folder(tmp_path)
    out = tmp_path / "build"
    clean = build(reports, out)
    [folder] = [p for p in (out / "cache").iterdir() if p.is_dir() and p.name != "site"]
    for one in folder.glob("*.summary"):
        if one.name != "all.summary":
            one.unlink()  # only the file of all summaries is left
    again = build(reports, out)
    assert (again.parsed, again.cached) == (0, 3) and again.published == clean.published
    (folder / "all.summary").write_text('{"format": 1, "summaries": ' + "[" * 100_000, encoding="utf-8")
    damaged = build(reports, out)  # neither the file of all summaries nor one per entry: made from the entries
    assert (damaged.parsed, damaged.cached) == (0, 3) and damaged.published == clean.published
    assert json.loads((folder / "all.summary").read_text(encoding="utf-8"))["format"] == 1  # written anew


def test_an_input_is_hashed_again_only_when_its_file_changed(tmp_path, monkeypatch):
    from ogi import inputs

    monkeypatch.setattr(inputs, "_RACY_NS", 0)  # files written by the test are seconds old at most
    reports = _seed_folder(tmp_path)
    out = tmp_path / "build"
    build(reports, out)
    hashed = []
    original = inputs._hash
    monkeypatch.setattr(inputs, "_hash", lambda path: hashed.append(path.name) or original(path))
    again = build(reports, out)
    assert hashed == [] and (again.parsed, again.cached) == (0, 3)
    target = next(reports.glob("002_*"))
    status = target.stat()
    text = target.read_bytes()
    target.write_bytes(text.replace("大曹庄镇".encode(), "小曹庄镇".encode()))  # the same size
    os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))  # and the same time: its ctime changed
    changed = build(reports, out)
    assert hashed == [target.name] and changed.parsed == 1
    assert any("小曹庄镇" in rid for rid, _ in changed.published)


def test_a_cache_entry_for_other_content_or_other_code_is_not_used(tmp_path):
    from ogi.cache import ParseCache, outcome_data, summary_data
    from ogi.identity import summarize

    cache = ParseCache(tmp_path / "cache")
    report = parse_path(next(REPORTS.glob("002_*.txt")))
    cache.put(report.source.sha256, outcome_data(report), summary_data(summarize(report)))
    assert cache.get(report.source.sha256) == report
    assert cache.get_summary(report.source.sha256) == summarize(report)
    path = cache.folder / f"{report.source.sha256}.json"
    entry, size = json.loads(path.read_text(encoding="utf-8")), path.stat().st_size
    other = "f" * 64
    (cache.folder / f"{other}.json").write_text(json.dumps(entry | {"sha256": other}), encoding="utf-8")
    summary = (cache.folder / f"{report.source.sha256}.summary").read_bytes()
    (cache.folder / f"{other}.summary").write_bytes(summary)
    assert cache.get(other) is None  # the entry says it is for other bytes than its name
    assert cache.get_summary(other) is None
    path.write_text(json.dumps(entry | {"code": "0" * 16}), encoding="utf-8")
    assert cache.get(report.source.sha256) is None
    # A well-formed entry for the same bytes and code, but not the one its summary was made with: a build
    # that took the summary does not take the entry (the file is parsed again).
    changed = entry | {"code": cache.version}
    changed["outcome"]["value"]["title"] = "另一个标题"
    text = json.dumps(changed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    padding = size - len(text)
    assert padding >= 0
    path.write_bytes(text + b" " * padding)  # of the same size
    assert ParseCache(tmp_path / "cache").get(report.source.sha256).title == "另一个标题"  # well-formed
    build = ParseCache(tmp_path / "cache")
    assert build.get_summary(report.source.sha256) == summarize(report)
    assert build.get(report.source.sha256) is None


def test_the_codec_round_trips_every_report_kind_and_refuses_the_wrong_types():
    from ogi.codec import CodecError, from_data, to_data
    from ogi.records import Value

    reports = [parse_path(p) for p in sorted(REPORTS.glob("00[0-3]_*.txt"))]
    reports.append(parse_path(FIXTURES / "real" / "hongze_2024.pdf"))
    assert {type(r) for r in reports} == {Report}
    assert any(r.legacy for r in reports) and any(r.table_pages for r in reports) and any(r.prose for r in reports)
    for report in reports:
        assert from_data(Report, json.loads(json.dumps(to_data(report)))) == report
    good = {"number": 3, "status": "reported", "raw": "3", "evidence": "", "candidates": []}
    assert from_data(Value, good) == Value(3, "reported", "3")
    missing_raw = {k: v for k, v in good.items() if k != "raw"}
    for bad in (good | {"number": "3"}, good | {"number": True}, missing_raw,
                good | {"extra": 1}, [3, "reported", "3"], good | {"raw": None}):
        with pytest.raises(CodecError):
            from_data(Value, bad)


@given(st.one_of(st.none(), st.integers(), st.floats(allow_nan=False)), st.text(), st.text())
def test_any_value_survives_the_codec(number, status, raw):
    from ogi.codec import from_data, to_data
    from ogi.records import Value

    value = Value(number, status, raw)
    assert from_data(Value, json.loads(json.dumps(to_data(value)))) == value


def test_each_file_is_cached_when_done_so_an_interrupted_parse_keeps_it(tmp_path):
    from ogi.build import parse_all
    from ogi.cache import ParseCache

    reports = _seed_folder(tmp_path, ("000", "001", "002", "003"))
    cache = ParseCache(tmp_path / "cache")

    def interrupt_after_two(outcomes, total):
        for done, outcome in enumerate(outcomes, 1):
            yield outcome
            if done == 2:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        parse_all(reports, cache, interrupt_after_two, Budget(workers=1))
    assert len(list(cache.folder.glob("*.json"))) == 2
    run = parse_all(reports, cache, None, Budget(workers=1))
    assert (run.parsed, run.cached) == (2, 2)


def test_ctrl_c_exits_130_with_one_line_and_keeps_what_was_parsed(tmp_path):
    reports = tmp_path / "reports"
    synth.write_corpus(reports, 400, seed=5)  # enough that a loaded machine cannot finish before the signal
    out = tmp_path / "build"
    child = subprocess.Popen([sys.executable, "-m", "ogi", "build", "--no-site", "--workers", "1", "--reports",
                              str(reports), "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    _wait_for(lambda: len(list(out.glob("cache/*/*.json"))) >= 2 or child.poll() is not None)
    try:  # how the build treats SIGINT (a blocked or ignored signal inherited from the runner would explain a miss)
        with open(f"/proc/{child.pid}/status", encoding="ascii") as status:
            signals = [line.strip() for line in status if line.startswith(("SigBlk", "SigIgn", "SigCgt"))]
    except OSError:
        signals = []
    os.killpg(child.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: the whole process group
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 130, (stderr, signals)
    assert stderr.decode().strip() == "ogi build: interrupted; files parsed so far are kept in the parse cache"
    assert 2 <= len(list(out.glob("cache/*/*.json"))) < 400


def _wait_for(condition, limit: float = 120.0) -> None:
    """Poll until condition() holds (a guard against hanging, not a timing assertion)."""
    for _ in range(int(limit / 0.05)):
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition never held")


# --- Every entry under reports/ is in the ledger or left out by a printed rule ----------------------

def _ledger(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False).set_index("path")


def test_symbolic_links_are_refused_never_followed(tmp_path):
    reports = _seed_folder(tmp_path, ("002",))
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = SEED_002.replace("2022年", "2021年").replace("一、总体情况", "一、总体情况\n外部机密文字")
    (outside / "secret.txt").write_text(secret, encoding="utf-8")
    links = {"leak.txt": outside / "secret.txt", "passwd.txt": Path("/etc/passwd"),
             "environ.txt": Path("/proc/self/environ"), "dangling.txt": tmp_path / "nowhere",
             "folder": outside}
    for name, target in links.items():
        (reports / name).symlink_to(target)
    out = tmp_path / "build"
    result = build(reports, out)
    ledger = _ledger(out)
    for name in links:
        assert ledger.loc[name, "status"] == "rejected" and "符号链接" in ledger.loc[name, "reason"]
        assert ledger.loc[name, "sha256"] == "" and ledger.loc[name, "size"] == "0"
    assert [rid for rid, _ in result.published] and ledger.loc[next(REPORTS.glob("002_*")).name, "status"] == "published"
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (out / "data").glob("*.csv"))
    assert "外部机密文字" not in written and "root:x:0" not in written


def test_pipes_nested_sources_and_hidden_entries_each_have_a_row_or_a_printed_rule(tmp_path, capsys):
    reports = _seed_folder(tmp_path, ("002",))
    os.mkfifo(reports / "pipe.txt")
    (reports / ".DS_Store").write_bytes(b"\x00\x01")
    (reports / ".git").mkdir()
    (reports / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (reports / "2023").mkdir()
    (reports / "2023" / "sources.csv").write_text("file,url\na.txt,https://example.org/a\n", encoding="utf-8")
    out = tmp_path / "build"
    assert main(["build", "--no-site", "--reports", str(reports), "--out", str(out)]) == 0
    ledger = _ledger(out)
    assert "命名管道" in ledger.loc["pipe.txt", "reason"]
    assert "子文件夹中的 sources.csv" in ledger.loc["2023/sources.csv", "reason"]
    assert not any(path.startswith(".") for path in ledger.index)
    summary = capsys.readouterr().out
    assert "left out by rule: 2 — 隐藏文件和文件夹" in summary and ".git/" in summary and ".DS_Store" in summary


def test_file_names_that_are_not_utf8_are_refused_and_the_rest_published(tmp_path):
    reports = _seed_folder(tmp_path, ("002",))
    (reports / os.fsdecode(b"bad\xff\xfe.txt")).write_text(SEED_002.replace("2022年", "2019年"), encoding="utf-8")
    (reports / os.fsdecode(b"dir\xff")).mkdir()
    out = tmp_path / "build"
    result = build(reports, out)
    ledger = _ledger(out)
    assert "不是有效的 UTF-8" in ledger.loc["bad\\xff\\xfe.txt", "reason"]
    assert "不是有效的 UTF-8" in ledger.loc["dir\\xff/", "reason"]
    assert len(result.published) == 1


def _as_file_mode_bound_user():
    """preexec_fn: as root, drop the capabilities that let root read any file, so file modes count."""
    import ctypes

    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl")


def test_unreadable_files_and_folders_are_rejected_and_the_rest_published(tmp_path):
    reports = _seed_folder(tmp_path, ("002",))
    (reports / "locked.txt").write_text(SEED_002.replace("2022年", "2020年"), encoding="utf-8")
    (reports / "closed").mkdir()
    (reports / "closed" / "inside.txt").write_text(SEED_002.replace("2022年", "2019年"), encoding="utf-8")
    (reports / "locked.txt").chmod(0)
    (reports / "closed").chmod(0)
    out = tmp_path / "build"
    try:
        done = subprocess.run([sys.executable, "-m", "ogi", "build", "--no-site", "--reports", str(reports), "--out",
                               str(out)], capture_output=True, text=True, preexec_fn=_as_file_mode_bound_user)
    finally:
        (reports / "closed").chmod(0o755)
    assert done.returncode == 0, done.stderr
    ledger = _ledger(out)
    assert "没有读取权限" in ledger.loc["locked.txt", "reason"]
    assert "无法读取文件夹（没有权限）" in ledger.loc["closed/", "reason"]
    assert (ledger["status"] == "published").sum() == 1


def test_an_input_deleted_and_the_cache_deleted_while_parsing_do_not_stop_the_build(tmp_path):
    from ogi.build import parse_all
    from ogi.cache import ParseCache

    reports = _seed_folder(tmp_path, ("000", "001", "002", "003"))
    last = sorted(reports.iterdir())[-1]
    cache = ParseCache(tmp_path / "cache")

    def delete_midway(outcomes, total):
        for done, outcome in enumerate(outcomes, 1):
            yield outcome
            if done == 1:  # the first is cached, the second being parsed, the last waits: delete it and the cache
                last.unlink()
                shutil.rmtree(tmp_path / "cache")

    run = parse_all(reports, cache, delete_midway, Budget(workers=1))
    outcome = dict((relative, o) for relative, _, _, o in run.outcomes)
    assert isinstance(outcome[last.name], Rejection) and "被删除" in outcome[last.name].reason
    summaries = [o for o in outcome.values() if isinstance(o, ReportSummary)]
    assert len(summaries) == 3
    assert len(list(cache.folder.glob("*.json"))) == 2  # the two parsed after, in a cache folder made again
    # The first report's entry went with the cache: it is read whole all the same (parsed again).
    assert all(run.report(s).source.sha256 == s.source.sha256 for s in summaries)


@pytest.mark.parametrize("content, warning", [
    ("file,url\nhongze_2024.pdf,https://example.org/报告\n".encode("gb18030"), "不是 UTF-8"),
    (None, "是文件夹"),
    ("file,url\n001.txt,javascript:alert(1)\n".encode(), "不是以http或https开头的网址"),
])
def test_a_sources_csv_that_cannot_be_used_is_a_warning_and_the_rest_is_published(tmp_path, capsys, content, warning):
    reports = _seed_folder(tmp_path, ("002",))
    if content is None:
        (reports / "sources.csv").mkdir()
    else:
        (reports / "sources.csv").write_bytes(content)
    out = tmp_path / "build"
    assert main(["build", "--no-site", "--reports", str(reports), "--out", str(out)]) == 0
    assert warning in capsys.readouterr().out
    assert (_ledger(out)["status"] == "published").sum() == 1


def test_a_sources_csv_with_a_128_kb_field_is_read(tmp_path):
    reports = _seed_folder(tmp_path, ("002",))
    name = next(REPORTS.glob("002_*")).name
    (reports / "sources.csv").write_text(f"file,url,notes\n{name},https://example.org/a,{'长' * 131_073}\n",
                                         encoding="utf-8")
    result = build(reports, tmp_path / "build")
    assert not result.warnings and result.published[0][1].source_url == "https://example.org/a"


def test_out_inside_reports_is_refused(tmp_path, capsys):
    from ogi.inputs import OutputInsideReports

    reports = _seed_folder(tmp_path, ("002",))
    assert main(["build", "--no-site", "--reports", str(reports), "--out", str(reports / "build")]) == 2
    assert "inside the reports folder" in capsys.readouterr().err
    with pytest.raises(OutputInsideReports):
        build(reports, reports)
    assert sorted(p.name for p in reports.iterdir()) == [next(REPORTS.glob("002_*")).name]


def test_control_characters_in_file_names_never_reach_the_terminal(tmp_path, capsys):
    reports = _seed_folder(tmp_path, ("002",))
    name = "\x1b[31mred\x1b]0;title\x07\u202e.txt"
    (reports / name).write_bytes(b"\x89PNG junk")
    out = tmp_path / "build"
    assert main(["build", "--no-site", "--reports", str(reports), "--out", str(out)]) == 0
    assert main(["check", "--reports", str(reports), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    assert "\\x1b[31mred" in printed.out
    assert not any(ch in printed.out + printed.err for ch in "\x1b\x07\u202e")
    assert _ledger(out).loc[name, "status"] == "rejected"  # the data keeps the real name


# --- Bounded cost per file ----------------------------------------------------------------------------

def test_a_file_over_its_time_budget_is_rejected_with_the_budget_and_the_rest_published(tmp_path):
    import hostile_files as H

    reports = _seed_folder(tmp_path, ("000", "001", "002"))
    (reports / "slow.pdf").write_bytes(H.slow_pdf())  # minutes of parsing on any machine
    out = tmp_path / "build"
    result = build(reports, out, budget=Budget(seconds=5, megabytes=1024, workers=2))
    reason = _ledger(out).loc["slow.pdf", "reason"]
    assert reason.startswith("超出解析预算：5 秒内未能解析完（停在：PDF 第 ") and "每个文件 5 秒 / 1024 MB" in reason
    assert len(result.published) == 3
    assert not (out / "cache").exists() or "slow.pdf" not in "".join(
        p.read_text(encoding="utf-8") for p in (out / "cache").glob("*/*.json"))  # not cached: tried again next time


def test_a_file_over_its_memory_budget_is_rejected_with_the_budget(tmp_path):
    reports = _seed_folder(tmp_path, ("002",))
    (reports / "big.txt").write_bytes((SEED_002 + "\n").encode("utf-8") * 3000)
    result = build(reports, tmp_path / "build", budget=Budget(seconds=600, megabytes=120, workers=1))
    reasons = {i.path: i.reason for i in result.rejected}
    assert list(reasons) == ["big.txt"]
    assert reasons["big.txt"].startswith("超出解析预算：内存超过 120 MB") or "120 MB 的内存预算" in reasons["big.txt"]


def test_a_two_gigabyte_file_is_rejected_without_being_read(tmp_path):
    reports = _seed_folder(tmp_path, ("002",))
    with open(reports / "huge.txt", "wb") as handle:
        handle.truncate(2 * 1024 ** 3)  # sparse: nothing is written, but reading it would take 2 GB
    result = build(reports, tmp_path / "build", budget=Budget(megabytes=300))
    [rejected] = result.rejected
    assert rejected.path == "huge.txt" and rejected.reason.startswith("文件过大：2,147,483,648 字节")
    assert "未读取" in rejected.reason
    assert "文件过大" in parse_path(reports / "huge.txt").reason


@pytest.mark.parametrize("build_file, name, expected", [
    (lambda H: H.span_bomb_html(), "span.html", "HTML 表格过大"),
    (lambda H: H.inflating_pdf(200), "inflate.pdf", "解压后超过 64 MB"),
    (lambda H: H.ruled_grid_pdf(70), "grid.pdf", "表格线过密：71 条竖线 × 71 条横线"),
    (lambda H: H.xml_bomb_docx(40), "bomb.docx", "Word 文件的 XML 解压后有"),
    (lambda H: H.user_password_pdf(), "locked.pdf", "PDF 已加密：需要密码才能打开"),
    (lambda H: H.page_without_size_pdf(), "sizeless.pdf", "PDF 的页面无法读取"),
])
def test_bombs_and_locked_files_are_rejected_by_their_caps_with_the_reason(tmp_path, build_file, name, expected):
    import hostile_files as H

    (tmp_path / name).write_bytes(build_file(H))
    outcome = parse_path(tmp_path / name)
    assert isinstance(outcome, Rejection) and expected in outcome.reason, outcome.reason


@pytest.mark.parametrize("build_file", [
    lambda H: H.deep_html(260), lambda H: H.deep_html(300, "font", closed=False), lambda H: H.deep_html(5000),
    lambda H: H.huge_attribute_html(10), lambda H: H.owner_password_pdf(),
], ids=["260 divs", "300 unclosed fonts", "5000 divs", "10 MB attribute", "owner password only"])
def test_deep_markup_long_attributes_and_owner_password_pdfs_are_read(tmp_path, build_file):
    import hostile_files as H

    path = tmp_path / "report.bin"
    path.write_bytes(build_file(H))
    outcome = parse_path(path)
    assert isinstance(outcome, Report), getattr(outcome, "reason", "")
    assert outcome.year in (2022, 2023) and outcome.table3["new_received"]["total"].known


# --- One build at a time per output folder ------------------------------------------------------------

def test_a_second_build_into_the_same_folder_waits_for_the_first(tmp_path):
    from ogi.outputs import lock

    reports = _seed_folder(tmp_path, ("002",))
    out = tmp_path / "build"
    with lock(out):
        child = subprocess.Popen([sys.executable, "-m", "ogi", "build", "--no-site", "--reports", str(reports),
                                  "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        waiting = child.stderr.readline()
        assert "another build is writing to" in waiting and "waiting for it to finish" in waiting
        assert not (out / "data").exists()
    assert child.wait(timeout=300) == 0
    assert (out / "data" / "inputs.csv").exists()


def test_the_swap_exchanges_folders_in_one_step_and_a_leftover_old_folder_is_recovered(tmp_path, monkeypatch):
    from ogi.outputs import staging_folder, swap_folder

    final = tmp_path / "data"
    final.mkdir()
    (final / "v").write_text("1", encoding="utf-8")
    with staging_folder(final) as staging:
        (staging / "v").write_text("2", encoding="utf-8")
        if sys.platform.startswith("linux"):  # renameat2: no rename that would leave a moment without data/
            monkeypatch.setattr(Path, "rename", lambda *a: pytest.fail("swapped by two renames"))
        swap_folder(staging, final)
    monkeypatch.undo()
    assert (final / "v").read_text(encoding="utf-8") == "2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    final.rename(tmp_path / "data.old")  # a build died between the two renames of the fallback swap
    with staging_folder(final):
        assert (final / "v").read_text(encoding="utf-8") == "2"


# --- Fuzz: mutated reports of every format through the workers ----------------------------------------

def _docx_with_document(original: bytes, document: bytes) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            copy.writestr(info, document if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def _fuzz_samples() -> dict[str, bytes]:
    import io
    import zipfile

    import hostile_files as H
    from ogi import vocabulary as V

    rng = random.Random(2)
    docx = synth.docx_bytes("某县人民政府2023年政府信息公开工作年度报告", ["统计期限自2023年1月1日起至2023年12月31日止。"],
                            V.STANDARD_2021, synth.table2(rng, V.STANDARD_2021), synth.table3(rng, V.STANDARD_2021),
                            synth.table4(rng), [])
    return {"txt": SEED_002.encode("utf-8"),
            "html": synth.generate(random.Random(4), synth.places(), style="html").text.encode("utf-8"),
            "pdf": H.report_pdf(),
            "docx": docx,
            "docx.xml": zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")}


_SAMPLES: dict[str, bytes] = {}
_MUTATIONS = st.lists(st.tuples(st.sampled_from(["flip", "delete", "insert", "repeat", "truncate"]),
                                st.integers(0, 2 ** 32), st.binary(min_size=1, max_size=40)), min_size=1, max_size=6)


def _mutate(data: bytes, mutations) -> bytes:
    for kind, where, chunk in mutations:
        at = where % max(1, len(data))
        if kind == "flip":
            data = data[:at] + bytes([data[at] ^ chunk[0]]) + data[at + 1:] if data else data
        elif kind == "delete":
            data = data[:at] + data[at + len(chunk) * 50:]
        elif kind == "insert":
            data = data[:at] + chunk + data[at:]
        elif kind == "repeat":
            data = data[:at] + data[at:at + 500] * (chunk[0] % 8 + 2) + data[at:]
        else:
            data = data[:at]
    return data


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(st.sampled_from(["txt", "html", "pdf", "docx"]), _MUTATIONS), min_size=4, max_size=4))
def test_fuzz_mutated_reports_of_every_format_each_yield_a_report_or_a_rejection(files):
    import tempfile

    if not _SAMPLES:
        _SAMPLES.update(_fuzz_samples())
    with tempfile.TemporaryDirectory() as folder:
        jobs = []
        for index, (kind, mutations) in enumerate(files):
            if kind == "docx":  # mutate the XML that python-docx parses, not just the zip around it
                data = _docx_with_document(_SAMPLES["docx"], _mutate(_SAMPLES["docx.xml"], mutations))
            else:
                data = _mutate(_SAMPLES[kind], mutations)
            name = f"{index}.{kind}"
            (Path(folder) / name).write_bytes(data)
            jobs.append(Job(name, "", len(data)))
        done = {job.relative: outcome_from_data(data)
                for job, data, _, _ in parse_in_workers(jobs, Path(folder), Budget(seconds=60, workers=2))}
    assert sorted(done) == sorted(job.relative for job in jobs)
    for name, outcome in done.items():
        assert handled(outcome), (name, outcome.reason)
        assert isinstance(outcome, Report) or outcome.reason


def test_impossible_dates_huge_counts_and_formulas_in_one_build_never_stop_it(tmp_path):
    """Values that once stopped the whole build, each in its own report, built together with a good one:
    an impossible date is left blank, a 20-digit count is `invalid` with what was printed kept, and text a
    spreadsheet would run (a file name, a paragraph) is neutralised in the CSVs."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "good.txt").write_text(SEED_002, encoding="utf-8")
    (reports / "date.txt").write_text(SEED_002.replace("2023-01-19", "2023-02-30").replace("大曹庄镇", "小曹庄镇"),
                                      encoding="utf-8")
    (reports / "count.txt").write_text(SEED_002.replace("行政许可\n\n404", "行政许可\n\n40400000000000000000")
                                       .replace("大曹庄镇", "东曹庄镇"), encoding="utf-8")
    formula = '=HYPERLINK("http://evil.example","培训")'
    (reports / "=cmd.txt").write_text(SEED_002.replace("一、总体情况\n", f"一、总体情况\n{formula}\n", 1)
                                      .replace("大曹庄镇", "西曹庄镇"), encoding="utf-8")
    out = tmp_path / "build"
    result = build(reports, out)
    assert len(result.published) == 4 and not result.rejected
    reports_table = pd.read_parquet(out / "data" / "reports.parquet").set_index("source_file")
    assert pd.isna(reports_table.loc["date.txt", "published"])
    assert str(reports_table.loc["good.txt", "published"]) == "2023-01-19"
    licensing = pd.read_parquet(out / "data" / "active_disclosure.parquet")
    cell = licensing[(licensing["report_id"] == reports_table.loc["count.txt", "report_id"])
                     & (licensing["item"] == "administrative_licensing")].iloc[0]
    assert pd.isna(cell["value"]) and cell["value_status"] == "invalid" and "40400000000000000000" in cell["raw"]
    ledger = pd.read_csv(out / "data" / "inputs.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert "'=cmd.txt" in set(ledger["path"])
    sections = pd.read_csv(out / "data" / "sections.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    text = sections[sections["text"].str.contains("HYPERLINK")]["text"].iloc[0]
    assert text.startswith("'" + formula)  # the section's text starts with the formula: neutralised
