// The article page as a workspace. Without this script the flags, claims, comments and activity are sections
// one after the other beside (or under) the text. With it they are tabs (WAI-ARIA tabs: arrow keys, Home, End):
// on a wide screen in a margin that stays in view beside the text and scrolls on its own; on a narrower one in
// a bar at the bottom of the window whose tabs open a sheet (Close or Escape shut it; focus goes back to the tab).
// Clicking a card shows and highlights its words; flags.js and linked-marks.js (marks → cards) call
// Workspace.showCard so that the right tab opens and only the margin scrolls, not the text being read.
(function () {
  "use strict";
  var layout = document.querySelector(".article-layout");
  var cards = document.getElementById("workspace-cards");
  var tablist = document.getElementById("workspace-tabs");
  if (!layout || !cards || !tablist) return;
  var body = document.getElementById("article-body");
  var sheetTop = document.getElementById("workspace-sheet-top");
  var closeButton = document.getElementById("workspace-close");
  var publishBar = document.getElementById("publish-bar");
  var tabs = Array.prototype.slice.call(tablist.querySelectorAll("[role=tab]"));
  var panels = tabs.map(function (tab) { return document.getElementById(tab.getAttribute("aria-controls")); });
  if (panels.some(function (panel) { return !panel; })) return;
  var wide = window.matchMedia("(min-width: 68.75rem)");
  var calm = window.matchMedia("(prefers-reduced-motion: reduce)");
  var CARD = "li.flag[data-key], li.claim[data-claim], div.thread[data-thread]";
  var storeKey = "workspace-tab:" + window.location.pathname;

  layout.classList.add("workspace-on");
  tablist.hidden = false;
  if (sheetTop) sheetTop.hidden = false;
  panels.forEach(function (panel, i) {
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tabs[i].id);
    panel.classList.add("workspace-panel");
  });

  // -- the publish bar's height: the margin sticks just under it -------------------------------------------
  function measureBar() {
    if (publishBar) document.documentElement.style.setProperty("--publish-bar-h", publishBar.offsetHeight + "px");
  }
  measureBar();
  if (publishBar && window.ResizeObserver) new ResizeObserver(measureBar).observe(publishBar);

  // -- tabs -------------------------------------------------------------------------------------------------
  var current = 0;
  function select(index, focus, initial) {
    current = index;
    tabs.forEach(function (tab, i) {
      tab.setAttribute("aria-selected", String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
      panels[i].hidden = i !== index;
    });
    if (!initial) {
      try { window.sessionStorage.setItem(storeKey, tabs[index].id); } catch (e) { /* private mode: no memory */ }
    }
    if (focus) tabs[index].focus();
    syncExpanded();
  }
  function indexOf(panel) { return panels.indexOf(panel); }

  // -- the sheet (bar mode: below the wide breakpoint) ------------------------------------------------------
  function barMode() { return !wide.matches; }
  function isOpen() { return layout.classList.contains("sheet-open"); }
  function syncExpanded() {
    tabs.forEach(function (tab, i) {
      if (barMode()) tab.setAttribute("aria-expanded", String(isOpen() && i === current));
      else tab.removeAttribute("aria-expanded");
    });
  }
  function openSheet() {
    if (!barMode()) return;
    layout.classList.add("sheet-open");
    syncExpanded();
  }
  function closeSheet(returnFocus) {
    if (!isOpen()) return;
    layout.classList.remove("sheet-open");
    syncExpanded();
    if (returnFocus) tabs[current].focus();
  }
  wide.addEventListener("change", function () { layout.classList.remove("sheet-open"); syncExpanded(); });

  tablist.addEventListener("click", function (event) {
    var tab = event.target.closest("[role=tab]");
    if (!tab) return;
    var index = tabs.indexOf(tab);
    if (barMode() && isOpen() && index === current) { closeSheet(false); return; }
    select(index, false);
    openSheet();
  });
  tablist.addEventListener("keydown", function (event) {
    var index = tabs.indexOf(event.target);
    if (index < 0) return;
    var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select((next + tabs.length) % tabs.length, true);
  });
  if (closeButton) closeButton.addEventListener("click", function () { closeSheet(true); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented && isOpen()) closeSheet(true);
  });

  // -- cards and their words ----------------------------------------------------------------------------------
  function marksOf(card) {
    if (!body || !card) return [];
    var selector = card.matches("li.flag") ? 'mark.flag-mark[data-key="' + card.dataset.key + '"]'
      : card.matches("li.claim") ? 'mark.claim-mark[data-claim="' + card.dataset.claim + '"]'
      : 'mark.comment-mark[data-thread="' + card.dataset.thread + '"]';
    return Array.prototype.slice.call(body.querySelectorAll(selector));
  }
  function mark(card) {
    Array.prototype.forEach.call(cards.querySelectorAll(".current"), function (other) {
      if (other !== card && other.matches(CARD)) other.classList.remove("current");
    });
    card.classList.add("current");
    if (!body) return;
    Array.prototype.forEach.call(body.querySelectorAll("mark.selected"), function (m) { m.classList.remove("selected"); });
    marksOf(card).forEach(function (m) { m.classList.add("selected"); });
  }
  function scroller() { return barMode() ? panels[current] : cards; }
  /** Scrolls the margin (or the sheet) so that `card` sits in the part of it that is in the window. */
  function keepInView(card) {
    var box = scroller();
    var rect = box.getBoundingClientRect();
    var viewTop = Math.max(rect.top + (barMode() ? 0 : tablist.offsetHeight), 0);
    var room = Math.min(rect.bottom, window.innerHeight) - viewTop;
    var wanted = viewTop + Math.max(8, (room - card.offsetHeight) / 3);
    var top = box.scrollTop + card.getBoundingClientRect().top - wanted;
    box.scrollTo({ top: Math.max(0, top), behavior: calm.matches ? "auto" : "smooth" });
  }
  /** Shows `card` in its tab (opening the sheet on a phone), scrolls the margin to it and marks its words. */
  function showCard(card) {
    var panel = card.closest("[role=tabpanel]");
    if (panel && indexOf(panel) !== current) select(indexOf(panel), false);
    openSheet();
    for (var d = card.parentElement.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
    mark(card);
    keepInView(card);
    card.focus({ preventScroll: true });
  }
  /** Scrolls the text to the card's words and marks them; on a phone the sheet makes way. */
  function showWords(card) {
    var found = marksOf(card);
    mark(card);
    if (!found.length) return;
    closeSheet(false);
    found[0].scrollIntoView({ block: "center", behavior: calm.matches ? "auto" : "smooth" });
    found.forEach(function (m) { m.classList.add("pulse"); });
    setTimeout(function () { found.forEach(function (m) { m.classList.remove("pulse"); }); }, 1500);
  }

  // a click that ends a selection of words (for a claim or a comment) is not a click on a mark: no jump
  if (body) body.addEventListener("click", function (event) {
    var selection = window.getSelection && window.getSelection();
    if (selection && !selection.isCollapsed && String(selection).trim()) event.stopImmediatePropagation();
  }, true);

  var INTERACTIVE = "a, button, input, select, textarea, label, summary, form, details.dismiss";
  cards.addEventListener("click", function (event) {
    var card = event.target.closest(CARD);
    if (!card) return;
    var show = event.target.closest("button.show-in-text, button.show-claim, button.show-comment");
    if (show) {  // the panels' own "show in text" buttons scroll; the sheet makes way first, the tab keeps focus
      mark(card);
      if (isOpen()) closeSheet(true);
      return;
    }
    if (event.target.closest(INTERACTIVE) || (window.getSelection && String(window.getSelection()))) return;
    if (barMode()) { mark(card); return; }  // on a phone a tap reads the card; "Show in text" leaves the sheet
    showWords(card);
  });
  cards.addEventListener("focusin", function (event) {  // keyboard users (and triage) move through cards too
    var card = event.target.closest(CARD);
    if (card) mark(card);
  });

  // the selection bar's buttons fill the form in the Claims or Comments tab: show it first; the form is scrolled
  // into view in the margin (selection-bar.js), and the text being read stays where it was
  var readingAt = null;
  [["claim-from-selection", "new-claim"], ["comment-on-selection", "new-comment"]].forEach(function (pair) {
    var button = document.getElementById(pair[0]);
    var form = document.getElementById(pair[1]);
    if (!button || !form) return;
    button.addEventListener("click", function () {
      var panel = form.closest("[role=tabpanel]");
      if (panel) select(indexOf(panel), false);
      openSheet();
      readingAt = window.scrollY;
    }, true);
  });
  document.addEventListener("click", function () {  // after the button's own handlers
    if (readingAt !== null && window.scrollY !== readingAt) window.scrollTo(window.scrollX, readingAt);
    readingAt = null;
  });

  // links to a card or a panel (the checklist's reasons, #flags after a dismissal): open its tab first
  function panelFor(id) {
    var target = id && document.getElementById(id);
    var panel = target && (target.matches("[role=tabpanel]") ? target : target.closest("[role=tabpanel]"));
    return panel ? { target: target, panel: panel } : null;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    var found = link && panelFor(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!found) return;
    if (found.target.matches(CARD)) {
      event.preventDefault();
      if (window.location.hash !== "#" + found.target.id) window.history.pushState(null, "", "#" + found.target.id);
      showCard(found.target);
      if (!barMode()) showWords(found.target);
      return;
    }
    select(indexOf(found.panel), false);
    openSheet();
  }, true);

  // -- which tab first: the one the address points into, else the last one chosen here unless it has nothing
  // open any more, else the first holding something that blocks publishing, else the first with anything open
  var start = panelFor(decodeURIComponent(window.location.hash.slice(1)));
  var remembered = null;
  try { remembered = document.getElementById(window.sessionStorage.getItem(storeKey) || ""); } catch (e) { /* none */ }
  if (remembered && remembered.dataset.count === "0") remembered = null;
  var first = tabs.filter(function (tab) { return Number(tab.dataset.blocking) > 0; })[0]
    || tabs.filter(function (tab) { return Number(tab.dataset.count) > 0; })[0];
  if (start) select(indexOf(start.panel), false);
  else select(Math.max(0, tabs.indexOf(remembered || first || tabs[0])), false, true);
  if (start) {
    openSheet();
    if (start.target.matches(CARD)) {
      window.addEventListener("load", function () { showCard(start.target); });
    }
  }

  window.Workspace = { showCard: showCard, showWords: showWords, select: function (id) {
    var panel = document.getElementById(id);
    if (panel && indexOf(panel) >= 0) { select(indexOf(panel), false); openSheet(); }
  } };
})();
