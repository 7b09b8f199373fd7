"""What counts as English on a Chinese page: a run of three or more Latin letters, except a vocabulary code
shown in <code> right before its Chinese label (the data dictionary lists allowed codes that way)."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from ogi import vocabulary as V

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")

CODE_LABELS: dict[str, set[str]] = {}
for _terms in (V.ADMIN_LEVELS, V.LAYOUTS, V.SCRIPTS, V.SOURCE_FORMATS, V.INPUT_STATUSES, V.VALUE_STATUSES,
               V.TABLE3_ROWS, V.TABLE3_OUTCOME_GROUPS, V.TABLE3_COLUMNS, V.TABLE4_PROCEEDINGS, V.TABLE4_OUTCOMES,
               V.PROSE_FIGURES, V.CHECKS, V.SEVERITIES, V.SOURCE_TABLES,
               [i.term for i in V.TABLE2_2021 + V.TABLE2_2019],
               [m for i in V.TABLE2_2021 + V.TABLE2_2019 for m in i.measures]):
    for _term in _terms:
        CODE_LABELS.setdefault(_term.code, set()).add(_term.zh.replace(" ", ""))
# The legacy table's own codes, as named in docs/format.md and the schema's descriptions.
for _code, _label in (("statistics", "政府信息公开情况统计表"), ("comparison", "年度对比表"), ("this_year", "本年度"),
                      ("cumulative", "历年累计")):
    CODE_LABELS.setdefault(_code, set()).add(_label)


def text_without_codes(markup: str) -> str:
    """The text of an HTML fragment less every <code> followed by one of its labels, both dropped (labels
    include names such as PDF and Word); any other code stays in the text."""

    def drop(match):
        code, after = match[1], match[2]
        label = next((label for label in CODE_LABELS.get(code, ()) if after.startswith(label)), None)
        return code + after if label is None else after[len(label):]

    return lxml_html.fromstring(f"<div>{re.sub(r'<code>([^<]+)</code>([^<]*)', drop, markup)}</div>").text_content()


def english_words(text: str) -> list[str]:
    return LATIN_WORD.findall(text.replace("SHA-256", ""))
