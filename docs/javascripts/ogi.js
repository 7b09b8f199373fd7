// A report page's parts that open from its data file (text, passed checks), the file saved as CSV or
// JSON; inflating the site's gzip files (window.ogi.inflate and fetchJSON, which the search page's script,
// search.js, uses too). The reports list has its own script, ogi-list.js.
(function () {
  "use strict";

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

  // --- A report's data file (reports/<id>/data.json.gz, see site/report.py), read once a page ------------
  var loaded = {};
  function fetchJSON(url) {
    if (!loaded[url]) {
      loaded[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.arrayBuffer();
      }).then(inflate).then(function (bytes) { return new TextDecoder().decode(bytes); });
    }
    return loaded[url];
  }

  // A report page's closed <details> are filled when opened: section n of the report's text (text-n) from
  // its `sections` rows, each line a paragraph, as text (never parsed as HTML) — without the lines that are
  // a table's cells (`| a | b |`) when the page shows the report's tables — and the passed checks from
  // `page.checks`, which the build rendered and escaped like the rest of the page.
  var TABLES_LEFT_OUT = "本部分的表格见上方，这里不再重复；表格原文见原始文件。";

  // A table of the data file (`fields` and `rows`) as one object a row.
  function rowsOf(table) {
    return table.rows.map(function (values) {
      var row = {};
      table.fields.forEach(function (field, i) { row[field] = values[i]; });
      return row;
    });
  }

  function sectionLines(data, n) {
    var sections = rowsOf(data.sections).sort(function (a, b) { return a.section - b.section; });
    var lines = (sections[n].text || "").split("\n").filter(function (line) { return line.trim(); });
    var shown = data.page.tables_shown ? lines.filter(function (line) { return line.indexOf("|") < 0; }) : lines;
    return { lines: shown, leftOut: shown.length < lines.length };
  }

  function fill(holder, data, part) {
    holder.textContent = "";
    if (part === "checks") {
      holder.innerHTML = data.page.checks;
      return;
    }
    var text = sectionLines(data, Number(part.slice("text-".length)));
    text.lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      holder.appendChild(p);
    });
    if (text.leftOut) {
      var note = document.createElement("p");
      note.className = "ogi-note";
      note.lang = "zh";
      note.textContent = TABLES_LEFT_OUT;
      holder.appendChild(note);
    }
  }

  function parts(details) {
    details.forEach(function (element) {
      element.addEventListener("toggle", function () {
        if (!element.open || element.getAttribute("data-ogi-loaded")) return;
        element.setAttribute("data-ogi-loaded", "1");
        var holder = document.createElement("div");
        holder.textContent = "正在载入……";
        element.appendChild(holder);
        fetchJSON(new URL("data.json.gz", window.location.href).href).then(function (text) {
          fill(holder, JSON.parse(text), element.getAttribute("data-ogi-part"));
        }).catch(function (error) {
          holder.textContent = "无法载入（" + error.message + "），可下载原始文件查看。";
        });
      });
    });
  }

  // The report's figures saved as a CSV file in Chinese — table, row, column, value, status, labelled with
  // reports/labels.json; a value as printed (`exact` where a number would not hold it); a legacy row's
  // label spreadsheet-safe as package.spreadsheet_safe makes it; quoted as Python's csv module quotes, CRLF,
  // a byte-order mark for Excel — and the data package's rows as a JSON file. Without JavaScript the link
  // downloads the file itself.
  var FORMULA = /^[=+\-@\t\r]/, PLAIN_NUMBER = /^[+-]?\p{Nd}+(?:\.\p{Nd}+)?$/u;
  function safe(text) { return FORMULA.test(text) && !PLAIN_NUMBER.test(text) ? "'" + text : text; }

  function csvRows(data, labels) {
    var out = [];
    function add(name, label) {
      rowsOf(data[name]).forEach(function (row, n) {
        var exact = (data.exact[name] || {})[n], value = row.value !== null && row.value !== undefined ? row.value : row.amount;
        var cells = label(row);
        out.push(cells.concat([exact !== undefined ? exact : value === null || value === undefined ? "" : String(value),
                               labels.statuses[row.value_status] || row.value_status]));
      });
    }
    function form(key, row, column) {
      var table = labels.tables[key] || {};
      return [table.name, (table.rows || {})[row] || row, (table.columns || {})[column] || column];
    }
    add("active_disclosure", function (r) { return form("t2." + r.layout, r.item, r.measure); });
    add("applications", function (r) { return form("t3", r.row, r.applicant); });
    add("reviews_litigation", function (r) { return form("t4", r.proceeding, r.outcome); });
    add("legacy_indicators", function (r) {
      var period = labels.periods[r.period] || (/^\d+$/.test(r.period) ? r.period + "年" : r.period);
      return [labels.legacy_tables[r.legacy_table] || r.legacy_table, safe(r.indicator), period];
    });
    return out;
  }

  function csvField(text) {
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csvText(data, labels) {
    var lines = [labels.header].concat(csvRows(data, labels));
    return "\ufeff" + lines.map(function (fields) { return fields.map(csvField).join(","); }).join("\r\n") + "\r\n";
  }

  function save(link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var kind = link.getAttribute("data-ogi-save");
      var labels = kind === "csv" ? fetch(new URL("../labels.json", link.href)).then(function (response) {
        return response.json();
      }) : null;
      Promise.all([fetchJSON(link.href), labels]).then(function (loadedFiles) {
        var data = JSON.parse(loadedFiles[0]), text = loadedFiles[0];
        var file = kind === "csv"
          ? new Blob([csvText(data, loadedFiles[1])], { type: "text/csv;charset=utf-8" })
          : new Blob([text.slice(0, text.lastIndexOf(',"exact":')) + "}"], { type: "application/json;charset=utf-8" });
        var anchor = document.createElement("a");
        anchor.href = URL.createObjectURL(file);
        anchor.download = decodeURIComponent(link.pathname.split("/").slice(-2)[0]) + "." + kind;  // the report's id
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
        setTimeout(function () { URL.revokeObjectURL(anchor.href); }, 10000);
      }).catch(function () { window.location.href = link.href; });  // the file as it is, then
    });
  }

  window.ogi = { inflate: inflate, fetchJSON: fetchJSON, csvText: csvText };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("a[data-ogi-save]").forEach(save);
    parts(document.querySelectorAll("details[data-ogi-part]"));
  });
})();
