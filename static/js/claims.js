// Claims on the article page: highlight each claim's words (a colour per status), link text ↔ panel,
// filter the panel by status, and turn a selection in the body into a claim (or a re-attachment).
// Offsets are body_text offsets = Python string indices = code points; the <span data-o> runs
// (editorial/text.py) carry them. JS strings count UTF-16 units, so every length is converted.
(function () {
  "use strict";
  var body = document.getElementById("article-body");
  var panel = document.getElementById("claims");
  if (!body || !panel) return;

  var spans = window.BodyOffsets.spans(body);

  // -- highlights --------------------------------------------------------------------------------------
  var items = Array.prototype.slice.call(panel.querySelectorAll("li.claim[data-claim]"));
  items.forEach(function (item) {
    if (item.dataset.anchor === "orphaned") return;
    var start = parseInt(item.dataset.start, 10);
    var end = parseInt(item.dataset.end, 10);
    var label = item.querySelector(".claim-pill").textContent;
    window.BodyOffsets.wrap(spans, start, end, function () {
      var mark = document.createElement("mark");
      mark.className = "claim-mark claim-" + item.dataset.status;
      mark.dataset.claim = item.dataset.claim;
      mark.title = "Claim (" + label + "): " + item.dataset.summary;
      return mark;
    });
  });

  window.LinkedMarks.link({
    body: body, items: items, prefix: "claim", key: "claim", mark: "mark.claim-mark",
    reveal: function (item) { item.hidden = false; },
  });

  // -- filter by status --------------------------------------------------------------------------------
  var filter = panel.querySelector("[data-claim-filter]");
  var filterStatus = document.getElementById("claim-filter-status");
  if (filter) {
    filter.addEventListener("change", function () {
      var shown = 0;
      items.forEach(function (item) {
        item.hidden = !!filter.value && item.dataset.status !== filter.value;
        if (!item.hidden) shown++;
      });
      if (filterStatus) {
        filterStatus.textContent = filter.value
          ? shown + " of " + items.length + " claims shown (" + filter.options[filter.selectedIndex].text.replace(/\s*\(\d+\)$/, "") + ")"
          : "";
      }
    });
  }

  // -- a selection → a claim (selection-bar.js tracks the selection) --------------------------------------
  if (window.SelectionBar) {
    window.SelectionBar.feeds(document.getElementById("claim-from-selection"), document.getElementById("new-claim"),
                              "summary");
  }

  // re-attaching an orphan: the selected words
  Array.prototype.forEach.call(panel.querySelectorAll("form.reattach-form"), function (reattach) {
    reattach.addEventListener("mousedown", function (event) {
      if (event.target.closest("button")) event.preventDefault();
    });
    reattach.addEventListener("submit", function (event) {
      var found = window.SelectionBar ? window.SelectionBar.current() : null;
      var help = reattach.querySelector(".help");
      if (!found) {
        event.preventDefault();
        help.textContent = "Select the words in the article first, then press this button.";
        help.setAttribute("role", "alert");
        return;
      }
      reattach.querySelector("[name=start]").value = String(found.start);
      reattach.querySelector("[name=end]").value = String(found.end);
      reattach.querySelector("[name=exact]").value = found.text;
      reattach.querySelector("[name=version]").value = window.SelectionBar.version();
    });
  });
})();
