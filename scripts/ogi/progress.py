"""Where the parse of the current file has got to (「第 3 页」), told by the stage doing the work.

A parse worker listens, so that when a file runs over its time or memory budget the rejection can say
where it was. Outside a worker nobody listens and `at` costs a function call.
"""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[str], None] | None = None


def at(where: str) -> None:
    if _listener is not None:
        _listener(where)


def listen(callback: Callable[[str], None] | None) -> None:
    global _listener
    _listener = callback
