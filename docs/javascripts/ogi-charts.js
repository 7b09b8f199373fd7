// Charts drawn from the tables on the page (scripts/ogi/site/charts.py, templates/_charts.html) with the
// vendored Apache ECharts. A chart's numbers are the table's: each row is a point on the x axis (a year,
// or an outcome), each listed column a series. A blank cell, or a year without a report, is a gap in the
// line — never 0. Without JavaScript the figures stay hidden and the tables say it all.
(function () {
  "use strict";

  var COLOURS = ["#3f51b5", "#e65100", "#00796b", "#ad1457", "#5d4037"];

  function value(cell) {   // "1,234（12份）" → 1234; "45.0%" → 45; blank → null
    var node = cell && cell.firstChild;
    var text = node && node.nodeType === Node.TEXT_NODE ? node.textContent.trim() : "";
    if (!/^-?[\d,]+(\.\d+)?%?$/.test(text)) return null;
    return parseFloat(text.replace(/[,%]/g, ""));
  }

  function rowLabel(row) {
    var head = row.cells[0];
    return (head.firstElementChild || head).textContent.trim();
  }

  function series(table, columns, bar) {
    var head = table.tHead.rows[0].cells, rows = Array.prototype.slice.call(table.tBodies[0].rows);
    return columns.map(function (column) {
      return {
        name: head[column].textContent.trim(), type: bar ? "bar" : "line", connectNulls: false,
        showSymbol: true, showAllSymbol: true, symbolSize: 7, barMaxWidth: 28,
        data: rows.map(function (row) { return row.classList.contains("ogi-gap") ? null : value(row.cells[column]); })
      };
    });
  }

  function draw(figure) {
    var table = document.getElementById(figure.getAttribute("data-table"));
    if (!table || typeof echarts === "undefined") return;
    var percent = figure.hasAttribute("data-percent"), bar = figure.hasAttribute("data-bar");
    var columns = figure.getAttribute("data-columns").split(" ").map(Number);
    var lines = series(table, columns, bar);
    var drawable = lines.some(function (line) { return line.data.some(function (v) { return v !== null; }); });
    if (!drawable) return;   // no figure to draw: the table says so with its blank cells
    var style = getComputedStyle(document.body);
    figure.hidden = false;
    var chart = echarts.init(figure.querySelector(".ogi-chart-box"), null, { renderer: "svg", locale: "ZH" });
    chart.setOption({
      animation: false, color: COLOURS,
      textStyle: { fontFamily: style.fontFamily, fontSize: 12, color: "#333" },
      legend: { show: lines.length > 1, top: 0, left: 0, itemWidth: 18, textStyle: { fontSize: 12 } },
      grid: { left: 4, right: 12, top: lines.length > 1 ? 34 : 12, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: Array.prototype.map.call(table.tBodies[0].rows, rowLabel),
               axisLabel: { fontSize: 12, hideOverlap: true, color: "#333" } },
      yAxis: { type: "value", minInterval: percent ? 0 : 1,
               axisLabel: { fontSize: 12, color: "#333", formatter: percent ? "{value}%" : undefined } },
      series: lines
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.querySelectorAll("figure.ogi-chart").forEach(draw);
})();
