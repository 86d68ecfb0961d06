// Comments on the article page: highlight the words each open thread is on, link text ↔ thread, and turn
// a selection into a new comment (the form then posts start/end; without this script it posts the quoted
// words, which the server finds in the text).
(function () {
  "use strict";
  var body = document.getElementById("article-body");
  var panel = document.getElementById("comments");
  if (!body || !panel) return;
  var spans = window.BodyOffsets.spans(body);
  var threads = Array.prototype.slice.call(panel.querySelectorAll("div.thread[data-start]"));

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

  window.LinkedMarks.link({
    body: body, items: threads, prefix: "comment", key: "thread", mark: "mark.comment-mark",
    yieldTo: "mark.claim-mark",  // a claim's words inside a comment's open the claim, as claims.js decides
    reveal: function (item) { var details = item.closest("details"); if (details) details.open = true; },
  });

  // -- a selection → a new comment ------------------------------------------------------------------------
  if (window.SelectionBar) {
    window.SelectionBar.feeds(document.getElementById("comment-on-selection"), document.getElementById("new-comment"),
                              "body");
  }
})();
