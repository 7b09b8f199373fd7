"""The sentence a prose figure was read from, in the report's own script.

The package gives each prose figure its `context`: a fixed window of the Simplified matching text, cut
mid-word (「2年,通过…」). The report's words in their own script are in `sections.text`. This module finds
the context in those words and returns the whole sentence — or, if the sentence is long, the clauses
around the figure with ellipses where it was cut. Where the context cannot be found (it is not in a
section), the context itself is returned, cut at clause boundaries, with ellipses.

The package's section text is NFKC-normalised by the parser (half-width commas and brackets): the
original punctuation is not in the data, so it is not shown here either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = "。！？；!?;"
_CLAUSE_BREAK = "，、：,:" + _SENTENCE_END
_JOINED_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*(?=\S)")  # how the parser joins lines before matching
_AFTER = 4  # the context runs this many characters past the figure (parse/prose.py)
_ANCHOR = 8  # characters of the context, ending with the figure, looked for first
_LONGEST = 90  # characters: a longer sentence is cut to the clauses around the figure
_BEFORE_FIGURE, _AFTER_FIGURE = 40, 24  # characters kept around the figure's end in a long sentence


@dataclass(frozen=True)
class Excerpt:
    text: str
    original_script: bool  # False when only the Simplified matching context could be shown


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


class SectionText:
    """One section's text with its lines joined as the parser joined them: in its own script
    (`original`) and in the Simplified script the context was taken from (`comparable`), same length."""

    def __init__(self, text: str, traditional: bool):
        comparable = "\n".join(self._simplified(line) for line in text.split("\n")) if traditional else text
        # Both have the same length and the same whitespace, so the joins fall at the same places.
        self.original = _JOINED_LINE_BREAK.sub("", text)
        self.comparable = _JOINED_LINE_BREAK.sub("", comparable).replace("\n", " ")

    @staticmethod
    def _simplified(line: str) -> str:
        simple = _t2s().convert(line)
        return simple if len(simple) == len(line) else line  # a phrase conversion changed the length

    def find(self, context: str) -> tuple[int, int] | None:
        """(characters of the context that agree, where the figure ends here) for the best match.

        The context's start may lie in a heading or another section, and its last characters in the
        next one: look for the few characters that end with the figure, then extend each hit both
        ways as far as the context agrees."""
        figure_end = max(1, len(context) - _AFTER)
        anchor = context[max(0, figure_end - _ANCHOR):figure_end]
        best = None
        at = self.comparable.find(anchor)
        while at >= 0:
            end = at + len(anchor)
            before = 0
            while at - before > 0 and figure_end - len(anchor) - before > 0 and \
                    self.comparable[at - before - 1] == context[figure_end - len(anchor) - before - 1]:
                before += 1
            after = 0
            while figure_end + after < len(context) and end + after < len(self.comparable) and \
                    self.comparable[end + after] == context[figure_end + after]:
                after += 1
            if best is None or len(anchor) + before + after > best[0]:
                best = (len(anchor) + before + after, end)
            at = self.comparable.find(anchor, at + 1)
        return best


def excerpt(context: str, sections: list[SectionText]) -> Excerpt:
    context = context.strip()
    found = [(hit, section) for section in sections if (hit := section.find(context))]
    if not found:
        return Excerpt(_trimmed(context), False)
    (_, figure_end), section = max(found, key=lambda pair: pair[0][0])
    return Excerpt(_sentence(section.original, figure_end), True)


def _sentence(text: str, figure_end: int) -> str:
    """The sentence in which a figure ends, or the clauses around it with ellipses where it was cut."""
    first = max(text.rfind(ch, 0, figure_end) for ch in _SENTENCE_END + "\n") + 1
    ends = [i for i in (text.find(ch, figure_end) for ch in _SENTENCE_END + "\n") if i >= 0]
    last = min(ends) + (text[min(ends)] != "\n") if ends else len(text)
    cut_before = cut_after = False
    if last - first > _LONGEST:
        if figure_end - first > _BEFORE_FIGURE:
            first, cut_before = _clause_start(text, figure_end - _BEFORE_FIGURE, figure_end), True
        if last - figure_end > _AFTER_FIGURE:
            last, cut_after = _clause_end(text, figure_end, figure_end + _AFTER_FIGURE), True
    return ("…" if cut_before else "") + text[first:last].strip() + ("…" if cut_after else "")


def _clause_start(text: str, earliest: int, figure_end: int) -> int:
    """Just after the first clause break in text[earliest:figure_end], else `earliest`."""
    for i in range(earliest, figure_end):
        if text[i] in _CLAUSE_BREAK:
            return i + 1
    return earliest


def _clause_end(text: str, figure_end: int, latest: int) -> int:
    """At the last clause break in text[figure_end:latest] (after it if it ends a sentence), else `latest`."""
    for i in range(min(latest, len(text)) - 1, figure_end - 1, -1):
        if text[i] in _CLAUSE_BREAK:
            return i + (text[i] in _SENTENCE_END)
    return latest


def _trimmed(context: str) -> str:
    """A context window, which starts and ends mid-sentence: from its first clause break (in its first
    half) on, with ellipses for the words cut off."""
    head = next((i + 1 for i, ch in enumerate(context[:len(context) // 2]) if ch in _CLAUSE_BREAK), 0)
    words = context[head:]
    return "…" + words + ("" if words.endswith(tuple(_SENTENCE_END)) else "…")
