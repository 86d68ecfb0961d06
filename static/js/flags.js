// Copy-desk flags on the article page: highlight each body flag in the text and link text ↔ list.
// The body is rendered with <span data-o="OFFSET"> runs whose text is exactly body_text[OFFSET…]
// (editorial/text.py), so a flag's start/end map onto the page without re-deriving any text
// (body-offsets.js converts between code points and the DOM's UTF-16).
(function () {
  "use strict";
  var body = document.getElementById("article-body");
  var panel = document.getElementById("flags");
  if (!body || !panel) return;

  var spans = window.BodyOffsets.spans(body);
  var items = Array.prototype.slice.call(panel.querySelectorAll("li.flag[data-field=body]"));
  items.forEach(function (item) {
    item.dataset.severity = (item.className.match(/sev-(\w+)/) || [])[1] || "info";
  });

  // Overlapping flags: each character is marked once, the most severe flag winning.
  var order = { error: 0, warning: 1, info: 2 };
  items.sort(function (a, b) { return order[a.dataset.severity] - order[b.dataset.severity]; });
  var taken = []; // [start, end) intervals already marked, in code points
  function freeParts(start, end) {
    var parts = [[start, end]];
    taken.forEach(function (t) {
      parts = parts.reduce(function (out, p) {
        if (t[1] <= p[0] || t[0] >= p[1]) out.push(p);
        else {
          if (p[0] < t[0]) out.push([p[0], t[0]]);
          if (t[1] < p[1]) out.push([t[1], p[1]]);
        }
        return out;
      }, []);
    });
    return parts;
  }
  items.forEach(function (item) {
    var start = parseInt(item.dataset.start, 10);
    var end = parseInt(item.dataset.end, 10);
    var title = item.querySelector("p").textContent.replace(/\s+/g, " ").trim();
    var className = "flag-mark sev-" + item.dataset.severity + (item.classList.contains("dismissed") ? " dismissed" : "");
    freeParts(start, end).forEach(function (part) {
      window.BodyOffsets.wrap(spans, part[0], part[1], function () {
        var mark = document.createElement("mark");
        mark.className = className;
        mark.dataset.key = item.dataset.key;
        mark.title = title;
        return mark;
      });
    });
    taken.push([start, end]);
  });

  function focusItem(key) {
    var item = document.getElementById("flag-" + key);
    if (!item) return;
    if (window.Workspace) { window.Workspace.showCard(item); return; }  // its tab, the margin scrolls
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
