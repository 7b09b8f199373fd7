// Reports list (sort and filter in the browser); a report's data file saved as CSV or JSON; inflating
// the site's gzip files (window.ogi.inflate, which the search page's script, search.js, uses too).
(function () {
  "use strict";

  function text(value) { return value === null || value === undefined ? "" : String(value); }

  function cell(tr, value, numeric) {
    var td = document.createElement("td");
    td.textContent = text(value);   // textContent: report text is never parsed as HTML
    if (numeric) td.className = "ogi-num";
    tr.appendChild(td);
    return td;
  }

  function reportsList(table) {
    var form = document.getElementById("ogi-filters");
    var tbody = table.querySelector("tbody");
    var count = document.getElementById("ogi-count");
    var LIMIT = 1000;
    var rows = [], sortKey = "year", sortDir = -1, sortNumeric = true;

    function fillSelect(name, key, labelKey) {
      var select = form.elements[name], seen = {};
      rows.forEach(function (r) { if (r[key] !== "" && r[key] !== null) seen[r[key]] = r[labelKey || key]; });
      Object.keys(seen).sort().forEach(function (value) {
        var option = document.createElement("option");
        option.value = value; option.textContent = seen[value];
        select.appendChild(option);
      });
    }

    function matches(r) {
      var f = form.elements;
      if (f.year.value && String(r.year) !== f.year.value) return false;
      if (f.province.value && r.province !== f.province.value) return false;
      if (f.admin_level.value && r.admin_level !== f.admin_level.value) return false;
      if (f.layout.value && r.layout !== f.layout.value) return false;
      if (f.status.value === "ok" && r.failed > 0) return false;
      if (f.status.value === "failed" && !(r.failed > 0)) return false;
      if (f.q.value && (r.organization + r.region).indexOf(f.q.value.trim()) < 0) return false;
      return true;
    }

    function compare(a, b) {
      var x = a[sortKey], y = b[sortKey];
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      if (sortNumeric) return (x - y) * sortDir;
      return String(x).localeCompare(String(y), "zh") * sortDir;
    }

    function render() {
      var shown = rows.filter(matches).sort(compare);
      count.textContent = shown.length;
      tbody.textContent = "";
      shown.slice(0, LIMIT).forEach(function (r) {
        var tr = document.createElement("tr");
        cell(tr, r.year, true);
        var td = document.createElement("td"), a = document.createElement("a");
        a.href = encodeURIComponent(r.id) + "/"; a.textContent = r.organization;
        if (r.hant) a.lang = "zh-Hant";  // a name as printed in a Traditional-script report
        td.appendChild(a); tr.appendChild(td);
        cell(tr, r.region); cell(tr, r.admin_level_zh); cell(tr, r.layout_zh);
        cell(tr, r.received, true); cell(tr, r.processed, true);
        cell(tr, r.granted_share === null ? "" : (r.granted_share * 100).toFixed(1) + "%", true);
        var status = cell(tr, r.failed > 0 ? r.failed + "项" : "全部通过");
        status.className = r.failed > 0 ? "ogi-invalid" : "";
        tbody.appendChild(tr);
      });
      if (shown.length > LIMIT) {
        var tr = document.createElement("tr"), td = cell(tr, "只显示前" + LIMIT + "条，请用筛选缩小范围。");
        td.colSpan = 9; tbody.appendChild(tr);
      }
    }

    table.querySelectorAll("th[data-key]").forEach(function (th) {
      th.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        sortDir = key === sortKey ? -sortDir : 1;
        sortKey = key; sortNumeric = th.getAttribute("data-type") === "number";
        table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("data-sort"); });
        th.setAttribute("data-sort", sortDir > 0 ? "asc" : "desc");
        render();
      });
    });
    form.addEventListener("input", render);
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    fetch("reports.json").then(function (response) { return response.json(); }).then(function (data) {
      rows = data;
      fillSelect("year", "year"); fillSelect("province", "province");
      fillSelect("admin_level", "admin_level", "admin_level_zh"); fillSelect("layout", "layout", "layout_zh");
      render();
    });
  }

  // --- gzip files: the browser's DecompressionStream, or the vendored fflate (vendor/fflate.js, fflate 0.8.3
  // from npm, MIT: vendor/fflate.LICENSE) where it is missing (Safari before 16.4, so older iPhones) --------
  var FFLATE = new URL("vendor/fflate.js", document.currentScript.src).href;
  var fallback = null;

  function inflate(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes);  // the server inflated it
    if (typeof DecompressionStream === "undefined") {
      if (!fallback) {
        fallback = new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = FFLATE;
          script.onload = resolve;
          script.onerror = function () { reject(new Error("fflate.js")); };
          document.head.appendChild(script);
        });
      }
      return fallback.then(function () { return window.fflate.gunzipSync(bytes); });
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }

  // --- A report's data file (downloads/<id>.json.gz, see site/report.py): its `csv` member saved as a CSV
  // file, the rest — the data package's rows, as written — as a JSON file. Without JavaScript the link
  // downloads the file itself. ------------------------------------------------------------------------
  function save(link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      fetch(link.href).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.arrayBuffer();
      }).then(inflate).then(function (bytes) {
        var text = new TextDecoder().decode(bytes), csvAt = text.lastIndexOf(',"csv":"');
        var name = decodeURIComponent(link.pathname.split("/").pop()).replace(/\.json\.gz$/, "");
        var file = link.getAttribute("data-ogi-save") === "csv"
          ? new Blob([JSON.parse(text).csv], { type: "text/csv;charset=utf-8" })
          : new Blob([text.slice(0, csvAt) + "}"], { type: "application/json;charset=utf-8" });
        var anchor = document.createElement("a");
        anchor.href = URL.createObjectURL(file);
        anchor.download = name + (link.getAttribute("data-ogi-save") === "csv" ? ".csv" : ".json");
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
        setTimeout(function () { URL.revokeObjectURL(anchor.href); }, 10000);
      }).catch(function () { window.location.href = link.href; });  // the file as it is, then
    });
  }

  window.ogi = { inflate: inflate };

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("ogi-reports");
    if (table) reportsList(table);
    document.querySelectorAll("a[data-ogi-save]").forEach(save);
  });
})();
