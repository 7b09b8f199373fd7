"""Small SVG charts rendered at build time: no JavaScript library, no network, Chinese labels as text."""

from __future__ import annotations

from .html import esc

_FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
COLOURS = ("#3f51b5", "#009688", "#ff9800", "#e91e63", "#795548", "#607d8b", "#8bc34a")


def bar_chart(title: str, labels: list[str], values: list[float], unit: str = "") -> str:
    """Vertical bars; the same numbers appear in a table next to it on the page."""
    width, height, left, bottom = 640, 260, 56, 40
    plot_w, plot_h = width - left - 16, height - bottom - 30
    top = max(values, default=0) or 1
    step = plot_w / max(1, len(values))
    bars = []
    for i, (label, value) in enumerate(zip(labels, values)):
        h = plot_h * value / top
        x = left + i * step + step * 0.15
        y = 30 + plot_h - h
        bars.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" fill="{COLOURS[0]}">'
                    f"<title>{esc(label)}: {_fmt(value)}{esc(unit)}</title></rect>"
                    f'<text x="{x + step * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11">{_fmt(value)}</text>'
                    f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="12">'
                    f"{esc(label)}</text>")
    return (f'<svg class="ogi-chart" role="img" aria-label="{esc(title)}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg" font-family="{_FONT}">'
            f'<text x="{left}" y="18" font-size="14" font-weight="bold">{esc(title)}</text>'
            f'<line x1="{left}" y1="{30 + plot_h}" x2="{width - 16}" y2="{30 + plot_h}" stroke="#999"/>'
            + "".join(bars) + "</svg>")


def share_bar(title: str, parts: list[tuple[str, float]]) -> str:
    """One horizontal bar split into shares, with a legend."""
    width, bar_y, bar_h = 640, 30, 28
    total = sum(v for _, v in parts) or 1
    x = 0.0
    pieces, legend = [], []
    for i, (label, value) in enumerate(parts):
        w = (width - 20) * value / total
        colour = COLOURS[i % len(COLOURS)]
        pieces.append(f'<rect x="{10 + x:.1f}" y="{bar_y}" width="{w:.1f}" height="{bar_h}" fill="{colour}">'
                      f"<title>{esc(label)}: {_fmt(value)} ({value / total:.1%})</title></rect>")
        x += w
        lx, ly = 10 + (i % 3) * 210, bar_y + bar_h + 22 + (i // 3) * 20
        legend.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>'
                      f'<text x="{lx + 16}" y="{ly}" font-size="12">{esc(label)} {value / total:.1%}</text>')
    height = bar_y + bar_h + 30 + ((len(parts) + 2) // 3) * 20
    return (f'<svg class="ogi-chart" role="img" aria-label="{esc(title)}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg" font-family="{_FONT}">'
            f'<text x="10" y="18" font-size="14" font-weight="bold">{esc(title)}</text>'
            + "".join(pieces) + "".join(legend) + "</svg>")


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
