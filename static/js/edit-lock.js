// Soft edit lock: while the editor is open, tell the server every 30 s (data-heartbeat) and show who else is
// editing, both ways: the holder sees who joined and who asks to take over (and hands over or keeps editing);
// the one who joined sees the holder, may ask them to hand over or take over, and sees their answer.
// Each page load has its own token (data-lock-token): the unlock this page sends as it goes frees the lock
// only if this page holds it, never the lock a reload of it has just taken.
// Also warns before leaving the page with unsaved changes, so nothing typed is lost by accident.
(function () {
  "use strict";
  var form = document.getElementById("article-form");
  if (!form) return;
  var csrf = form.querySelector("input[name=csrf_token]");
  var banner = document.getElementById("lock-banner");
  var holder = document.getElementById("lock-holder");
  var joinedBanner = document.getElementById("joined-banner");
  var joinedNames = document.getElementById("joined-names");
  var askedBanner = document.getElementById("asked-banner");
  var askedMessage = document.getElementById("asked-message");
  var askedReload = document.getElementById("asked-reload");
  var requestBanner = document.getElementById("request-banner");
  var requestName = document.getElementById("request-name");
  var requestUnsaved = document.getElementById("request-unsaved");
  var versionInput = form.querySelector("input[name=version]");
  var lockUrl = form.dataset.lockUrl;
  var unlockUrl = form.dataset.unlockUrl;
  var token = form.dataset.lockToken || "";
  var every = Number(form.dataset.heartbeat) > 0 ? Number(form.dataset.heartbeat) * 1000 : 30000;

  // A page sent back with a conflict or an error holds text that is not saved yet.
  var dirty = Boolean(document.querySelector(".notice.conflict, #article-form .has-error"));
  var submitting = false;

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRFToken": csrf.value, "Accept": "application/json" }
    });
  }

  function showAsked(asked, version) {
    if (!askedBanner) return;
    askedBanner.hidden = !asked;
    if (!asked) return;
    askedMessage.textContent = asked.message;
    // They saved before handing over: this page's text is older than theirs.
    askedReload.hidden = !(asked.answer === "handed_over" && versionInput && version > Number(versionInput.value));
  }

  function showRequest(requests) {
    if (!requestBanner) return;
    var first = requests && requests[0];
    requestBanner.hidden = !first;
    if (!first) return;
    requestName.textContent = first.name;
    requestBanner.querySelectorAll(".hand-over-to").forEach(function (el) { el.value = String(first.id); });
    requestUnsaved.hidden = !dirty;
  }

  function heartbeat() {
    var body = new URLSearchParams();
    body.append("token", token);
    post(lockUrl, body)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !banner) return;
        banner.hidden = !data.holder;
        if (data.holder) holder.textContent = data.holder;
        if (joinedBanner) {
          var names = data.joined || [];
          joinedBanner.hidden = names.length === 0;
          joinedNames.textContent = names.join(", ");
        }
        showRequest(data.requests || []);
        showAsked(data.asked, data.version);
      })
      .catch(function () { /* offline for a moment: the next beat retries */ });
  }
  if (lockUrl) {
    heartbeat();
    setInterval(heartbeat, every);
  }

  // Asking and declining stay on this page (what was typed stays too); without this script they are plain forms.
  function stayOnPage(formId, done) {
    var answerForm = document.getElementById(formId);
    if (!answerForm) return;
    answerForm.addEventListener("submit", function (event) {
      event.preventDefault();
      post(answerForm.action, new FormData(answerForm))
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (answer) {
          if (!answer.ok) {
            showAsked({ answer: "error", message: answer.data.error ? answer.data.error.message : "That did not work; try again." });
            return;
          }
          done(answer.data);
        })
        .catch(function () { showAsked({ answer: "error", message: "The server could not be reached; try again." }); });
    });
  }
  stayOnPage("ask-form", function (data) { showAsked(data.asked); });
  stayOnPage("keep-form", function () { requestBanner.hidden = true; });

  form.addEventListener("input", function () {
    dirty = true;
    if (requestUnsaved) requestUnsaved.hidden = false;
  });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) { event.preventDefault(); event.returnValue = ""; }
  });
  window.addEventListener("pagehide", function () {
    if (!unlockUrl || submitting || !navigator.sendBeacon) return;
    var data = new FormData();
    data.append("csrf_token", csrf.value);
    data.append("token", token);
    navigator.sendBeacon(unlockUrl, data);
  });
})();
