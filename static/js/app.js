// SkillGap: behaviour shared by every page. No inline script anywhere (CSP).
(function () {
  "use strict";

  // htmx: a request that could not reach the server, or failed with a 5xx
  // (not swapped, see htmx-config in base.html), marks its element as not
  // saved and keeps what the user chose on screen.
  function markFailed(elt, message) {
    var row = elt.closest("[data-autosave]") || elt;
    row.classList.remove("is-saving");
    row.classList.add("is-failed");
    var status = row.querySelector("[data-save-status]");
    if (status) status.textContent = message;
  }

  document.addEventListener("htmx:sendError", function (event) {
    markFailed(event.detail.elt, document.body.dataset.networkError);
  });
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status >= 500) {
      markFailed(event.detail.elt, document.body.dataset.serverError);
    }
  });
})();
