"""Chart geometry for the SVG charts drawn by templates/_charts.html: no JavaScript, no network.

Charts are drawn in a 400-unit-wide box and shown at most about 30em wide, so their text stays about the
size of the page's text on a phone and on a desktop. Every chart's numbers are also in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

COLOURS = ("#3f51b5", "#00796b", "#e65100", "#ad1457", "#5d4037", "#455a64", "#558b2f")
WIDTH = 400


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    x: float
    y: float
    width: float
    colour: str = COLOURS[0]


@dataclass(frozen=True)
class Chart:
    title: str
    height: float
    bars: list[Bar]
    label_width: float = 0


def bar_chart(title: str, labels: list[str], values: list[float], unit: str = "") -> Chart:
    """One horizontal bar per label, the value written after the bar."""
    label_width, row, top = 64, 24, 30
    longest = max(values, default=0) or 1
    room = WIDTH - label_width - 70  # space left for the value after the longest bar
    bars = [Bar(label, f"{_fmt(value)}{unit}", label_width, top + i * row, room * value / longest)
            for i, (label, value) in enumerate(zip(labels, values))]
    return Chart(title, top + len(bars) * row + 6, bars, label_width)


def share_bar(title: str, parts: list[tuple[str, float]]) -> Chart:
    """One bar split into shares; under it, one legend line per share (label and percentage)."""
    total = sum(value for _, value in parts) or 1
    bars, x = [], 0.0
    for i, (label, value) in enumerate(parts):
        width = (WIDTH - 20) * value / total
        bars.append(Bar(label, f"{value / total:.1%}", 10 + x, 30, width, COLOURS[i % len(COLOURS)]))
        x += width
    return Chart(title, 30 + 28 + 12 + len(parts) * 22, bars)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
