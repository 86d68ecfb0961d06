// The publish box is sticky at the top of the article page. On a phone it folds its checklist away on load,
// so the bar stays one line and does not cover the text; without JS the checklist simply stays open.
(function () {
  "use strict";
  var details = document.getElementById("readiness-details");
  if (details && window.matchMedia("(max-width: 40rem)").matches) details.open = false;
})();
