// Comments beside the editor. Their forms post with fetch and the server sends the panel back, so replying
// or resolving never leaves the page (and never loses unsaved text). Open threads' words are highlighted in
// the editor (CSS Custom Highlight API) and "Find" selects them, wherever the typing has moved them.
(function () {
  "use strict";
  var holder = document.getElementById("editor-comments");
  var form = document.getElementById("article-form");
  if (!holder || !form) return;
  var textarea = form.querySelector("textarea[data-rich-editor]");

  function handle() { return window.RichEditor && textarea ? window.RichEditor.get(textarea) : null; }

  // -- posting ------------------------------------------------------------------------------------------
  holder.addEventListener("submit", function (event) {
    var target = event.target;
    if (!target.matches("form")) return;
    event.preventDefault();
    var button = target.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(target.action, {
      method: "POST", credentials: "same-origin", body: new FormData(target),
      headers: { "X-Requested-With": "fetch" },
    }).then(function (r) {
      if (r.ok) return r.text().then(function (html) { replace(html); });
      return r.json().then(function (data) { problem(target, data.error || "That did not work."); });
    }).catch(function () {
      problem(target, "Could not reach the server; what you typed is still here.");
    }).then(function () { if (button) button.disabled = false; });
  });

  function replace(html) {
    var scratch = document.createElement("div");
    scratch.innerHTML = html; // our own server-rendered, escaped panel
    var fresh = scratch.querySelector("#comments");
    var old = document.getElementById("comments");
    if (fresh && old) old.replaceWith(fresh); // it says what was done, in a status line
    decorate();
  }

  function problem(target, message) {
    var note = target.querySelector(".error.from-server");
    if (!note) {
      note = document.createElement("p");
      note.className = "error from-server";
      note.setAttribute("role", "alert");
      target.appendChild(note);
    }
    note.textContent = message;
  }

  // -- finding a thread's words in the text as it is now -----------------------------------------------
  function locate(thread, map) {
    var exact = thread.dataset.exact;
    if (!exact || !map) return null;
    var hint = parseInt(thread.dataset.start, 10) || 0;
    var best = -1;
    for (var at = map.text.indexOf(exact); at !== -1; at = map.text.indexOf(exact, at + 1)) {
      if (best === -1 || Math.abs(at - hint) < Math.abs(best - hint)) best = at;
    }
    return best === -1 ? null : map.range(best, best + exact.length);
  }

  function openThreads() {
    return Array.prototype.slice.call(holder.querySelectorAll("div.thread[data-exact]:not(.resolved)"))
      .filter(function (t) { return t.dataset.anchor !== "orphaned"; });
  }

  function highlight() {
    var h = handle();
    if (!h || !window.CSS || !CSS.highlights || typeof Highlight !== "function") return;
    var map = window.EditorialTextMap.build(h.element);
    var ranges = openThreads().map(function (t) { return locate(t, map); }).filter(Boolean);
    CSS.highlights.set("comment", new Highlight(...ranges));
  }

  function decorate() {
    openThreads().forEach(function (thread) {
      var actions = thread.querySelector(".thread-actions");
      if (!actions || actions.querySelector(".find-comment")) return;
      var find = document.createElement("button");
      find.type = "button";
      find.className = "link-button find-comment";
      find.textContent = "Find in text";
      find.addEventListener("click", function () {
        var h = handle();
        var range = h ? locate(thread, window.EditorialTextMap.build(h.element)) : null;
        var note = thread.querySelector(".find-note");
        if (!range) {
          if (!note) {
            note = document.createElement("p");
            note.className = "help find-note";
            note.setAttribute("role", "status");
            actions.after(note);
          }
          note.textContent = "These words are not in the text as it is now.";
          return;
        }
        if (note) note.remove();
        h.editor.focus();
        h.editor.setSelection(range);
        if (range.startContainer.parentElement) range.startContainer.parentElement.scrollIntoView({ block: "center" });
      });
      actions.prepend(find);
    });
    highlight();
  }

  var timer = null;
  if (textarea) textarea.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(highlight, 400); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", decorate);
  else decorate();
})();
