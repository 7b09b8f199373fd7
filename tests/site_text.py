"""What counts as English on a Chinese page: a run of three or more Latin letters, except a vocabulary code
shown in <code> right before its Chinese label (the data dictionary lists allowed codes that way)."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from ogi import vocabulary as V
from ogi.schema import RESOURCES

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
# Names that Chinese text writes in Latin letters: file formats, a checksum, a file name. They stand beside
# Chinese, never instead of it.
NAMES = re.compile(r"SHA-256|UTF-8|CHANGELOG\.md|(?<![A-Za-z])(?:PDF|Word|CSV|JSON|Excel|Parquet|HTML|XML|ZIP|PNG|JPEG|GIF|Atom)(?![A-Za-z])")

CODE_LABELS: dict[str, set[str]] = {}
for _resource in RESOURCES:
    for _field in _resource.fields:
        for _code, _label in _field.labels().items():
            CODE_LABELS.setdefault(_code, set()).update(_label.split("／"))
for _term in V.LEGACY_PERIODS:
    CODE_LABELS.setdefault(_term.code, set()).add(_term.zh)


def text_without_codes(markup: str) -> str:
    """The text of an HTML fragment less every <code> followed by one of its labels, both dropped (labels
    include names such as PDF and Word); any other code stays in the text."""

    def drop(match):
        code, after = match[1], match[2]
        label = next((label for label in CODE_LABELS.get(code, ()) if after.startswith(label)), None)
        return code + after if label is None else after[len(label):]

    return lxml_html.fromstring(f"<div>{re.sub(r'<code>([^<]+)</code>([^<]*)', drop, markup)}</div>").text_content()


def english_words(text: str) -> list[str]:
    return LATIN_WORD.findall(NAMES.sub("", text))
