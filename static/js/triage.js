// Triage of statement-to-check flags at keyboard speed, without reloading the page.
// On the article page (#triage-list, templates/macros.html flag_panel): j/k or the arrow keys move through the
// list (roving tabindex), c makes a claim from the current flag, d opens a small picker (1–9: the newsroom's
// preset reasons; type for another, Enter to dismiss; Escape cancels), u undoes the last step; "Dismiss all N"
// forms dismiss a group. Each step posts the same form a browser without JavaScript posts, asking for JSON
// (Accept: application/json, CSRF header), and the answer's state updates the list, counts and highlights.
// window.Triage (post, picker) is shared with the editor page's live checks (live-checks.js).
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  /** POST `fields` ({name: value or [values]}, or a FormData) as a form, asking for JSON: {ok, status, data}. */
  function post(url, fields) {
    var body = fields instanceof FormData ? fields : new FormData();
    if (!(fields instanceof FormData)) {
      Object.keys(fields).forEach(function (name) {
        [].concat(fields[name]).forEach(function (value) { body.append(name, value); });
      });
    }
    if (!body.has("csrf_token")) body.append("csrf_token", csrfToken());
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() },
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    }, function () {
      return { ok: false, status: 0, data: { error: { message: "Could not reach the server: nothing was changed. Try again." } } };
    });
  }

  function errorMessage(res) {
    var error = (res.data && res.data.error) || {};
    if (error.code === "text_changed") {
      return (error.message || "The text changed.") + " Nothing was changed.";
    }
    return error.message || "That did not work (error " + res.status + "); nothing was changed.";
  }

  var openPicker = null;

  /** A small reason picker after `anchor`: 1–9 pick a preset, typing gives another reason (Enter dismisses),
   *  Escape cancels. onPick(reason) or onCancel() is called once, after the picker is gone. */
  function picker(anchor, presets, onPick, onCancel) {
    if (openPicker) openPicker.close();
    var box = document.createElement("div");
    box.className = "dismiss-picker";
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", "dismiss-picker-title");
    box.tabIndex = -1;
    var title = document.createElement("p");
    title.id = "dismiss-picker-title";
    title.className = "picker-title";
    title.textContent = "Dismiss: why can this stay? Press " + (presets.length > 1 ? "1–" + presets.length : "1") +
      ", or type a reason and press Enter. Escape cancels.";
    box.appendChild(title);
    var list = document.createElement("ol");
    list.className = "picker-presets";
    presets.forEach(function (reason, index) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button small";
      var key = document.createElement("kbd");
      key.textContent = String(index + 1);
      b.appendChild(key);
      b.appendChild(document.createTextNode(" " + reason));
      b.addEventListener("click", function () { done(reason); });
      li.appendChild(b);
      list.appendChild(li);
    });
    box.appendChild(list);
    var form = document.createElement("form");
    form.className = "picker-custom";
    var label = document.createElement("label");
    label.htmlFor = "dismiss-picker-reason";
    label.textContent = "Another reason";
    var input = document.createElement("input");
    input.id = "dismiss-picker-reason";
    input.className = "input";
    input.maxLength = 5000;
    input.autocomplete = "off";
    var submit = document.createElement("button");
    submit.type = "submit";
    submit.className = "button small";
    submit.textContent = "Dismiss";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button small";
    cancel.textContent = "Cancel";
    [label, input, submit, cancel].forEach(function (el) { form.appendChild(el); });
    box.appendChild(form);

    var finished = false;
    function close() {
      if (box.parentNode) box.parentNode.removeChild(box);
      if (openPicker && openPicker.box === box) openPicker = null;
    }
    function done(reason) {
      if (finished) return;
      finished = true;
      close();
      if (reason === null) onCancel(); else onPick(reason);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var reason = input.value.trim();
      if (reason) done(reason); else input.focus();
    });
    cancel.addEventListener("click", function () { done(null); });
    box.addEventListener("keydown", function (event) {
      event.stopPropagation(); // the page's own keys wait until the picker is gone
      if (event.key === "Escape") { event.preventDefault(); done(null); return; }
      if (event.target === input || event.ctrlKey || event.metaKey || event.altKey) return;
      var n = parseInt(event.key, 10);
      if (event.key.length === 1 && n >= 1 && n <= presets.length) {
        event.preventDefault();
        done(presets[n - 1]);
      } else if (event.key === "Enter" && event.target === box) {
        event.preventDefault();
        input.focus();
      } else if (event.key.length === 1 && event.key !== " " && event.target.tagName !== "BUTTON") {
        input.focus(); // typing starts another reason: the key lands in the field
      }
    });
    anchor.parentNode.insertBefore(box, anchor.nextSibling);
    openPicker = { box: box, close: function () { done(null); } };
    box.focus();
    return openPicker;
  }

  window.Triage = { post: post, picker: picker, errorMessage: errorMessage };

  // -- the article page's triage list ----------------------------------------------------------------------
  var list = document.getElementById("triage-list");
  var panel = document.getElementById("flags");
  if (!list || !panel) return;
  var presets = JSON.parse(list.dataset.presets || "[]");
  var hint = document.getElementById("triage-hint");
  var status = document.getElementById("triage-status");
  var undoButton = document.getElementById("triage-undo");
  var lastStep = null; // {url, fields, key, label}
  var busy = false;

  function items() { return Array.prototype.slice.call(list.querySelectorAll(":scope > li.flag")); }
  function isOpen(li) { return !li.classList.contains("dismissed") && !li.classList.contains("is-claimed"); }
  function currentItem() {
    var active = document.activeElement;
    var li = active && active.closest ? active.closest("li.flag") : null;
    return li && li.parentNode === list ? li : null;
  }

  function say(message) {
    status.textContent = message;
  }

  function setCurrent(li) {
    items().forEach(function (other) { other.tabIndex = other === li ? 0 : -1; });
  }

  function focus(li) {
    if (!li) return;
    var group = li.closest("details");
    if (group) group.open = true;
    setCurrent(li);
    li.focus();
    li.scrollIntoView({ block: "nearest" });
  }

  /** The next open flag after `li` (wrapping round), or null when every statement is triaged. */
  function nextOpen(li) {
    var all = items();
    var at = li ? all.indexOf(li) : -1;
    for (var i = 1; i <= all.length; i += 1) {
      var candidate = all[(at + i + all.length) % all.length];
      if (isOpen(candidate)) return candidate;
    }
    return null;
  }

  function move(step) {
    var all = items();
    var li = currentItem();
    if (!li) { focus(nextOpen(null) || all[0]); return; }
    var at = all.indexOf(li) + step;
    if (at >= 0 && at < all.length) focus(all[at]);
  }

  function afterStep(li) {
    var next = nextOpen(li);
    if (next) focus(next);
    else if (li) focus(li);
  }

  // -- the state the server answered: list, counts, highlights, checklist, group forms -------------------
  function apply(state) {
    if (!state || !state.flags) return;
    Array.prototype.forEach.call(panel.querySelectorAll("li.flag[data-key]"), function (li) {
      var info = state.flags[li.dataset.key];
      if (!info) return;
      showDismissal(li, info.dismissed);
      var marks = document.querySelectorAll('mark.flag-mark[data-key="' + li.dataset.key + '"]');
      var claimed = false;
      if (li.dataset.group !== undefined) {
        claimed = !info.dismissed && !info.unresolved;
        li.classList.toggle("is-claimed", claimed);
        var note = li.querySelector("p.claimed");
        var form = li.querySelector("form.make-claim");
        if (note) note.hidden = !claimed;
        if (form) form.hidden = claimed;
      }
      Array.prototype.forEach.call(marks, function (mark) {
        mark.classList.toggle("dismissed", !!info.dismissed);
        mark.classList.toggle("claimed", claimed);
      });
    });
    showChecklist(state.checklist);
    var claimCount = document.querySelector("#claims-title .count");
    if (claimCount && state.claims) {
      claimCount.textContent = state.claims.to_resolve ? state.claims.to_resolve + " to resolve"
        : state.claims.open ? "all resolved" : "none";
    }
    var count = document.getElementById("flags-count");
    if (count) count.textContent = state.open + " open" + (state.blocking ? ", " + state.blocking + " blocking" : "");
    Array.prototype.forEach.call(panel.querySelectorAll("form.bulk-dismiss"), function (form) {
      var open = items().filter(function (li) { return li.dataset.group === form.dataset.group && isOpen(li); });
      var label = open.length ? open[0].dataset.groupLabel : "";
      form.hidden = open.length < 2;
      form.querySelector(".bulk-count").textContent = String(open.length);
      var button = form.querySelector("button[type=submit]");
      button.textContent = "Dismiss all " + open.length;
      if (label) button.setAttribute("aria-label", "Dismiss all " + open.length + " “" + label + "” notes");
    });
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /** The checklist's claim line and the blocker counts of the publish box, as the server now sees them. */
  function showChecklist(checklist) {
    if (!checklist) return;
    var line = document.getElementById("ready-claims");
    if (line) {
      var blockers = line.querySelector("ul.blockers");
      if (!blockers) {
        blockers = document.createElement("ul");
        blockers.className = "blockers";
        line.appendChild(blockers);
      }
      blockers.textContent = "";
      checklist.claims.forEach(function (b) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + b.anchor;
        link.textContent = b.message;
        item.appendChild(link);
        blockers.appendChild(item);
      });
      blockers.hidden = !checklist.claims.length;
      var ok = !checklist.claims.length;
      line.classList.toggle("ok", ok);
      line.classList.toggle("blocking", !ok);
      var mark = line.querySelector(".check-status");
      if (mark) {
        mark.firstChild.textContent = ok ? "✓" : "✗";
        var spoken = mark.querySelector(".visually-hidden");
        if (spoken) spoken.textContent = ok ? " ok" : " blocking";
      }
    }
    var n = checklist.blockers;
    var summary = document.getElementById("readiness-summary");
    if (summary) summary.textContent = n ? "Checklist: " + plural(n, "item") + " blocking" : "Checklist: nothing blocks publishing";
    var open = document.querySelector(".publish-open");
    if (open) { open.textContent = plural(n, "item") + " open"; open.hidden = !n; }
    var blocked = document.querySelector(".publish-blocked");
    if (blocked && n) blocked.textContent = "Blocked by " + plural(n, "item");
  }

  // -- a claim made here: its card in the claim panel and its words marked, until undone ------------------
  function showClaim(claim) {
    var listEl = document.querySelector("#claims .claim-list");
    if (listEl) {
      var item = document.createElement("li");
      item.id = "claim-" + claim.id;
      item.className = "claim claim-" + claim.status + " anchor-anchored";
      item.tabIndex = -1;
      item.dataset.claim = String(claim.id);
      var head = document.createElement("p");
      head.className = "claim-head";
      var pill = document.createElement("span");
      pill.className = "claim-pill claim-" + claim.status;
      pill.textContent = claim.status_label;
      var link = document.createElement("a");
      link.href = claim.url;
      link.textContent = claim.summary;
      head.appendChild(pill);
      head.appendChild(document.createTextNode(" "));
      head.appendChild(link);
      item.appendChild(head);
      var note = document.createElement("p");
      note.className = "no-sources";
      note.textContent = "No sources yet.";
      item.appendChild(note);
      listEl.insertBefore(item, listEl.firstChild);
      var empty = document.querySelector("#claims > p.empty");
      if (empty) empty.hidden = true;
    }
    var body = document.getElementById("article-body");
    if (body && window.BodyOffsets) {
      window.BodyOffsets.wrap(window.BodyOffsets.spans(body), claim.start, claim.end, function () {
        var mark = document.createElement("mark");
        mark.className = "claim-mark claim-" + claim.status;
        mark.dataset.claim = String(claim.id);
        mark.title = "Claim (" + claim.status_label + "): " + claim.summary;
        return mark;
      });
    }
  }

  function removeClaim(id) {
    var item = document.getElementById("claim-" + id);
    if (item) item.parentNode.removeChild(item);
    Array.prototype.forEach.call(document.querySelectorAll('mark.claim-mark[data-claim="' + id + '"]'), function (mark) {
      while (mark.firstChild) mark.parentNode.insertBefore(mark.firstChild, mark);
      mark.parentNode.removeChild(mark);
    });
  }

  function showDismissal(li, dismissed) {
    var actions = li.querySelector(".flag-actions");
    var note = li.querySelector("p.dismissal");
    li.classList.toggle("dismissed", !!dismissed);
    if (dismissed) {
      if (!note) {
        note = document.createElement("p");
        note.className = "dismissal";
        li.appendChild(note);
      }
      note.textContent = "Dismissed by " + dismissed.by + ": " + dismissed.reason;
      if (actions) {
        actions.hidden = true;
        var open = actions.querySelector("details.dismiss");
        if (open) open.open = false;
      }
    } else {
      if (note && actions) note.parentNode.removeChild(note); // a dismissal loaded with the page has no form to restore
      if (actions) actions.hidden = false;
    }
  }

  function openCount() { return items().filter(isOpen).length; }

  function offerUndo(undo, fields, key, claimId) {
    lastStep = undo ? { url: undo.url, fields: fields, key: key, label: undo.label, claim: claimId } : null;
    undoButton.hidden = !lastStep;
    if (lastStep) undoButton.textContent = lastStep.label + " (u)";
  }

  function run(url, fields, li, after) {
    if (busy) { say("Still saving the last step…"); return; }
    busy = true;
    post(url, fields).then(function (res) {
      busy = false;
      if (!res.ok) { say(errorMessage(res)); if (li) focus(li); return; }
      apply(res.data.state);
      after(res.data);
    });
  }

  function remaining() {
    var n = openCount();
    return n ? " " + n + (n === 1 ? " statement" : " statements") + " to check." : " Every statement is triaged.";
  }

  // -- the steps -----------------------------------------------------------------------------------------
  function claim(li) {
    var form = li.querySelector("form.make-claim");
    if (!isOpen(li) || !form) {
      say(li.classList.contains("dismissed") ? "This flag is dismissed." : "A claim covers these words already.");
      return;
    }
    run(form.action, new FormData(form), li, function (data) { claimed(data, li); });
  }

  function claimed(data, li) {
    showClaim(data.claim);
    offerUndo(data.undo, {}, li.dataset.key, data.claim.id);
    say(data.message + remaining());
    afterStep(li);
  }

  function dismiss(li) {
    var form = li.querySelector("form.dismiss-form");
    if (!isOpen(li) || !form) {
      say(li.classList.contains("dismissed") ? "This flag is dismissed already." : "A claim covers these words: nothing to dismiss.");
      return;
    }
    var anchor = li.querySelector(".flag-actions") || li.lastElementChild;
    picker(anchor, presets, function (reason) {
      var fields = new FormData(form);
      fields.set("reason", reason);
      fields.delete("preset");
      run(form.action, fields, li, function (data) {
        offerUndo(data.undo, { dismissal: data.undo ? data.undo.dismissal : [] }, li.dataset.key);
        say(data.message + remaining());
        afterStep(li);
      });
    }, function () {
      say("Not dismissed.");
      focus(li);
    });
  }

  function dismissGroup(form) {
    var open = items().filter(function (li) { return li.dataset.group === form.dataset.group && isOpen(li); });
    if (!open.length) return;
    var fields = {
      version: form.querySelector("input[name=version]").value,
      reason: form.querySelector("select[name=reason]").value,
      key: [], exact: [],
    };
    open.forEach(function (li) {
      fields.key.push(li.dataset.key);
      fields.exact.push(li.querySelector("form.dismiss-form input[name=exact]").value);
    });
    run(form.action, fields, null, function (data) {
      offerUndo(data.undo, { dismissal: data.undo ? data.undo.dismissal : [] }, open[0].dataset.key);
      say(data.message + remaining());
      afterStep(open[open.length - 1]);
    });
  }

  function undo() {
    if (!lastStep) { say("Nothing to undo."); return; }
    var step = lastStep;
    run(step.url, step.fields, null, function (data) {
      if (step.claim) removeClaim(step.claim);
      offerUndo(null);
      say(data.message + remaining());
      focus(document.getElementById("flag-" + step.key));
    });
  }

  // -- wiring ---------------------------------------------------------------------------------------------
  function typing(target) {
    return !!(target && target.closest && (target.closest("input, textarea, select, [contenteditable]") || target.isContentEditable));
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var li = currentItem();
    var key = event.key;
    if (key === "j" || (li && key === "ArrowDown")) move(1);
    else if (key === "k" || (li && key === "ArrowUp")) move(-1);
    else if (li && key === "Home") focus(items()[0]);
    else if (li && key === "End") focus(items()[items().length - 1]);
    else if (li && key === "c") claim(li);
    else if (li && key === "d") dismiss(li);
    else if (key === "u" && lastStep) undo();
    else return;
    event.preventDefault();
  });
  list.addEventListener("focusin", function (event) {
    var li = event.target.closest("li.flag");
    if (li && li.parentNode === list) setCurrent(li);
  });
  panel.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList.contains("bulk-dismiss")) {
      event.preventDefault();
      dismissGroup(form);
    } else if (list.contains(form) && (form.classList.contains("make-claim") || form.classList.contains("dismiss-form"))) {
      event.preventDefault();
      var li = form.closest("li.flag");
      var fields = new FormData(form, event.submitter || undefined);
      var reason = (fields.get("reason") || "").trim() || (fields.get("preset") || "").trim();
      if (form.classList.contains("dismiss-form") && !reason) { form.querySelector("input[name=reason]").focus(); return; }
      run(form.action, fields, li, function (data) {
        if (data.claim) { claimed(data, li); return; }
        offerUndo(data.undo, { dismissal: data.undo ? data.undo.dismissal : [] }, li.dataset.key);
        say(data.message + remaining());
        afterStep(li);
      });
    }
  });
  undoButton.addEventListener("click", undo);

  items().forEach(function (li) { li.setAttribute("aria-describedby", "triage-hint"); });
  setCurrent(nextOpen(null) || items()[0]);
  hint.hidden = false;
})();
