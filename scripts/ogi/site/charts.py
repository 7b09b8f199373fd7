"""Charts: drawn in the browser by docs/javascripts/ogi-charts.js with Apache ECharts (vendored, see
scripts/vendor_echarts.sh) from a table on the same page. The numbers are only in the table — which shows
without JavaScript and is what a screen reader reads — so a chart adds a few bytes to a page, not its data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chart:
    title: str
    table: str  # the id of the table it is drawn from
    columns: tuple[int, ...]  # its data columns (1 = the first after the row header); each is one series
    percent: bool = False  # values are shares, shown as percentages
    bar: bool = False  # bars (counts per year) instead of lines
