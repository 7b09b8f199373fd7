// The reports list: rows come from shards (one per year and province, in parts) listed in list/index.json
// (scripts/ogi/site/listing.py). The default order, filtered by year and province or not, is paged from the
// index's counts: a page loads the one or two parts it shows. Any other filter or sort loads the shards in
// scope, once. Filters, sort and page live in the address (?year=2023&province=江苏省&page=2).
(function () {
  "use strict";

  var table = document.getElementById("ogi-reports");
  if (!table) return;
  var form = document.getElementById("ogi-filters"), tbody = table.tBodies[0];
  var countText = document.getElementById("ogi-count"), pager = document.getElementById("ogi-pager");
  var pageText = document.getElementById("ogi-page");
  var FILTERS = ["year", "province", "level", "layout", "status", "q"];
  var NUMERIC = { year: 1, received: 1, processed: 1, granted_share: 1, failed: 1 };
  var collator = new Intl.Collator("zh");
  var index = null, parts = {}, loadedScope = null, scopeRows = null, sortedCache = {};
  var state = fromAddress(), drawn = 0;

  function fromAddress() {
    var query = new URLSearchParams(window.location.search), out = {};
    FILTERS.forEach(function (name) { out[name] = query.get(name) || ""; });
    out.sort = query.get("sort") || "";
    out.dir = query.get("dir") === "asc" ? "asc" : "desc";
    out.page = Math.max(1, parseInt(query.get("page"), 10) || 1);
    return out;
  }

  function toAddress() {
    var query = new URLSearchParams();
    FILTERS.forEach(function (name) { if (state[name]) query.set(name, state[name]); });
    if (state.sort) { query.set("sort", state.sort); query.set("dir", state.dir); }
    if (state.page > 1) query.set("page", state.page);
    var text = query.toString();
    history.replaceState(null, "", window.location.pathname + (text ? "?" + text : ""));
  }

  function fetchJson(file) {
    return fetch("list/" + file).then(function (response) {
      if (!response.ok) throw new Error(file + " " + response.status);
      return response.json();
    });
  }

  // --- Shards -----------------------------------------------------------------------------------------

  function provinceCode(name) {
    var found = index.provinces.filter(function (p) { return p[1] === name; })[0];
    return found ? found[0] : null;
  }

  function scopeShards() {   // the shards the year and province filters leave, in default order, with offsets
    var code = state.province ? provinceCode(state.province) : null, offset = 0;
    return index.shards.filter(function (s) {
      return (!state.year || String(s[0]) === state.year) && (!state.province || s[1] === code);
    }).map(function (s) {
      var shard = { year: s[0], code: s[1], count: s[2], file: s[3], offset: offset };
      offset += s[2];
      return shard;
    });
  }

  function loadPart(shard) {
    if (!parts[shard.file]) {
      parts[shard.file] = fetchJson(shard.file).then(function (rows) {
        var province = provinceName(shard.code);
        return rows.map(function (r, i) {
          return { id: r[0], organization: r[1], region: (shard.code === "000000" ? "" : province) + r[2],
                   level: r[3], layout: r[4], received: r[5], processed: r[6], granted_share: r[7], failed: r[8],
                   hant: r[9], year: shard.year, province: province, index: i, order: i };
        });
      });
    }
    return parts[shard.file];
  }

  function provinceName(code) {
    var found = index.provinces.filter(function (p) { return p[0] === code; })[0];
    return found ? found[1] : "";
  }

  function loadScope(shards) {   // every row in scope, in default order (cached per scope)
    var key = state.year + "|" + state.province;
    if (loadedScope === key) return Promise.resolve(scopeRows);
    countText.textContent = "正在载入" + shards.reduce(function (n, s) { return n + s.count; }, 0) + "份报告的数据……";
    return Promise.all(shards.map(loadPart)).then(function (lists) {
      scopeRows = [].concat.apply([], lists);
      scopeRows.forEach(function (r, i) { r.order = i; });   // the default order, ties' tie-breaker
      loadedScope = key; sortedCache = {};
      return scopeRows;
    });
  }

  // --- Filter and sort ----------------------------------------------------------------------------------

  function needsAllRows() {
    return Boolean(state.level || state.layout || state.status || state.q || state.sort);
  }

  function matches(r) {
    if (state.level && r.level !== state.level) return false;
    if (state.layout && r.layout !== state.layout) return false;
    if (state.status === "ok" && r.failed > 0) return false;
    if (state.status === "failed" && !(r.failed > 0)) return false;
    if (state.q && (r.organization + r.region).indexOf(state.q.trim()) < 0) return false;
    return true;
  }

  function label(kind, code) {
    var found = index[kind].filter(function (pair) { return pair[0] === code; })[0];
    return found ? found[1] : "";
  }

  function sorted(rows) {
    if (!state.sort) return rows;
    var key = state.sort + " " + state.dir;
    if (sortedCache[key]) return sortedCache[key];
    var field = state.sort, sign = state.dir === "asc" ? 1 : -1, numeric = NUMERIC[field];
    var value = field === "level" || field === "layout"
      ? function (r) { return label(field + "s", r[field]); } : function (r) { return r[field]; };
    var keyed = rows.map(function (r) { return { row: r, value: value(r) }; });
    keyed.sort(function (a, b) {
      var x = a.value, y = b.value;
      var missingX = x === null || x === undefined || x === "", missingY = y === null || y === undefined || y === "";
      if (missingX || missingY) return missingX === missingY ? a.row.order - b.row.order : (missingX ? 1 : -1);
      var c = numeric ? x - y : collator.compare(x, y);
      return c ? c * sign : a.row.order - b.row.order;
    });
    sortedCache[key] = keyed.map(function (k) { return k.row; });
    return sortedCache[key];
  }

  function selection() {   // → Promise of {count, rows on this page}; loads only what the page needs
    var shards = scopeShards(), size = index.page_rows;
    if (needsAllRows()) {
      return loadScope(shards).then(function (rows) {
        var shown = sorted(rows).filter(matches);
        return { count: shown.length, rows: shown.slice((state.page - 1) * size, state.page * size), all: shown };
      });
    }
    var total = shards.reduce(function (n, s) { return n + s.count; }, 0);
    var start = (state.page - 1) * size, end = Math.min(start + size, total);
    var needed = shards.filter(function (s) { return s.offset < end && s.offset + s.count > start; });
    return Promise.all(needed.map(loadPart)).then(function (lists) {
      var rows = [];
      lists.forEach(function (list, n) {
        var offset = needed[n].offset;
        list.forEach(function (r) { if (offset + r.index >= start && offset + r.index < end) rows.push(r); });
      });
      return { count: total, rows: rows };
    });
  }

  // --- Drawing ------------------------------------------------------------------------------------------

  function cell(tr, text, numeric) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);   // never parsed as HTML
    if (numeric) td.className = "ogi-num";
    tr.appendChild(td);
    return td;
  }

  function share(value) { return value === null || value === undefined ? "" : (value * 100).toFixed(1) + "%"; }

  function drawRows(rows) {
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      cell(tr, r.year, true);
      var td = document.createElement("td"), a = document.createElement("a");
      a.href = encodeURIComponent(r.id) + "/"; a.textContent = r.organization;
      if (r.hant) a.lang = "zh-Hant";   // a name as printed in a Traditional-script report
      td.appendChild(a); tr.appendChild(td);
      cell(tr, r.region); cell(tr, label("levels", r.level)); cell(tr, label("layouts", r.layout));
      cell(tr, r.received, true); cell(tr, r.processed, true); cell(tr, share(r.granted_share), true);
      var status = cell(tr, r.failed > 0 ? r.failed + "项" : "全部通过");
      if (r.failed > 0) status.className = "ogi-invalid";
      fragment.appendChild(tr);
    });
    tbody.textContent = "";
    tbody.appendChild(fragment);
  }

  function drawSortMarks() {
    table.querySelectorAll("th[data-key]").forEach(function (th) {
      var key = th.getAttribute("data-key");
      var active = state.sort ? state.sort === key : key === "year";
      if (active) th.setAttribute("aria-sort", state.sort && state.dir === "asc" ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
  }

  function draw() {
    var asked = ++drawn;
    toAddress();
    drawSortMarks();
    return selection().then(function (result) {
      if (asked !== drawn) return;   // a newer request is being drawn
      var pages = Math.max(1, Math.ceil(result.count / index.page_rows));
      if (state.page > pages) { state.page = pages; draw(); return; }
      countText.textContent = "共" + result.count + "份报告" + (result.count < index.total ? "（全部" + index.total + "份）" : "");
      drawRows(result.rows);
      pager.hidden = pages < 2;
      pageText.textContent = "第" + state.page + "页，共" + pages + "页";
      pager.querySelector("[data-page=first]").disabled = pager.querySelector("[data-page=previous]").disabled = state.page <= 1;
      pager.querySelector("[data-page=next]").disabled = pager.querySelector("[data-page=last]").disabled = state.page >= pages;
      pager.setAttribute("data-pages", pages);
      table.setAttribute("data-ready", "");
    }).catch(function (error) {
      countText.textContent = "列表数据载入失败（" + error.message + "），请刷新页面重试。";
    });
  }

  // --- CSV of the filtered rows (UTF-8 with BOM; text that a spreadsheet would run as a formula is quoted) --

  function csvField(value) {
    if (value === null || value === undefined) return "";
    var text = String(value);
    if (typeof value !== "number" && /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function exportCsv() {
    loadScope(scopeShards()).then(function (rows) {
      var shown = sorted(rows).filter(matches);
      var lines = [["报告编号", "年度", "发布机关", "省级", "地区", "层级", "格式", "新收申请", "办结", "予以公开率", "未通过校验数"].join(",")];
      shown.forEach(function (r) {
        lines.push([r.id, r.year, r.organization, r.province, r.region, label("levels", r.level), label("layouts", r.layout),
                    r.received, r.processed, r.granted_share, r.failed].map(csvField).join(","));
      });
      var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "ogi-reports" + (state.year ? "-" + state.year : "") + (state.province ? "-" + state.province : "") + ".csv";
      document.body.appendChild(link); link.click(); link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      countText.textContent = "共" + shown.length + "份报告（已导出）";
    });
  }

  // --- Controls -----------------------------------------------------------------------------------------

  function fillSelect(name, pairs) {
    var select = form.elements[name];
    pairs.forEach(function (pair) {
      var option = document.createElement("option");
      option.value = pair[0]; option.textContent = pair[1];
      select.appendChild(option);
    });
    select.value = state[name];
  }

  function listen() {
    form.addEventListener("input", function (event) {
      if (!event.target.name) return;
      state[event.target.name] = event.target.value;
      state.page = 1;
      draw();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    table.querySelectorAll("th[data-key] button").forEach(function (button) {
      button.addEventListener("click", function () {   // a <button>: Enter and Space sort from the keyboard
        var key = button.parentNode.getAttribute("data-key");
        var current = state.sort || "year";
        state.dir = key === current ? (state.dir === "asc" ? "desc" : "asc") : (NUMERIC[key] ? "desc" : "asc");
        state.sort = key; state.page = 1;
        draw();
      });
    });
    pager.addEventListener("click", function (event) {
      var which = event.target.getAttribute("data-page"), pages = Number(pager.getAttribute("data-pages"));
      if (!which) return;
      state.page = which === "first" ? 1 : which === "last" ? pages : state.page + (which === "next" ? 1 : -1);
      draw().then(function () { table.scrollIntoView({ block: "start" }); });
    });
    document.getElementById("ogi-export").addEventListener("click", exportCsv);
  }

  fetchJson("index.json").then(function (data) {
    index = data;
    var years = [];
    index.shards.forEach(function (s) { if (years.indexOf(s[0]) < 0) years.push(s[0]); });
    fillSelect("year", years.map(function (y) { return [String(y), y + "年"]; }));
    fillSelect("province", index.provinces.map(function (p) { return [p[1], p[1]]; }));
    fillSelect("level", index.levels);
    fillSelect("layout", index.layouts);
    form.elements.status.value = state.status;
    form.elements.q.value = state.q;
    listen();
    draw();
  });
})();
