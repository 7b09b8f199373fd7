"""The six sections (一 … 六), matched fuzzily: reports reword, renumber and run headings into text."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import vocabulary as V
from ..records import Section

# A numbered heading at the start of a line or right after a sentence ends (single-line pages).
_HEADING = re.compile(r"(?:^|(?<=[\n。;!?:|]))[ \t|]*([一二三四五六七八九十])\s*[、.,]\s*([^\n。]{2,60})")
_HEADING_END = re.compile(r"(?:情况|事项|措施|问题|概述|工作|建设|保障|管理)")


@lru_cache(maxsize=1)
def _section_patterns() -> list[tuple[int, re.Pattern]]:
    return [(int(t.code), re.compile(t.pattern)) for t in V.SECTIONS]


def find_sections(text: str, display: str) -> list[Section]:
    """Headings in order; each canonical section is taken at its first heading after the previous one."""
    accepted: list[tuple[int, int, int, str]] = []  # (number, start, body_start, heading)
    last_number = 0
    for match in _HEADING.finditer(text):
        window = match.group(2)[:16]
        number = next((n for n, pattern in _section_patterns() if pattern.search(window)), None)
        if number is None or number <= last_number:
            continue
        heading_end = _heading_end(text, match)
        accepted.append((number, match.start(1), heading_end, text[match.start(1):heading_end].strip()))
        last_number = number
    same_length = len(text) == len(display)
    source = display if same_length else text
    sections = []
    for i, (number, start, body_start, heading) in enumerate(accepted):
        end = accepted[i + 1][1] if i + 1 < len(accepted) else len(text)
        shown_heading = source[start:body_start].strip() if same_length else heading
        sections.append(Section(number, shown_heading, source[body_start:end].strip()))
    return sections


def _heading_end(text: str, match: re.Match) -> int:
    line_end = text.find("\n", match.start(2))
    line_end = len(text) if line_end < 0 else line_end
    if line_end - match.start(1) <= 40:
        return line_end
    tail = _HEADING_END.search(text, match.start(2), min(line_end, match.start(2) + 30))
    return tail.end() if tail else match.start(2) + min(12, len(match.group(2)))
