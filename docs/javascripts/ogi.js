// Pagefind search with Chinese word segmentation.
(function () {
  "use strict";

  // Pagefind indexes Chinese by words; an unspaced query (政府信息公开) is split the same way first.
  function segment(term) {
    if (typeof Intl === "undefined" || !Intl.Segmenter) return term;
    var words = [];
    var segments = new Intl.Segmenter("zh", { granularity: "word" }).segment(term);
    for (var part of segments) { if (part.isWordLike) words.push(part.segment); }
    return words.length ? words.join(" ") : term;
  }

  function search(container) {
    if (typeof PagefindUI === "undefined") return;
    var ui = new PagefindUI({ element: container, showSubResults: false, processTerm: segment,
                              translations: { placeholder: "搜索机关、地名或报告内容" } });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("search");
    if (container) search(container);
  });
})();
