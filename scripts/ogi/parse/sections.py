"""The sections (一 … 六, and the fee section of pre-2019 reports), matched fuzzily: reports reword,
renumber and run headings into text."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import vocabulary as V
from ..records import Section
from ..text import original_span

# A numbered heading at the start of a line or right after a sentence ends (single-line pages).
_HEADING = re.compile(r"(?:^|(?<=[\n。;!?:|]))[ \t|]*([一二三四五六七八九十])\s*[、.,]\s*([^\n。]{2,60})")
# A heading glued to what comes before it (「…24252.311082三、收到和处理…」 on a single-line page) counts
# only when it names its section in the form's own words.
_GLUED_HEADING = re.compile(r"([一二三四五六七八九十])\s*[、.]\s*((?:政府信息公开)?(?:收到和处理政府信息公开申请情况"
                            r"|行政复议、?(?:行政)?诉讼情况|(?:工作)?存在的主要问题及改进情况|其他需要报告的事项))")
_HEADING_END = re.compile(r"(?:情况|事项|措施|问题|概述|工作|建设|保障|管理)")
_SENTENCE = re.compile(r"[,，;；。]")
_ORDER = {int(code): position for position, code in enumerate(V.SECTION_ORDER)}


@lru_cache(maxsize=1)
def _section_patterns() -> list[tuple[int, re.Pattern]]:
    return [(int(t.code), re.compile(t.pattern)) for t in V.SECTIONS]


def _headings(text: str):
    seen = set()
    found = [m for m in _HEADING.finditer(text)] + [m for m in _GLUED_HEADING.finditer(text)]
    for match in sorted(found, key=lambda m: m.start(1)):
        if match.start(1) not in seen:
            seen.add(match.start(1))
            yield match


def _section_number(window: str, after: int) -> int | None:
    """The section a heading names, printed after position `after` of the form's order. The words of
    section 一 (工作情况 …) are the loosest: any other section the heading names comes first."""
    named = [n for n, pattern in _section_patterns() if pattern.search(window) and _ORDER[n] > after]
    specific = [n for n in named if n != 1]
    return (specific or named or [None])[0]


def find_sections(text: str, display: str) -> list[Section]:
    """Headings in order; each section is taken at its first heading after the previous one's."""
    accepted: list[tuple[int, int, int]] = []  # (number, start, body_start)
    last = -1
    for match in _headings(text):
        if accepted and match.start(1) < accepted[-1][2]:
            continue  # inside the previous heading
        number = _section_number(match.group(2)[:16], last)
        if number is None:
            continue
        accepted.append((number, match.start(1), _heading_end(text, match)))
        last = _ORDER[number]
    sections = []
    for i, (number, start, body_start) in enumerate(accepted):
        end = accepted[i + 1][1] if i + 1 < len(accepted) else len(text)
        heading = original_span(start, body_start, text, display).strip()
        sections.append(Section(number, heading, original_span(body_start, end, text, display).strip()))
    return sections


def _heading_end(text: str, match: re.Match) -> int:
    if match.re is _GLUED_HEADING:
        return match.end()
    line_end = text.find("\n", match.start(2))
    line_end = len(text) if line_end < 0 else line_end
    if line_end - match.start(1) <= 40 and not _SENTENCE.search(text, match.start(2), line_end):
        return line_end
    tail = _HEADING_END.search(text, match.start(2), min(line_end, match.start(2) + 30))
    return tail.end() if tail else match.start(2) + min(12, len(match.group(2)))
