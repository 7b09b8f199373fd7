"""PDF and Word inputs: tables read from the file's real structure, pages recorded, clear rejections."""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, handled, parse_path
from ogi import synth
from ogi import vocabulary as V
from ogi.build import build
from ogi.ingest import read_document
from ogi.parse import structured
from ogi.parse.gazetteer import counties
from ogi.records import Rejection, Report, Table
from ogi.site import build_site

REAL = FIXTURES / "real"
HONGZE_PAGES = {"table2": (2, 3), "table3": (3, 4), "table4": (4, 4)}


def _numbers(grid: dict) -> dict:
    return {row: {col: value.number for col, value in cells.items()} for row, cells in grid.items()}


# --- PDF ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("copy", ["hongze_2024.layout.txt", "hongze_2024.raw.txt"])
def test_pdf_and_its_pdftotext_copies_give_the_same_record(copy):
    """`pdftotext -layout` keeps rows together; plain `pdftotext` prints rows that share merged label
    cells column by column, far from their labels. Both give every cell of the PDF's tables."""
    from_pdf = parse_path(REAL / "hongze_2024.pdf")
    from_text = parse_path(REAL / copy)
    assert isinstance(from_pdf, Report) and isinstance(from_text, Report)
    assert from_pdf.source_format == "pdf" and from_text.source_format == "text"
    for table in ("table2", "table3", "table4"):
        assert _numbers(getattr(from_pdf, table)) == _numbers(getattr(from_text, table)), table
    assert len(from_pdf.table3) == 23 and all(len(cells) == 7 for cells in from_pdf.table3.values())
    assert {k: v.number for k, v in from_pdf.headline.items()} == {k: v.number for k, v in from_text.headline.items()}
    assert [(c.check, c.scope, c.passed) for c in from_pdf.checks] == \
        [(c.check, c.scope, c.passed) for c in from_text.checks]


@pytest.mark.parametrize("name", ["hongze_2024.pdf", "hongze_2024.layout.txt", "hongze_2024.raw.txt"])
def test_each_table_is_recorded_with_the_pages_it_was_printed_on(name):
    report = parse_path(REAL / name)
    assert report.page_count == 5
    assert report.table_pages == HONGZE_PAGES


def test_pdf_page_footers_are_dropped_and_cells_joined():
    _, document = read_document(REAL / "hongze_2024.pdf", REAL)
    lines = document.text.split("\n")
    assert not [line for line in lines if line.strip(" -") in {"1", "2", "3", "4", "5"}]
    assert len(document.page_starts) == 5
    # A label printed one character per line in its merged cell comes back as one cell, where it was.
    rows = [row for table in document.tables for row in table.cells]
    assert ("三、本年度办理结果", "(一)予以公开", None, "50", "0", "0", "0", "0", "0", "50") in rows
    # Table 4's three header levels resolve to 15 cells in the official order.
    found = structured.find_tables(document.tables)
    table4 = structured.read_table4(found["table4"]).grid
    assert [v.number for cells in table4.values() for v in cells.values()] == [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]
    # Table 3 is split over pages 3 and 4: the second page's rows continue it under the same columns.
    assert [piece.table.page for piece in found["table3"].pieces] == [3, 4]
    assert found["table3"].pieces[1].table.continues


def _image_only_pdf() -> bytes:
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument.new()
    page = document.new_page(595, 842)
    image = pdfium.PdfImage.new(document)
    bitmap = pdfium.PdfBitmap.from_pil(Image.new("RGB", (60, 80), "white"))
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(500, 700).translate(40, 60))
    page.insert_obj(image)
    page.gen_content()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_scanned_pdf_is_rejected_with_the_reason(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_image_only_pdf())
    outcome = parse_path(path)
    assert isinstance(outcome, Rejection)
    assert outcome.reason.startswith("scanned PDF") and "OCR" in outcome.reason


@pytest.mark.parametrize("data", [b"%PDF-1.7\n" + bytes(range(256)) * 4, b"%PDF-1.4\n1 0 obj << /Type /Catalog >>"])
def test_broken_pdf_is_rejected_not_a_crash(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    outcome = parse_path(path)
    assert isinstance(outcome, Rejection) and "PDF" in outcome.reason


def test_truncated_pdf_never_crashes(tmp_path):
    data = (REAL / "hongze_2024.pdf").read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 200):
        path = tmp_path / f"cut{cut}.pdf"
        path.write_bytes(data[:cut])
        assert handled(parse_path(path))


def test_legacy_word_doc_is_rejected_with_advice(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    outcome = parse_path(path)
    assert isinstance(outcome, Rejection) and ".doc" in outcome.reason and ".docx or PDF" in outcome.reason


# --- Word -----------------------------------------------------------------------------------------

def _zeros(rows: list[str], width: int) -> dict[str, list[int]]:
    return {code: [0] * width for code in rows}


def _seed_tables(table2: dict, new_received: list[int], granted: list[int], review: list[int]):
    t3 = _zeros(V.codes(V.table3_rows(V.STANDARD_2021)), 7)
    t3.update(new_received=new_received, granted=granted, total_processed=granted)
    t4 = _zeros(V.codes(V.TABLE4_PROCEEDINGS), 5)
    t4["administrative_review"] = review
    return table2, t3, t4


# Figures of seeds 001 and 002 as read by hand (../shared/corpus/README.md).
SEED_DOCX = {
    "001_miyi": ("攀枝花市米易县2021年政府信息公开工作年度报告", 2021, *_seed_tables(
        {"regulations": {"issued": 0, "abolished": 0, "in_force": 0},
         "normative_documents": {"issued": 9, "abolished": 0, "in_force": 75},
         "administrative_licensing": {"decisions": 9544}, "administrative_penalty": {"decisions": 937},
         "administrative_coercion": {"decisions": 36}, "administrative_fees": {"amount": 3415.891}},
        [10, 0, 0, 0, 0, 0, 10], [10, 0, 0, 0, 0, 0, 10], [1, 0, 0, 0, 1])),
    "002_dacaozhuang": ("宁晋县大曹庄镇2022年政府信息公开工作年度报告", 2022, *_seed_tables(
        {"regulations": {"issued": 0, "abolished": 0, "in_force": 0},
         "normative_documents": {"issued": 0, "abolished": 0, "in_force": 0},
         "administrative_licensing": {"decisions": 404}, "administrative_penalty": {"decisions": 1},
         "administrative_coercion": {"decisions": 0}, "administrative_fees": {"amount": 0}},
        [0] * 7, [0] * 7, [0] * 5)),
}


def _seed_docx(title: str, year: int, t2: dict, t3: dict, t4: dict, layout: str = V.STANDARD_2021,
               layout_box: bool = False) -> bytes:
    before = [f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。", "一、总体情况",
              f"{year}年,我单位认真贯彻落实《中华人民共和国政府信息公开条例》。"]
    after = ["五、存在的主要问题及改进情况", "政策解读形式有待丰富。", "六、其他需要报告的事项", "无。"]
    return synth.docx_bytes(title, before, layout, t2, t3, t4, after, layout_box=layout_box)


@pytest.mark.parametrize("layout_box", [False, True], ids=["body", "inside-a-layout-table"])
@pytest.mark.parametrize("case", sorted(SEED_DOCX))
def test_word_file_built_from_seed_figures_parses_back_exactly(tmp_path, case, layout_box):
    title, year, t2, t3, t4 = SEED_DOCX[case]
    path = tmp_path / f"{case}.docx"
    path.write_bytes(_seed_docx(title, year, t2, t3, t4, layout_box=layout_box))
    report = parse_path(path)
    assert isinstance(report, Report), getattr(report, "reason", "")
    assert (report.source_format, report.layout, report.year, report.title) == ("docx", V.STANDARD_2021, year, title)
    assert _numbers(report.table2) == t2
    assert _numbers(report.table3) == {row: dict(zip(V.codes(V.TABLE3_COLUMNS), cells)) for row, cells in t3.items()}
    assert _numbers(report.table4) == {p: dict(zip(V.codes(V.TABLE4_OUTCOMES), cells)) for p, cells in t4.items()}
    assert not report.failed_checks
    assert report.page_count is None and report.table_pages == {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), layout=st.sampled_from([V.STANDARD_2019, V.STANDARD_2021]))
def test_any_word_form_round_trips(tmp_path_factory, seed, layout):
    rng = random.Random(seed)
    t2, t3, t4 = synth.table2(rng, layout), synth.table3(rng, layout), synth.table4(rng)
    county = rng.choice(counties())
    year = 2020 if layout == V.STANDARD_2019 else 2023
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    path.write_bytes(_seed_docx(f"{county[1]}{county[2]}人民政府{year}年政府信息公开工作年度报告", year, t2, t3, t4, layout))
    report = parse_path(path)
    assert isinstance(report, Report) and report.layout == layout
    assert _numbers(report.table2) == t2
    assert _numbers(report.table3) == {row: dict(zip(V.codes(V.TABLE3_COLUMNS), cells)) for row, cells in t3.items()}
    assert _numbers(report.table4) == {p: dict(zip(V.codes(V.TABLE4_OUTCOMES), cells)) for p, cells in t4.items()}


def _grid(rows: list[list[str | None]], continues: bool = False, page: int | None = None) -> Table:
    from ogi.ingest.grid import header_row_count

    return Table(tuple(tuple(row) for row in rows), header_row_count(rows), "pdf", page, (0, 0), continues)


def _table3_numbers(tables: list[Table]) -> dict:
    return _numbers(structured.read_table3(structured.find_tables(tables)["table3"]).grid)


def test_values_are_read_under_their_headers_not_by_position():
    """Columns in another order, with an empty spacer column: each value still lands in its column."""
    header = [["(本列数据的勾稽关系为…)", None, "申请人情况", None, None, None, None, None, None],
              [None, None, "总计", "法人或其他组织", None, None, None, None, "自然人"],
              [None, None, None, "其他", "法律服务机构", "社会公益组织", "科研机构", "商业企业", None]]
    row = ["一、本年新收政府信息公开申请数量", "", "21", "1", "2", "3", "4", "5", "6"]
    expected = dict(zip(V.codes(V.TABLE3_COLUMNS), [6, 5, 4, 3, 2, 1, 21]))
    assert _table3_numbers([_grid(header + [row])]) == {"new_received": expected}
    # The same columns carry over to the table's continuation on the next page, which has no header.
    continued = _grid([["(七)总计", "", "21", "1", "2", "3", "4", "5", "6"]], continues=True)
    assert _table3_numbers([_grid(header + [row]), continued]) == {"new_received": expected,
                                                                   "total_processed": expected}
    # A header printed alone at the foot of a page still names the columns of the rows on the next.
    assert _table3_numbers([_grid(header), _grid([row], continues=True)]) == {"new_received": expected}
    # Without the layout fact that the next grid goes on from the page before, its columns are not guessed.
    found = structured.find_tables([_grid(header), _grid([row])])
    assert [piece.mapping for piece in found["table3"].pieces][1:] == []


# --- Through the build ------------------------------------------------------------------------------

def test_pdf_and_word_inputs_flow_through_the_build(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "hongze_2024.pdf").write_bytes((REAL / "hongze_2024.pdf").read_bytes())
    title, year, t2, t3, t4 = SEED_DOCX["001_miyi"]
    (reports / "miyi_2021.docx").write_bytes(_seed_docx(title, year, t2, t3, t4))
    result = build(reports, tmp_path / "build")
    assert not result.rejected
    data = tmp_path / "build" / "data"
    build_site(data, tmp_path / "build" / "site", ROOT / "mkdocs.yml")

    def rows(name):
        with (data / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:  # the CSVs carry a BOM
            return list(csv.DictReader(handle))

    formats = {r["source_file"]: (r["source_format"], r["page_count"]) for r in rows("reports")}
    assert formats == {"hongze_2024.pdf": ("pdf", "5"), "miyi_2021.docx": ("docx", "")}
    pages = {(r["table_code"], r["first_page"], r["last_page"]) for r in rows("table_pages")}
    assert pages == {(t, str(a), str(b)) for t, (a, b) in HONGZE_PAGES.items()}
    hongze = next(r["report_id"] for r in rows("reports") if r["source_format"] == "pdf")
    html = (tmp_path / "build" / "site" / "reports" / hongze / "index.html").read_text(encoding="utf-8")
    assert "原文第3–4页" in html and "PDF，5页" in html


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**9))
def test_rows_printed_column_by_column_far_from_their_labels_are_read_in_form_order(seed):
    """Plain pdftotext's order: bands of rows sharing merged label cells come out one column block at a
    time, and the labels come after the values."""
    from ogi.parse.flattened import parse_table3

    rng = random.Random(seed)
    layout = V.STANDARD_2021
    t3 = synth.table3(rng, layout)
    codes = V.codes(V.table3_rows(layout))
    blocks, i = [], 0
    while i < len(codes):
        band = codes[i:i + rng.choice([1, 1, 2, 3, 5, 9])]
        if len(band) == 1:
            blocks += [str(v) for v in t3[band[0]]]
        else:
            blocks += ["\n".join(str(t3[code][col]) for code in band) for col in range(7)]
        i += len(band)
    labels = [unicodedata.normalize("NFKC", term.zh.split(" ")[-1]) for term in V.table3_rows(layout)]
    region = "申请人情况\n自然人\n法人或其他组织\n总计\n\n" + "\n\n".join(blocks) + "\n\n" + "\n".join(labels)
    assert _numbers(parse_table3(region).grid) == {row: dict(zip(V.codes(V.TABLE3_COLUMNS), cells)) for row, cells in t3.items()}


def test_running_headers_and_page_numbers_are_dropped_body_lines_kept():
    from ogi.ingest.pdf import _drop_running_lines, _Line

    def page(number: int) -> list[_Line]:
        return [_Line(0.03, 0.05, "洪泽区人民政府办公室 政务公开专栏"), _Line(0.3, 0.32, "一、总体情况"),
                _Line(0.5, 0.52, f"第{number}页 共3页" if number != 2 else "本年新收申请 95 件"),
                _Line(0.95, 0.97, f"- {number} -")]

    pages = [page(1), page(2), page(3)]
    _drop_running_lines(pages)
    # The body line repeated on every page (一、总体情况) is not in a margin, so it stays.
    assert [[line.text for line in lines] for lines in pages] == [
        ["一、总体情况", "第1页 共3页"], ["一、总体情况", "本年新收申请 95 件"], ["一、总体情况", "第3页 共3页"]]


def test_the_pdf_is_published_and_its_text_copies_are_duplicates_of_it(tmp_path):
    """Whatever the file names, the original file is the copy published: its tables are the most reliable."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for name, target in (("hongze_2024.raw.txt", "a_raw.txt"), ("hongze_2024.layout.txt", "b_layout.txt"),
                         ("hongze_2024.pdf", "z_original.pdf")):
        (reports / target).write_bytes((REAL / name).read_bytes())
    result = build(reports, tmp_path / "build")
    assert [report.source.path for _, report in result.published] == ["z_original.pdf"]
    published_id = result.published[0][0]
    assert {(row.path, row.status, row.report_id) for row in result.inputs} == {
        ("a_raw.txt", "duplicate", published_id), ("b_layout.txt", "duplicate", published_id),
        ("z_original.pdf", "published", published_id)}


@settings(max_examples=16, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), layout=st.sampled_from([V.STANDARD_2019, V.STANDARD_2021]),
       ruled=st.booleans(), paragraphs=st.integers(0, 30), page_border=st.booleans())
def test_any_pdf_form_round_trips_ruled_or_not(tmp_path_factory, seed, layout, ruled, paragraphs, page_border):
    """Synthetic PDFs of the official form: tables with ruling lines (read from the page geometry) or
    bare aligned text (read from column gaps); Table 3 split over pages with its header repeated; a
    running header and page numbers on every page; perhaps a ruled box around each page's body."""
    rng = random.Random(seed)
    t2, t3, t4 = synth.table2(rng, layout), synth.table3(rng, layout), synth.table4(rng)
    _, prefecture, county = rng.choice(counties())
    year = 2020 if layout == V.STANDARD_2019 else 2023
    before = [f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。", "一、总体情况"]
    before += [f"{county}认真贯彻落实《中华人民共和国政府信息公开条例》,第{i + 1}项工作稳步推进。" for i in range(paragraphs)]
    after = ["五、存在的主要问题及改进情况", "政策解读形式有待丰富。", "六、其他需要报告的事项", "无。"]
    data = synth.pdf_bytes(f"{prefecture}{county}人民政府{year}年政府信息公开工作年度报告", before, layout, t2, t3, t4,
                           after, ruled=ruled, running_header=f"{county}人民政府办公室", page_border=page_border)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(data)
    report = parse_path(path)
    assert isinstance(report, Report) and report.layout == layout and report.year == year
    assert _numbers(report.table2) == t2
    assert _numbers(report.table3) == {row: dict(zip(V.codes(V.TABLE3_COLUMNS), cells)) for row, cells in t3.items()}
    assert _numbers(report.table4) == {p: dict(zip(V.codes(V.TABLE4_OUTCOMES), cells)) for p, cells in t4.items()}
    assert [section.number for section in report.sections] == [1, 2, 3, 4, 5, 6]
    assert set(report.table_pages) == {"table2", "table3", "table4"}
    first, last = report.table_pages["table3"]
    assert 1 <= first <= last <= report.page_count
    _, document = read_document(path, path.parent)
    assert f"{county}人民政府办公室" not in document.text.split("\n")  # the running header is gone
    assert not [line for line in document.text.split("\n") if line.strip(" -").isdigit()]


def test_a_blank_row_keeps_seven_blank_cells_when_the_table_has_a_spacer_column():
    header = [["", None, "申请人情况", None, None, None, None, None, None],
              [None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"],
              [None, None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", None]]
    rows = [["一、本年新收政府信息公开申请数量", "", "1", "0", "0", "0", "0", "0", "1"],
            ["二、上年结转政府信息公开申请数量", "", "", "", "", "", "", "", ""]]
    grid = structured.read_table3(structured.find_tables([_grid(header + rows)])["table3"]).grid
    assert [(v.number, v.status) for v in grid["carried_over"].values()] == [(None, "blank")] * 7


# --- Tables come from the file's structure, not from text ----------------------------------------------

def _structured_fixtures(tmp_path) -> list[tuple[Path, dict | None]]:
    """Every PDF, Word and HTML fixture, with Table 3's truth where the fixture is synthetic."""
    from test_ingest import HTML

    rng = random.Random(5)
    cases: list[tuple[Path, dict | None]] = [(REAL / "hongze_2024.pdf", None)]
    for case, (title, year, t2, t3, t4) in sorted(SEED_DOCX.items()):
        path = tmp_path / f"{case}.docx"
        path.write_bytes(_seed_docx(title, year, t2, t3, t4))
        cases.append((path, t3))
    (tmp_path / "form.html").write_text(HTML, encoding="utf-8")
    cases.append((tmp_path / "form.html", None))
    item = synth.generate(rng, synth.places(), style="html", layout=V.STANDARD_2021)
    (tmp_path / "synth.html").write_text(item.text, encoding="utf-8")
    cases.append((tmp_path / "synth.html", {r: list(c.values()) for r, c in item.truth["table3"].items()}))
    t2, t3, t4 = synth.table2(rng, V.STANDARD_2019), synth.table3(rng, V.STANDARD_2019), synth.table4(rng)
    before = ["本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。", "一、总体情况"]
    pdf = synth.pdf_bytes("米易县人民政府2020年政府信息公开工作年度报告", before, V.STANDARD_2019, t2, t3, t4,
                          ["五、存在的主要问题及改进情况", "无。"], ruled=True)
    (tmp_path / "synth.pdf").write_bytes(pdf)
    cases.append((tmp_path / "synth.pdf", t3))
    return cases


def test_document_tables_feed_table3_for_every_pdf_word_and_html_fixture(tmp_path, monkeypatch):
    """The grids go to the parser as `Document.tables`; with the text's tables hidden from the parser and its
    text tokeniser switched off, each fixture's Table 3 is still read whole, and it is what the grid says."""
    from ogi.parse import flattened

    def no_text_reading(*args, **kwargs):
        raise AssertionError("a table read from text")

    cases = _structured_fixtures(tmp_path)
    monkeypatch.setattr("ogi.parse.flattened.find_regions", lambda text: flattened.Regions())
    monkeypatch.setattr("ogi.parse.flattened.events", no_text_reading)
    for path, truth in cases:
        _, document = read_document(path, path.parent)
        assert "table3" in structured.find_tables(document.tables), path.name
        report = parse_path(path)
        assert isinstance(report, Report), (path.name, getattr(report, "reason", ""))
        assert len(report.table3) >= 5, path.name
        if truth is not None:
            assert _numbers(report.table3) == {row: dict(zip(V.codes(V.TABLE3_COLUMNS), cells))
                                               for row, cells in truth.items()}, path.name
    monkeypatch.undo()
    hongze = parse_path(REAL / "hongze_2024.pdf")
    assert _numbers(hongze.table3) == _numbers(parse_path(REAL / "hongze_2024.layout.txt").table3)


def test_table2_blocks_are_read_under_their_own_headers_and_a_blank_row_stays():
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "", "", ""],
            ["行政规范性文件", "27", "153", None],
            ["第二十条第(五)项", None, None, None],
            ["信息内容", "本年处理决定数量", None, None],
            ["行政许可", "9487", None, None]]
    table = Table(tuple(tuple(r) for r in rows), 0, "html")
    grid = structured.read_table2(structured.find_tables([table])["table2"], V.STANDARD_2021).grid
    assert {m: (v.number, v.status) for m, v in grid["regulations"].items()} == {
        "issued": (None, "blank"), "abolished": (None, "blank"), "in_force": (None, "blank")}
    assert _numbers(grid) == {"regulations": {"issued": None, "abolished": None, "in_force": None},
                              "normative_documents": {"issued": 27, "abolished": 153, "in_force": None},
                              "administrative_licensing": {"decisions": 9487}}
