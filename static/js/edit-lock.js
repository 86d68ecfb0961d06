// Soft edit lock: while the editor is open, tell the server every 30 s and show who else is editing, both
// ways: the holder sees who joined, the one who joined sees the holder (and may take over).
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
  var lockUrl = form.dataset.lockUrl;
  var unlockUrl = form.dataset.unlockUrl;

  function heartbeat() {
    if (!lockUrl) return;
    fetch(lockUrl, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf.value } })
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
      })
      .catch(function () { /* offline for a moment: the next beat retries */ });
  }
  if (lockUrl) {
    heartbeat();
    setInterval(heartbeat, 30000);
  }

  // A page sent back with a conflict or an error holds text that is not saved yet.
  var dirty = Boolean(document.querySelector(".notice.conflict, #article-form .has-error"));
  var submitting = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) { event.preventDefault(); event.returnValue = ""; }
  });
  window.addEventListener("pagehide", function () {
    if (!unlockUrl || submitting || !navigator.sendBeacon) return;
    var data = new FormData();
    data.append("csrf_token", csrf.value);
    navigator.sendBeacon(unlockUrl, data);
  });
})();
