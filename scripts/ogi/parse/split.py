"""Splitting runs of digits printed without separators (「行政规范性文件693665」 = 69 · 3 · 665).

`splits` enumerates every way to cut digit strings into a given number of cells; callers filter the
candidates with the identities and constraints of their table. The enumeration is bounded (cell width,
candidate count) so that adversarial input cannot make it explode.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

MAX_CELL_DIGITS = 9  # no count in these tables reaches a billion
MAX_CANDIDATES = 20_000


def splits(tokens: list[str], n: int, prefix_ok: Callable[[tuple[int, ...], int], bool] | None = None,
           limit: int = MAX_CANDIDATES, whole: frozenset[int] = frozenset()) -> Iterator[tuple[int, ...]]:
    """All ways to cut each digit string into ≥ 1 numbers (no leading zeros) giving `n` numbers in all.
    A string is never joined to the next one (what separated them is evidence), and the strings whose
    index is in `whole` were cells of their own: they are one number each, never cut.

    `prefix_ok(cells, digits_left)` prunes: it sees every partial assignment and the number of digits
    not yet used, and may reject it early.
    """
    if not tokens or any(not t.isdigit() for t in tokens):
        return
    total_digits = sum(len(t) for t in tokens)
    if total_digits < n or total_digits > n * MAX_CELL_DIGITS or len(tokens) > n:
        return
    count = 0
    digits_after = [sum(len(t) for t in tokens[i + 1:]) for i in range(len(tokens))]

    def cut(token_index: int, offset: int, cells: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        nonlocal count
        if count >= limit:
            return
        if token_index == len(tokens):
            if len(cells) == n:
                count += 1
                yield cells
            return
        token = tokens[token_index]
        remaining_tokens = len(tokens) - token_index - 1
        first_end = offset + 1
        if len(cells) + 1 + remaining_tokens == n or token_index in whole:
            first_end = len(token)  # this cell must take the rest of the token
        for end in range(first_end, min(len(token), offset + MAX_CELL_DIGITS) + 1):
            part = token[offset:end]
            if len(part) > 1 and part[0] == "0" and token_index not in whole:
                break
            new = cells + (int(part),)
            if len(new) + remaining_tokens + (1 if end < len(token) else 0) > n:
                continue  # too many cells this way; a longer part may still fit
            if prefix_ok is not None and not prefix_ok(new, len(token) - end + digits_after[token_index]):
                continue
            if end == len(token):
                yield from cut(token_index + 1, 0, new)
            else:
                yield from cut(token_index, end, new)

    yield from cut(0, 0, ())


def consensus(candidates: list[tuple[int, ...]]) -> list[int | None]:
    """Per position: the value all candidates agree on, else None."""
    if not candidates:
        return []
    return [column[0] if all(v == column[0] for v in column) else None for column in zip(*candidates)]
