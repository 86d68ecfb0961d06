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

  function focusClaim(id) {
    var item = document.getElementById("claim-" + id);
    if (!item) return;
    items.forEach(function (other) { other.classList.remove("current"); });
    item.hidden = false;
    item.classList.add("current");
    item.scrollIntoView({ block: "center" });
    item.focus();
  }
  function showInText(id) {
    var marks = body.querySelectorAll('mark.claim-mark[data-claim="' + id + '"]');
    if (!marks.length) return;
    marks[0].scrollIntoView({ block: "center" });
    Array.prototype.forEach.call(marks, function (m) { m.classList.add("pulse"); });
    setTimeout(function () {
      Array.prototype.forEach.call(marks, function (m) { m.classList.remove("pulse"); });
    }, 1500);
  }
  // capture phase: a claim's words win over a copy-desk flag mark around them (flags.js listens on bubble)
  body.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.claim-mark");
    if (!mark) return;
    event.stopPropagation();
    focusClaim(mark.dataset.claim);
  }, true);
  panel.addEventListener("click", function (event) {
    var button = event.target.closest("button.show-claim");
    if (button) showInText(button.dataset.claim);
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
  var form = document.getElementById("new-claim");
  var claimButton = document.getElementById("claim-from-selection");
  if (claimButton && form && window.SelectionBar) {
    var startField = form.querySelector("[name=start]");
    var endField = form.querySelector("[name=end]");
    var exactField = form.querySelector("[name=exact]");
    claimButton.addEventListener("click", function () {
      var found = window.SelectionBar.current();
      if (!found) return;
      startField.value = String(found.start);
      endField.value = String(found.end);
      exactField.value = found.text;
      window.SelectionBar.hide();
      form.scrollIntoView({ block: "center" });
      form.querySelector("[name=summary]").focus();
    });
    // typing other words means "find these words", not the old selection
    exactField.addEventListener("input", function () { startField.value = endField.value = ""; });
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
    });
  });

  // arriving at #claim-N (a readiness link, a flash after creating it): point at it
  var hash = window.location.hash.match(/^#claim-(\d+)$/);
  if (hash) focusClaim(hash[1]);
  document.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#claim-"]');
    if (link) {
      event.preventDefault();
      focusClaim(link.getAttribute("href").slice(7));
      showInText(link.getAttribute("href").slice(7));
    }
  });
})();
