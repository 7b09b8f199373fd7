"""Hostile files, built small so that only what they unpack to or make a parser do is large.

Used by tests/test_hostile.py and by scripts/bench_hostile.py (which times each one through a build).
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from pathlib import Path

from ogi import synth
from ogi import vocabulary as V

REPORTS = Path(__file__).resolve().parent.parent / "reports"
SEED_002 = next(REPORTS.glob("002_*.txt")).read_text(encoding="utf-8")


def span_bomb_html(cells: int = 230) -> bytes:
    """A 7 KB table whose every cell spans 200 rows and 200 columns."""
    rows = "".join(f'<tr><td rowspan="200" colspan="200">{i}</td></tr>' for i in range(cells))
    return f"<html><body><p>{SEED_002[:200]}</p><table>{rows}</table></body></html>".encode("utf-8")


def deep_html(depth: int = 260, tag: str = "div", closed: bool = True) -> bytes:
    """A whole report nested `depth` elements deep (unclosed `<font>` tags nest the same way)."""
    paragraphs = "".join(f"<p>{line}</p>" for line in SEED_002.splitlines())
    close = f"</{tag}>" * depth if closed else ""
    return f"<html><body>{f'<{tag}>' * depth}{paragraphs}{close}</body></html>".encode("utf-8")


def huge_attribute_html(megabytes: int = 10) -> bytes:
    """A whole report after an element with a `megabytes` MB attribute."""
    paragraphs = "".join(f"<p>{line}</p>" for line in SEED_002.splitlines())
    return (f'<html><body><div data-x="{"a" * (megabytes * 1024 * 1024)}">x</div>{paragraphs}</body></html>'
            .encode("utf-8"))


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of the given objects (1-based, in order) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def inflating_pdf(megabytes: int = 200) -> bytes:
    """One page whose content stream is `megabytes` MB of blanks once inflated (a few hundred KB)."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    stream = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
                 b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"])


def slow_pdf(pages: int = 250, chars: int = 20_000) -> bytes:
    """`pages` pages sharing one content stream of `chars` glyphs: small, under every cap, and each page
    costs the parser seconds, so the whole file takes minutes whatever the machine."""
    text = b"".join(b"BT /F1 2 Tf %d %d Td (%s) Tj ET\n" % (10, 10 + line * 3, b"0123456789" * 20)
                    for line in range(chars // 200))
    kids = b" ".join(b"%d 0 R" % (5 + page) for page in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
                 b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                 *[page] * pages])


def ruled_grid_pdf(lines: int = 150) -> bytes:
    """One page ruled into a `lines` × `lines` grid with a digit in every cell."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(842, 842), invariant=1)
    step = 800 / lines
    for i in range(lines + 1):
        page.line(20, 20 + i * step, 820, 20 + i * step)
        page.line(20 + i * step, 20, 20 + i * step, 820)
    page.setFont("Helvetica", 2)
    for r in range(lines):
        for c in range(lines):
            page.drawString(21 + c * step, 21 + r * step, str((r + c) % 10))
    page.showPage()
    page.save()
    return out.getvalue()


def xml_bomb_docx(megabytes: int = 190) -> bytes:
    """A .docx whose document.xml is `megabytes` MB of one-word paragraphs (a few hundred KB zipped)."""
    real = synth.docx_bytes("某县人民政府2023年政府信息公开工作年度报告", ["正文。"], V.STANDARD_2021,
                            synth.table2(random.Random(1), V.STANDARD_2021),
                            synth.table3(random.Random(1), V.STANDARD_2021), synth.table4(random.Random(1)), [])
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>")
                repeat = megabytes * 1024 * 1024 // len(paragraph)
                with bomb.open("word/document.xml", "w", force_zip64=True) as part:
                    part.write(head + b"<w:body>")
                    for _ in range(repeat // 10_000):
                        part.write(paragraph * 10_000)
                    part.write(tail)
            else:
                bomb.writestr(info, data)
    return out.getvalue()


def report_pdf(encrypt=None) -> bytes:
    """A synthetic 2021-form report as a text PDF, optionally encrypted (reportlab's StandardEncryption)."""
    rng = random.Random(3)
    return synth.pdf_bytes("某某县人民政府2023年政府信息公开工作年度报告", ["统计期限自2023年1月1日起至2023年12月31日止。"],
                           V.STANDARD_2021, synth.table2(rng, V.STANDARD_2021), synth.table3(rng, V.STANDARD_2021),
                           synth.table4(rng), [], encrypt=encrypt)


def page_without_size_pdf() -> bytes:
    """A PDF whose one page has no MediaBox, itself or inherited (found by the fuzz test in a mutated
    report): pdfplumber fails listing its pages, and again closing them."""
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def user_password_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return report_pdf(StandardEncryption("secret", ownerPassword="owner", strength=128))


def owner_password_pdf() -> bytes:
    """Opens without a password; only printing, copying and editing are restricted."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    return report_pdf(StandardEncryption("", ownerPassword="owner", canPrint=0, canModify=0, canCopy=0,
                                         canAnnotate=0, strength=128))
