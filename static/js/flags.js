// Copy-desk flags on the article page: highlight each body flag in the text and link text ↔ list.
// The body is rendered with <span data-o="OFFSET"> runs whose text is exactly body_text[OFFSET…]
// (editorial/text.py), so a flag's start/end map onto the page without re-deriving any text.
(function () {
  "use strict";
  var body = document.getElementById("article-body");
  var panel = document.getElementById("flags");
  if (!body || !panel) return;

  var spans = Array.prototype.slice.call(body.querySelectorAll("span[data-o]")).map(function (el) {
    var start = parseInt(el.getAttribute("data-o"), 10);
    return { el: el, start: start, end: start + el.textContent.length };
  });

  function marksFor(item) {
    var start = parseInt(item.dataset.start, 10);
    var end = parseInt(item.dataset.end, 10);
    var made = [];
    spans.forEach(function (span) {
      var s = Math.max(start, span.start);
      var e = Math.min(end, span.end);
      if (s < e) made.push({ span: span, s: s, e: e });
    });
    return made;
  }

  var items = Array.prototype.slice.call(panel.querySelectorAll("li.flag[data-field=body]"));
  items.forEach(function (item) {
    item.dataset.severity = (item.className.match(/sev-(\w+)/) || [])[1] || "info";
  });
  // Overlapping flags: mark each character once, the most severe flag winning.
  var order = { error: 0, warning: 1, info: 2 };
  items.sort(function (a, b) { return order[a.dataset.severity] - order[b.dataset.severity]; });
  var taken = [];
  function free(s, e) {
    return taken.every(function (t) { return e <= t[0] || s >= t[1]; });
  }
  items.forEach(function (item) {
    marksFor(item).forEach(function (part) {
      if (!free(part.s, part.e)) return;
      taken.push([part.s, part.e]);
      // re-find the span: earlier marks split text nodes, so walk the span's current text nodes
      var walker = document.createTreeWalker(part.span.el, NodeFilter.SHOW_TEXT);
      var offset = part.span.start;
      var node;
      while ((node = walker.nextNode())) {
        var nStart = offset;
        var nEnd = offset + node.data.length;
        offset = nEnd;
        var s = Math.max(part.s, nStart);
        var e = Math.min(part.e, nEnd);
        if (s >= e || (node.parentNode && node.parentNode.tagName === "MARK")) continue;
        var range = document.createRange();
        range.setStart(node, s - nStart);
        range.setEnd(node, e - nStart);
        var mark = document.createElement("mark");
        mark.className = "flag-mark sev-" + item.dataset.severity + (item.classList.contains("dismissed") ? " dismissed" : "");
        mark.dataset.key = item.dataset.key;
        mark.title = item.querySelector("p").textContent.replace(/\s+/g, " ").trim();
        range.surroundContents(mark);
        break;
      }
    });
  });

  function focusItem(key) {
    var item = document.getElementById("flag-" + key);
    if (!item) return;
    var group = item.closest("details");
    if (group) group.open = true;
    item.scrollIntoView({ block: "center" });
    item.focus();
  }
  function showInText(key) {
    var mark = body.querySelector('mark[data-key="' + key + '"]');
    if (!mark) return;
    mark.scrollIntoView({ block: "center" });
    mark.classList.add("pulse");
    setTimeout(function () { mark.classList.remove("pulse"); }, 1500);
  }

  body.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.flag-mark");
    if (mark) focusItem(mark.dataset.key);
  });
  panel.addEventListener("click", function (event) {
    var button = event.target.closest("button.show-in-text");
    if (button) showInText(button.dataset.key);
  });
})();
