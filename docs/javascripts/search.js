// The search page: /search/?q=QUERY (&year= &province= &level= &layout=).
// The query is folded with the index's own table (scripts/ogi/site/search.py writes it into meta.bin),
// so its character pairs are the index's. Only the shards of the query's terms (one in each partition of
// the index) and the fragments of the results shown are fetched; each result's text is checked for the
// whole phrase before it is shown.
(function () {
  "use strict";

  var FIRST = 10, MORE = 50;  // results shown at first, and added by each 「更多结果」
  var NAME = 1, TITLE = 2, PLACE = 4;
  var ROOT = new URL("../", document.currentScript.src).href;  // this file is javascripts/search.js
  var INDEX = ROOT + "search/idx/";

  // --- Files: gzip-compressed by the build, inflated by ogi.js (window.ogi.inflate, on every page) ------
  var inflate = window.ogi.inflate;

  var cache = {};
  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(INDEX + path).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.arrayBuffer();
      }).then(inflate);
    }
    return cache[path];
  }
  function loadJSON(path) {
    return load(path).then(function (bytes) { return JSON.parse(new TextDecoder().decode(bytes)); });
  }

  // --- Folding: the same steps as search.fold() in Python, with each folded unit's place in the original
  function Folder(spec) {
    var map = new Map(), from = Array.from(spec.from), to = Array.from(spec.to);
    from.forEach(function (ch, i) { map.set(ch, to[i]); });
    Object.keys(spec.other).forEach(function (ch) { map.set(ch, spec.other[ch]); });
    var word = new RegExp("^" + spec.word + "$", "u");
    var space = spec.space, boundary = spec.boundary;

    // → {s: folded text, start[i], end[i]: the original's code units that folded unit i came from}
    this.trace = function (text) {
      var out = [], start = [], end = [], i = 0;
      for (var ch of text) {
        var folded = map.has(ch) ? map.get(ch) : ch;
        for (var f of folded) {
          if (space.indexOf(f) >= 0) continue;
          var unit = word.test(f) ? f : boundary;
          if (unit === boundary && out.length && out[out.length - 1] === boundary) continue;
          for (var k = 0; k < unit.length; k++) { out.push(unit[k]); start.push(i); end.push(i + ch.length); }
        }
        i += ch.length;
      }
      return { s: out.join(""), start: start, end: end };
    };
    this.fold = function (text) { return this.trace(text).s; };
    // A query → its phrases: split at spaces (full-width too) and at punctuation, folded.
    this.phrases = function (query) {
      var self = this, out = [];
      query.split(/[\s\u3000]+/).forEach(function (part) {
        self.fold(part).split(boundary).forEach(function (p) { if (p && out.indexOf(p) < 0) out.push(p); });
      });
      return out;
    };
  }

  // --- Term index -------------------------------------------------------------------------------------
  function terms(phrase) {
    var points = Array.from(phrase, function (ch) { return ch.codePointAt(0); });
    if (points.length === 1) return [[points[0], 0]];
    var out = [];
    for (var i = 0; i + 1 < points.length; i++) out.push([points[i], points[i + 1]]);
    return out;
  }

  function Shard(bytes) {
    var pos = 0;
    function varint() {
      var value = 0, scale = 1, b;
      do { b = bytes[pos++]; value += (b & 0x7f) * scale; scale *= 128; } while (b & 0x80);
      return value;
    }
    var count = varint(), entries = new Map(), deltaBytes = 0, postings = 0;
    for (var t = 0; t < count; t++) {
      var c1 = varint(), c2 = varint(), n = varint(), size = varint();
      entries.set(c1 + ":" + c2, { n: n, at: deltaBytes, mask: postings });
      deltaBytes += size; postings += n;
    }
    var deltas = pos, masks = pos + deltaBytes;
    // → Map doc ordinal → field mask, or null when the term is not in the index
    this.postings = function (c1, c2) {
      var entry = entries.get(c1 + ":" + c2);
      if (!entry) return null;
      var out = new Map(), doc = 0;
      pos = deltas + entry.at;
      for (var i = 0; i < entry.n; i++) { doc += varint(); out.set(doc, bytes[masks + entry.mask + i]); }
      return out;
    };
  }

  // The index is split into partitions (meta.partitions: documents and shards of each); documents are
  // numbered within their partition, and here by their place in the whole (partition offset + number).
  function offsets(meta) {
    var at = 0;
    return meta.partitions.map(function (p) { var first = at; at += p.documents; return first; });
  }

  function shard(meta, part, term) {
    var n = (term[0] * meta.multiplier + term[1]) % meta.partitions[part].shards;
    var key = "t/" + part + "." + n + ".bin";
    if (!cache["shard:" + key]) {
      cache["shard:" + key] = load(key).then(function (bytes) { return new Shard(bytes); });
    }
    return cache["shard:" + key];
  }

  // Map document → field mask of a term, over every partition (null: the term is in none).
  function postings(meta, term) {
    var first = offsets(meta);
    return Promise.all(meta.partitions.map(function (_, part) {
      return shard(meta, part, term).then(function (s) { return s.postings(term[0], term[1]); });
    })).then(function (lists) {
      var out = new Map(), any = false;
      lists.forEach(function (list, part) {
        if (!list) return;
        any = true;
        list.forEach(function (mask, doc) { out.set(first[part] + doc, mask); });
      });
      return any ? out : null;
    });
  }

  // A document's fragment: in d/<partition>.<file>.bin, meta.fragments_per_file to a file. A report's entry
  // is its address: its title, place and text come from its data file (reports/<id>/data.json.gz).
  function fragment(meta, doc) {
    var first = offsets(meta), part = first.length - 1;
    while (first[part] > doc) part--;
    var local = doc - first[part], size = meta.fragments_per_file;
    return loadJSON("d/" + part + "." + Math.floor(local / size) + ".bin").then(function (entries) {
      var entry = entries[local % size];
      return typeof entry === "string" ? reportFragment(entry) : entry;
    });
  }

  var PLACE = ["province", "prefecture", "county", "township"];
  function reportFragment(url) {
    return window.ogi.fetchJSON(ROOT + url + "data.json.gz").then(function (text) {
      var data = JSON.parse(text), r = data.report, f = data.sections.fields;
      var sections = data.sections.rows.map(function (values) {
        return { section: values[f.indexOf("section")], heading: values[f.indexOf("heading")], text: values[f.indexOf("text")] };
      }).sort(function (a, b) { return a.section - b.section; });
      return {
        url: url, title: r.title || r.organization, name: r.organization || "", year: r.year, kind: "report",
        place: PLACE.map(function (k) { return r[k]; }).filter(Boolean).join(" "),
        text: sections.map(function (s) { return [s.heading || "", s.text || ""]; })
      };
    });
  }

  function intersect(lists) {  // lists of Map doc → mask; → Map doc → AND of the masks
    if (lists.some(function (l) { return l === null; })) return new Map();
    lists.sort(function (a, b) { return a.size - b.size; });
    var out = new Map(lists[0]);
    lists.slice(1).forEach(function (list) {
      out.forEach(function (mask, doc) {
        if (list.has(doc)) out.set(doc, mask & list.get(doc)); else out.delete(doc);
      });
    });
    return out;
  }

  // Documents holding every term of every phrase, each with its rank tier.
  function candidates(meta, phrases) {
    return Promise.all(phrases.map(function (phrase) {
      return Promise.all(terms(phrase).map(function (term) { return postings(meta, term); })).then(intersect);
    })).then(function (perPhrase) {
      var docs = intersect(perPhrase.slice()), cols = meta.columns, out = [];
      docs.forEach(function (_, doc) {
        out.push({ doc: doc, tier: tier(cols, doc, phrases, perPhrase) });
      });
      out.sort(function (a, b) {
        return a.tier - b.tier || cols.year[b.doc] - cols.year[a.doc] || a.doc - b.doc;
      });
      return out;
    });
  }

  // 0 the body's exact name, 1 in the name or title, 2 in the place, 3 in the text; site pages after.
  function tier(cols, doc, phrases, perPhrase) {
    if (cols.kind[doc] !== 0) return 5;
    var masks = perPhrase.map(function (list) { return list.get(doc); });
    var all = masks.reduce(function (a, b) { return a & b; });
    if (phrases.length === 1 && (all & NAME) && cols.name_length[doc] === Array.from(phrases[0]).length) return 0;
    if (masks.every(function (m) { return m & (NAME | TITLE); })) return 1;
    if (masks.every(function (m) { return m & (NAME | TITLE | PLACE); })) return 2;
    return 3;
  }

  // --- Filters ------------------------------------------------------------------------------------------
  var FILTERS = ["year", "province", "level", "layout"];

  // A filter's value in the URL: the year, a province's name, a level's or layout's code.
  function filterCode(meta, name, value) {
    return name === "year" ? String(value) : meta.codes[name][value];
  }
  function filterLabel(meta, name, value) {
    return name === "year" ? value + " 年" : meta.labels[name][value];
  }

  function fillFilters(form, meta, found, chosen) {
    FILTERS.forEach(function (name) {
      var select = form.elements[name], counts = new Map();
      found.forEach(function (c) {
        var v = meta.columns[name][c.doc];
        if (meta.columns.kind[c.doc] === 0 && v !== -1) counts.set(v, (counts.get(v) || 0) + 1);
      });
      var values = Array.from(counts.keys());
      values.sort(function (a, b) {
        if (name === "year") return b - a;
        if (name === "province") return meta.labels.province[a].localeCompare(meta.labels.province[b], "zh");
        return a - b;
      });
      select.length = 1;  // keep 「全部」
      values.forEach(function (v) {
        select.add(new Option(filterLabel(meta, name, v) + "（" + counts.get(v) + "）", filterCode(meta, name, v)));
      });
      select.value = chosen[name];
      if (select.selectedIndex < 0) select.value = "";
      select.disabled = values.length === 0;
    });
  }

  function passes(meta, doc, form) {
    return FILTERS.every(function (name) {
      var v = form.elements[name].value;
      return v === "" || (meta.columns[name][doc] !== -1 && filterCode(meta, name, meta.columns[name][doc]) === v);
    });
  }

  // --- Showing results ------------------------------------------------------------------------------
  function fields(fragment) {
    return {
      name: fragment.name, title: fragment.title, place: fragment.place,
      body: fragment.text.map(function (pair) { return pair[0] + "\n" + pair[1]; }).join("\n")
    };
  }

  // The phrases' places in a text: sorted, non-overlapping [start, end) in the original's code units.
  function matches(folder, text, phrases) {
    var traced = folder.trace(text), out = [];
    phrases.forEach(function (p) {
      for (var i = traced.s.indexOf(p); i >= 0; i = traced.s.indexOf(p, i + 1)) {
        out.push([traced.start[i], traced.end[i + p.length - 1]]);
      }
    });
    out.sort(function (a, b) { return a[0] - b[0]; });
    return out.filter(function (m, i) { return i === 0 || m[0] >= out[i - 1][1]; });
  }

  function contains(folder, fragment, phrase) {
    var f = fields(fragment);
    return [f.name, f.title, f.place, f.body].some(function (t) { return folder.fold(t).indexOf(phrase) >= 0; });
  }

  // Text into `element`, the matches inside [from, to) marked; report text only ever goes in as text.
  function marked(element, text, found, from, to) {
    var at = from;
    found.forEach(function (m) {
      if (m[0] < from || m[1] > to) return;
      element.append(tidy(text.slice(at, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = tidy(text.slice(m[0], m[1]));
      element.append(mark);
      at = m[1];
    });
    element.append(tidy(text.slice(at, to)));
  }

  // Line breaks and the cell bars of tables flattened into text read as one space in an excerpt.
  function tidy(text) { return text.replace(/[\s|]+/g, " "); }

  // How much of the text around a match is Chinese prose (not a table's numbers and bars): 0…1.
  function prose(text, m) {
    var around = text.slice(Math.max(0, m[0] - 40), m[1] + 60);
    return (around.match(/[\u3400-\u9fff]/g) || []).length / Math.max(1, around.length);
  }

  function excerpt(element, folder, body, phrases) {
    var found = matches(folder, body, phrases);
    var best = found.slice(0, 50).reduce(function (a, m) { return prose(body, m) > prose(body, a) ? m : a; },
                                         found[0] || [0, 0]);
    var from = Math.max(0, best[0] - 40), to = Math.min(body.length, best[1] + 100);
    if (from > 0) element.append("…");
    marked(element, body, found, from, to);
    if (to < body.length) element.append("…");
  }

  function resultItem(meta, folder, fragment, phrases, doc) {
    var li = document.createElement("li"), link = document.createElement("a");
    link.href = ROOT + fragment.url;
    marked(link, fragment.title, matches(folder, fragment.title, phrases), 0, fragment.title.length);
    var heading = document.createElement("h3");
    heading.appendChild(link);
    li.appendChild(heading);
    if (fragment.kind === "report") {
      var facts = document.createElement("p"), cols = meta.columns;
      facts.className = "ogi-search-facts";
      var parts = [fragment.year + " 年", fragment.name, fragment.place,
                   meta.labels.level[cols.level[doc]], meta.labels.layout[cols.layout[doc]]];
      facts.textContent = parts.filter(Boolean).join(" · ");
      li.appendChild(facts);
    } else {
      li.className = "ogi-search-page";
    }
    var text = document.createElement("p");
    text.className = "ogi-search-excerpt";
    excerpt(text, folder, fields(fragment).body, phrases);
    li.appendChild(text);
    return li;
  }

  // --- The page -------------------------------------------------------------------------------------
  function start(form) {
    var status = document.getElementById("ogi-search-status");
    var list = document.getElementById("ogi-search-results");
    var more = document.getElementById("ogi-search-more");
    var params = new URLSearchParams(window.location.search);
    var query = (params.get("q") || "").trim();
    form.elements.q.value = query;
    if (!query) { status.textContent = "请输入机关名称、地名或报告中的词句。"; return; }
    status.textContent = "正在搜索……";
    var meta, folder, phrases, found = [], shown = 0, dropped = 0, loading = false, generation = 0;
    var chosen = {};
    FILTERS.forEach(function (name) { chosen[name] = params.get(name) || ""; });

    function visible() {
      return found.filter(function (c) { return passes(meta, c.doc, form); });
    }

    function say() {
      var total = visible().length - dropped;
      var words = "「" + query + "」";
      status.textContent = total > 0 ? "找到 " + total + " 个包含" + words + "的结果。"
                                      : "没有找到包含" + words + "的结果。";
    }

    // Fetch fragments in order until `wanted` more verified results are shown (or none are left).
    function showMore() {
      if (loading) return;
      loading = true;
      more.hidden = true;
      list.setAttribute("aria-busy", "true");
      var pending = visible().slice(shown), added = 0, run = generation;
      var wanted = shown === 0 ? FIRST : MORE;
      function step() {
        if (run !== generation) return;  // the filters changed: render() has started over
        if (added >= wanted || pending.length === 0) {
          loading = false;
          list.removeAttribute("aria-busy");
          say();
          more.hidden = pending.length === 0;
          return;
        }
        var batch = pending.splice(0, wanted - added);
        Promise.all(batch.map(function (c) { return fragment(meta, c.doc); })).then(function (fragments) {
          if (run !== generation) return;
          fragments.forEach(function (fragment, i) {
            shown++;
            var real = phrases.every(function (p) { return contains(folder, fragment, p); });
            if (!real) { dropped++; return; }
            list.appendChild(resultItem(meta, folder, fragment, phrases, batch[i].doc));
            added++;
          });
          step();
        }).catch(fail);
      }
      step();
    }

    function render() {
      generation++;
      loading = false;
      list.textContent = "";
      shown = 0; dropped = 0;
      showMore();
    }

    function fail(error) {
      status.textContent = "搜索出错：无法读取索引文件（" + error.message + "）。";
    }

    more.addEventListener("click", showMore);
    FILTERS.forEach(function (name) {
      form.elements[name].addEventListener("change", function () {
        var url = new URL(window.location.href);
        FILTERS.forEach(function (n) {
          if (form.elements[n].value) url.searchParams.set(n, form.elements[n].value); else url.searchParams.delete(n);
        });
        window.history.replaceState(null, "", url);
        render();
      });
    });

    loadJSON("meta.bin").then(function (m) {
      meta = m;
      folder = new Folder(meta.fold);
      phrases = folder.phrases(query);
      if (!phrases.length) { status.textContent = "请输入汉字、字母或数字。"; return null; }
      return candidates(meta, phrases).then(function (result) {
        found = result;
        fillFilters(form, meta, found, chosen);
        render();
      });
    }).catch(fail);
  }

  // The folding and the index files, for the tests that compare the browser's folding with Python's.
  window.ogiSearch = { Folder: Folder, loadJSON: loadJSON };

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("ogi-search");
    if (form) start(form);
  });
})();
