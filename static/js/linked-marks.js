// Items of a side panel (claims, comment threads) linked to their marks in the article body: clicking a mark
// focuses its item, "Show in text" pulses the marks, and #<prefix>-N links (readiness lines, redirects after
// posting) point at the item and its words. One copy of this wiring for every kind of anchored item.
(function () {
  "use strict";

  /** o: {body, items, prefix ("claim"), key (the data-* name on marks and buttons), mark (selector),
   *      yieldTo (a mark selector that wins when nested), reveal(item) (make a hidden item visible)} */
  function link(o) {
    function focus(id) {
      var item = document.getElementById(o.prefix + "-" + id);
      if (!item) return;
      o.items.forEach(function (other) { other.classList.remove("current"); });
      if (o.reveal) o.reveal(item);
      item.classList.add("current");
      if (window.Workspace) { window.Workspace.showCard(item); return; }  // its tab, the margin scrolls
      item.scrollIntoView({ block: "center" });
      item.focus();
    }
    function show(id) {
      var marks = o.body.querySelectorAll(o.mark + "[data-" + o.key + '="' + id + '"]');
      if (!marks.length) return;
      marks[0].scrollIntoView({ block: "center" });
      Array.prototype.forEach.call(marks, function (m) { m.classList.add("pulse"); });
      setTimeout(function () {
        Array.prototype.forEach.call(marks, function (m) { m.classList.remove("pulse"); });
      }, 1500);
    }
    // capture phase: these marks win over a copy-desk flag mark around them (flags.js listens on bubble)
    o.body.addEventListener("click", function (event) {
      var mark = event.target.closest(o.mark);
      if (!mark || (o.yieldTo && event.target.closest(o.yieldTo))) return;
      event.stopPropagation();
      focus(mark.dataset[o.key]);
    }, true);
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button.show-" + o.prefix);
      if (button) { show(button.dataset[o.key]); return; }
      var anchor = event.target.closest('a[href^="#' + o.prefix + '-"]');
      if (anchor) {
        event.preventDefault();
        var id = anchor.getAttribute("href").slice(o.prefix.length + 2);
        focus(id);
        show(id);
      }
    });
    var hash = window.location.hash.match(new RegExp("^#" + o.prefix + "-(\\d+)$"));
    if (hash) focus(hash[1]);
    return { focus: focus, show: show };
  }

  window.LinkedMarks = { link: link };
})();
