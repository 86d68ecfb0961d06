// Comments on the article page: highlight the words each open thread is on, link text ↔ thread, and turn
// a selection into a new comment (the form then posts start/end; without this script it posts the quoted
// words, which the server finds in the text).
(function () {
  "use strict";
  var body = document.getElementById("article-body");
  var panel = document.getElementById("comments");
  if (!body || !panel) return;
  var spans = window.BodyOffsets.spans(body);
  var threads = Array.prototype.slice.call(panel.querySelectorAll("article.thread[data-start]"));

  threads.forEach(function (thread) {
    if (thread.dataset.anchor === "orphaned" || thread.classList.contains("resolved")) return;
    var start = parseInt(thread.dataset.start, 10);
    var end = parseInt(thread.dataset.end, 10);
    window.BodyOffsets.wrap(spans, start, end, function () {
      var mark = document.createElement("mark");
      mark.className = "comment-mark" + (thread.classList.contains("blocking") ? " blocking" : "");
      mark.dataset.thread = thread.dataset.thread;
      mark.title = "Comment: " + (thread.querySelector(".comment-body") || {}).textContent;
      return mark;
    });
  });

  function focusThread(id) {
    var thread = document.getElementById("comment-" + id);
    if (!thread) return;
    var details = thread.closest("details");
    if (details) details.open = true;
    threads.forEach(function (other) { other.classList.remove("current"); });
    thread.classList.add("current");
    thread.scrollIntoView({ block: "center" });
    thread.focus();
  }
  function showInText(id) {
    var marks = body.querySelectorAll('mark.comment-mark[data-thread="' + id + '"]');
    if (!marks.length) return;
    marks[0].scrollIntoView({ block: "center" });
    Array.prototype.forEach.call(marks, function (m) { m.classList.add("pulse"); });
    setTimeout(function () {
      Array.prototype.forEach.call(marks, function (m) { m.classList.remove("pulse"); });
    }, 1500);
  }
  // capture phase, like claims.js: the comment's words win over a flag mark around them
  body.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.comment-mark");
    if (!mark || event.target.closest("mark.claim-mark")) return;
    event.stopPropagation();
    focusThread(mark.dataset.thread);
  }, true);
  panel.addEventListener("click", function (event) {
    var button = event.target.closest("button.show-comment");
    if (button) showInText(button.dataset.thread);
  });

  // -- a selection → a new comment ------------------------------------------------------------------------
  var form = document.getElementById("new-comment");
  var button = document.getElementById("comment-on-selection");
  if (form && button && window.SelectionBar) {
    var startField = form.querySelector("[name=start]");
    var endField = form.querySelector("[name=end]");
    var exactField = form.querySelector("[name=exact]");
    button.addEventListener("click", function () {
      var found = window.SelectionBar.current();
      if (!found) return;
      startField.value = String(found.start);
      endField.value = String(found.end);
      exactField.value = found.text;
      window.SelectionBar.hide();
      form.scrollIntoView({ block: "center" });
      form.querySelector("[name=body]").focus();
    });
    exactField.addEventListener("input", function () { startField.value = endField.value = ""; });
  }

  // arriving at #comment-N (a readiness link, the redirect after posting): point at it
  var hash = window.location.hash.match(/^#comment-(\d+)$/);
  if (hash) focusThread(hash[1]);
  document.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#comment-"]');
    if (link) {
      event.preventDefault();
      var id = link.getAttribute("href").slice(9);
      focusThread(id);
      showInText(id);
    }
  });
})();
