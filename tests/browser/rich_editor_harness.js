// Counts `input` events on the textarea, as an autosave script listening to the textarea only would.
(function () {
  "use strict";
  var textarea = document.getElementById("body");
  var out = document.getElementById("input-count");
  textarea.addEventListener("input", function () { out.value = String(Number(out.value) + 1); });
  document.getElementById("article").addEventListener("submit", function (event) { event.preventDefault(); });
})();
