// The bar that appears when words of the article body are selected: it quotes them and holds the buttons
// that act on them ("Comment on selection", "Create claim from selection"; claims.js and comments.js wire
// them with SelectionBar.feeds). SelectionBar.current() gives the selection in body_text offsets, or the
// last one made.
(function () {
  "use strict";
  var body = document.getElementById("article-body");
  var bar = document.getElementById("selection-bar");
  if (!body) return;
  var spans = window.BodyOffsets.spans(body);
  var quote = document.getElementById("selection-quote");
  var last = null;

  function current() { return window.BodyOffsets.selection(body, spans) || last; }

  document.addEventListener("selectionchange", function () {
    var found = window.BodyOffsets.selection(body, spans);
    if (found) {
      last = found;
      if (bar) {
        quote.textContent = "“" + (found.text.length > 140 ? found.text.slice(0, 137) + "…" : found.text) + "”";
        bar.hidden = false;
      }
    } else if (bar && !bar.contains(document.activeElement)) {
      bar.hidden = true;
    }
  });
  // keep the selection when a button of the bar is pressed with the mouse
  if (bar) bar.addEventListener("mousedown", function (event) { event.preventDefault(); });

  function hide() { if (bar) bar.hidden = true; }

  /** The version of the text the page shows: offsets are into it, and the server maps them from it. */
  function version() { return body.getAttribute("data-version") || ""; }

  /** Pressing `button` puts the selection into `form` (its start, end, exact and version fields) and focuses
   *  the field named `focusName`; typing other words into `exact` then means "find these words". */
  function feeds(button, form, focusName) {
    if (!button || !form) return;
    var startField = form.querySelector("[name=start]");
    var endField = form.querySelector("[name=end]");
    var exactField = form.querySelector("[name=exact]");
    var versionField = form.querySelector("[name=version]");
    button.addEventListener("click", function () {
      var found = current();
      if (!found) return;
      startField.value = String(found.start);
      endField.value = String(found.end);
      exactField.value = found.text;
      if (versionField) versionField.value = version();
      hide();
      form.scrollIntoView({ block: "center" });
      form.querySelector("[name=" + focusName + "]").focus();
    });
    exactField.addEventListener("input", function () { startField.value = endField.value = ""; });
  }

  window.SelectionBar = { current: current, hide: hide, feeds: feeds, version: version };
})();
