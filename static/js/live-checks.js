// Live copy-desk checks in the article editor: after a pause in typing, the unsaved text is checked on
// the server (no page reload); flags are listed beside the editor and highlighted in it (CSS Custom
// Highlight API, which leaves the editable DOM alone). "Use" applies a suggestion; "Find" selects the text.
// When the editor holds the saved version, each flag can also be dismissed ("Dismiss…": the newsroom's preset
// reasons, or another) or made a claim, through triage.js's window.Triage (fetch, anchored to that version).
(function () {
  "use strict";
  var form = document.getElementById("article-form");
  var panel = document.getElementById("live-flags");
  if (!form || !panel || !form.dataset.checkUrl) return;
  var list = panel.querySelector(".live-flag-list");
  var status = panel.querySelector(".live-status");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var textarea = form.querySelector("textarea[data-rich-editor]");
  var headline = form.querySelector("input[name=headline]");
  var dateline = form.querySelector("input[name=dateline_date]");
  var PAUSE = 1200;
  var timer = null;
  var seq = 0;
  var current = { flags: [], map: null, elements: [] };
  var notice = ""; // what the last dismissal or claim said: shown with the next check's counts

  function handle() { return window.RichEditor && textarea ? window.RichEditor.get(textarea) : null; }

  function schedule() {
    clearTimeout(timer);
    status.textContent = "Checking after you pause…";
    timer = setTimeout(run, PAUSE);
  }

  function run() {
    var mine = ++seq;
    var payload = { body_html: textarea.value, headline: headline ? headline.value : "" };
    if (dateline && dateline.value) payload.dateline_date = dateline.value;
    fetch(form.dataset.checkUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(payload),
    }).then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (res) {
        if (mine !== seq) return; // a newer check is on its way
        if (!res.ok) { status.textContent = (res.data.error && res.data.error.message) || "The check failed."; return; }
        render(res.data);
      })
      .catch(function () { if (mine === seq) status.textContent = "Could not reach the server; your text is safe in the editor."; });
  }

  function render(data) {
    var h = handle();
    var map = h ? window.EditorialTextMap.build(h.element) : null;
    current = { flags: data.flags, map: map && map.text === data.body_text ? map : null, elements: [],
                saved: !!data.saved, version: data.version };
    var savedHelp = panel.querySelector(".live-saved-help");
    if (savedHelp) savedHelp.hidden = current.saved;
    list.textContent = "";
    var counts = { error: 0, warning: 0, info: 0 };
    var groups = {}; // category → its <ul>, in order of first appearance
    data.flags.forEach(function (flag, index) {
      counts[flag.severity] += 1;
      if (!groups[flag.category]) {
        var group = document.createElement("li");
        group.className = "live-group";
        var title = document.createElement("h3");
        title.textContent = flag.category.charAt(0).toUpperCase() + flag.category.slice(1) + " ";
        var count = document.createElement("span");
        count.className = "count";
        title.appendChild(count);
        group.appendChild(title);
        groups[flag.category] = document.createElement("ul");
        groups[flag.category].className = "flag-list";
        group.appendChild(groups[flag.category]);
        list.appendChild(group);
      }
      var element = item(flag, index);
      current.elements[index] = element;
      groups[flag.category].appendChild(element);
      var counter = groups[flag.category].parentNode.querySelector(".count");
      counter.textContent = String(groups[flag.category].children.length);
    });
    var where = current.saved ? " in the saved text" : " in the unsaved text";
    status.textContent = (notice ? notice + " " : "") + (data.flags.length
      ? plural(counts.error, "error") + ", " + plural(counts.warning, "warning") + ", " + plural(counts.info, "note") + where
      : "The checks find nothing" + where + ".");
    notice = "";
    highlight();
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function item(flag, index) {
    var li = document.createElement("li");
    li.className = "flag sev-" + flag.severity;
    var p = document.createElement("p");
    var sev = document.createElement("span");
    sev.className = "sev";
    sev.textContent = flag.severity;
    p.appendChild(sev);
    p.appendChild(document.createTextNode((flag.field === "headline" ? " headline: " : " ") + flag.message));
    li.appendChild(p);
    var q = document.createElement("p");
    q.className = "quote";
    q.textContent = "“" + (flag.text.length > 120 ? flag.text.slice(0, 120) + "…" : flag.text) + "”";
    li.appendChild(q);
    var actions = document.createElement("p");
    actions.className = "flag-actions";
    if (flag.field === "body" && current.map) {
      actions.appendChild(button("Find", "Find “" + flag.text.slice(0, 40) + "” in the text", function () { select(index); }));
      (flag.suggestions || []).slice(0, 3).forEach(function (s) {
        if (s) actions.appendChild(button("Use “" + s + "”", "Use “" + s + "” instead of “" + flag.text.slice(0, 40) + "”", function () { apply(index, s); }));
      });
    }
    if (panel.dataset.dictionaryUrl && (flag.category === "spelling" || flag.category === "consistency")) {
      actions.appendChild(button("Add to dictionary", "Add to dictionary: “" + flag.text + "”",
        function () { addWord(flag.text); }));
    }
    triageActions(flag, li, actions);
    if (actions.childNodes.length) li.appendChild(actions);
    return li;
  }

  // Dismiss… / Make it a claim on a flag of the saved text (the server maps the key at that version, or
  // refuses with 409 text_changed when the text moved on meanwhile).
  function triageActions(flag, li, actions) {
    if (!current.saved || !flag.key || !window.Triage) return;
    if (flag.dismissed) {
      li.classList.add("dismissed");
      var note = document.createElement("p");
      note.className = "dismissal";
      note.textContent = "Dismissed by " + flag.dismissed.by + ": " + flag.dismissed.reason;
      li.appendChild(note);
      return;
    }
    var shown = { key: flag.key, exact: flag.text, version: String(current.version) };
    var quote = "“" + flag.text.slice(0, 40) + "”";
    if (panel.dataset.claimUrl && flag.category === "claim" && flag.field === "body" && flag.unresolved) {
      actions.appendChild(button("Make it a claim", "Make it a claim: " + quote, function () {
        send(panel.dataset.claimUrl, { flag_key: flag.key, exact: flag.text, version: shown.version });
      }));
    }
    var dismiss = button("Dismiss…", "Dismiss… " + quote, function () {
      var presets = JSON.parse(panel.dataset.presets || "[]");
      window.Triage.picker(actions, presets, function (reason) {
        send(panel.dataset.dismissUrl, { key: shown.key, exact: shown.exact, version: shown.version, reason: reason });
      }, function () { dismiss.focus(); });
    });
    actions.appendChild(dismiss);
  }

  function send(url, fields) {
    status.textContent = "Saving…";
    window.Triage.post(url, fields).then(function (res) {
      if (!res.ok) {
        var error = (res.data && res.data.error) || {};
        status.textContent = error.code === "text_changed"
          ? "The saved text changed since these flags were checked (it is at version " + (error.version || "?") +
            " now): nothing was changed. Reload the editor to see the current text, then try again."
          : window.Triage.errorMessage(res);
        return;
      }
      notice = res.data.message;
      run();
    });
  }

  /** A button showing `label`, named `name`: the name starts with the label (what a speech-input user says). */
  function button(label, name, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button small";
    b.textContent = label;
    b.setAttribute("aria-label", name);
    b.addEventListener("click", onClick);
    return b;
  }

  function addWord(word) {
    var data = new FormData();
    data.append("csrf_token", csrf);
    data.append("word", word);
    fetch(panel.dataset.dictionaryUrl, {
      method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" }, body: data,
    }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = (res.body.error && res.body.error.message) || "Could not add the word."; return; }
        status.textContent = "“" + res.body.word + "” is in the newsroom dictionary now.";
        run();
      })
      .catch(function () { status.textContent = "Could not reach the server to add the word."; });
  }

  function rangeOf(index) {
    var flag = current.flags[index];
    return current.map && flag && flag.field === "body" ? current.map.range(flag.start, flag.end) : null;
  }

  function select(index) {
    var h = handle();
    var range = rangeOf(index);
    if (!h || !range) return;
    h.editor.focus();
    h.editor.setSelection(range);
    var target = range.startContainer.parentElement;
    if (target) target.scrollIntoView({ block: "center" });
  }

  function apply(index, suggestion) {
    var h = handle();
    var range = rangeOf(index);
    if (!h || !range) return;
    h.editor.focus();
    h.editor.setSelection(range);
    h.editor.insertPlainText(suggestion, false);
    // Squire fires "input"; rich-editor.js syncs the textarea and fires its input event, which re-checks.
  }

  function highlight() {
    if (!window.CSS || !CSS.highlights || typeof Highlight !== "function") return;
    ["error", "warning", "info"].forEach(function (sev) {
      var ranges = [];
      current.flags.forEach(function (flag, index) {
        if (flag.severity !== sev) return;
        var r = rangeOf(index);
        if (r) ranges.push(r);
      });
      CSS.highlights.set("flag-" + sev, new Highlight(...ranges));
    });
  }

  // Clicking or moving the caret onto flagged text shows that flag's message and suggestions.
  function atCaret() {
    var h = handle();
    if (!h || !current.map) return;
    var range = h.editor.getSelection();
    var index = current.map.indexOf(range.startContainer, range.startOffset);
    var found = null;
    current.flags.forEach(function (flag, i) {
      var here = flag.field === "body" && index >= flag.start && index <= flag.end;
      var element = current.elements[i];
      if (element) element.classList.toggle("current", here);
      if (here && !found) found = element;
    });
    if (found) found.scrollIntoView({ block: "nearest" });
  }

  textarea.addEventListener("input", schedule);
  function attach() { // rich-editor.js mounts on DOMContentLoaded, before this listener runs
    var mounted = handle();
    if (!mounted) return;
    mounted.editor.addEventListener("cursor", atCaret);
    mounted.editor.addEventListener("select", atCaret);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attach);
  else attach();
  if (headline) headline.addEventListener("input", schedule);
  if (dateline) dateline.addEventListener("change", schedule);
  run();
})();
