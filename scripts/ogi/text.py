"""The ground floor for Chinese text: NFKC, Traditional ↔ Simplified, and the original-script span of a match.

Every stage reads reports through two copies of the same text: the *display* copy keeps the report's own
script (for showing to people), the *match* copy is NFKC and Simplified (what patterns run on). They are
built here, line by line, so that they always have the same length character for character: a match's
position in one is its position in the other, and `original` returns what the report printed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_HAN = re.compile("[\u4e00-\u9fff]+")
# Phrase conversions of some Traditional copies turn 文件 into 檔案; same length, so alignment holds.
_PHRASE_FIXES = (("规范性档案", "规范性文件"),)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def match_key(text: str) -> str:
    """A short label (a table cell, a header) as patterns see it: NFKC, Simplified, no whitespace."""
    return to_simplified("".join(nfkc(text).split()))


def detect_script(text: str) -> str:
    """Traditional when more than 3% of the Han characters (of the first 10,000) change under t2s."""
    sample = "".join(_HAN.findall(text, 0, 60_000))[:10_000]
    if not sample:
        return "simplified"
    changed = sum(1 for a, b in zip(sample, to_simplified(sample)) if a != b)
    return "traditional" if changed / len(sample) > 0.03 and changed >= 5 else "simplified"


def aligned_line(line: str, script: str) -> tuple[str, str]:
    """One NFKC line → (display, match) of equal length.

    Only Traditional texts are converted: OpenCC's t2s also rewrites some Simplified characters that
    double as Traditional ones (乾安县 → 干安县), which would break place names. The rare phrase
    conversion that changes a line's length makes the display line the simplified one."""
    if script != "traditional":
        return line, line
    match = to_simplified(line)
    display = line if len(match) == len(line) else match
    for wrong, right in _PHRASE_FIXES:
        match = match.replace(wrong, right)
    return display, match


def remove_spans(display: str, match: str, spans: list[tuple[int, int]]) -> tuple[str, str]:
    """Cut the same spans out of both copies of a line (they are aligned)."""
    if not spans:
        return display, match
    keep_display, keep_match, last = [], [], 0
    for start, end in spans:
        keep_display.append(display[last:start])
        keep_match.append(match[last:start])
        last = end
    keep_display.append(display[last:])
    keep_match.append(match[last:])
    return "".join(keep_display), "".join(keep_match)


def original(fragment: str, match_text: str, display_text: str) -> str:
    """The characters of `fragment` (found in the match copy) as the report printed them."""
    if not fragment:
        return ""
    position = match_text.find(fragment)
    if position < 0 or len(match_text) != len(display_text):
        return fragment
    return display_text[position:position + len(fragment)]


def simplified_of(fragment: str, match_text: str, display_text: str) -> str:
    """The match copy (Simplified) of `fragment`, a piece of the display copy."""
    position = display_text.find(fragment) if fragment else -1
    if position >= 0 and len(match_text) == len(display_text):
        return match_text[position:position + len(fragment)]
    return to_simplified(fragment)


def original_span(start: int, end: int, match_text: str, display_text: str) -> str:
    """The display copy of match_text[start:end]; the match copy itself if the two are not aligned."""
    source = display_text if len(match_text) == len(display_text) else match_text
    return source[start:end]


# --- Numbers written in Chinese ------------------------------------------------------------------

_CN_DIGIT = "〇○零一二三四五六七八九"
CHINESE_DATE = re.compile(rf"([{_CN_DIGIT}]{{4}})\s*年\s*([一二三四五六七八九十]{{1,3}})\s*月"
                          rf"\s*([一二三四五六七八九十]{{1,4}})\s*[日号]")


def chinese_numeral(text: str) -> int | None:
    """「二〇一八」 → 2018, 「三十一」 → 31; None when it is not a numeral."""
    import cn2an  # 0.2 s to import, and only the rare report that writes its dates in words needs it

    try:
        value = cn2an.cn2an(text.replace("○", "〇").replace("零", "〇") if len(text) == 4 else text, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if float(value).is_integer() else None


def chinese_date(match: re.Match) -> tuple[int, int, int] | None:
    """A CHINESE_DATE match → (year, month, day) as written (not checked as a calendar date)."""
    parts = [chinese_numeral(group) for group in match.groups()]
    return None if None in parts else (parts[0], parts[1], parts[2])
