// SkillGap: behaviour shared by every page. No inline script anywhere (CSP).
(function () {
  "use strict";

  // A text field with a limit ([data-char-count] naming the element that says
  // the limit) counts its characters there as one types: "12 / 2,000".
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined, { useGrouping: false });
  function countChars(field) {
    var place = document.getElementById(field.dataset.charCount);
    var counter = place && place.querySelector("[data-char-counter]");
    var max = Number(field.getAttribute("maxlength"));
    if (!counter || !max) return;
    counter.textContent = "(" + numbers.format(field.value.length) + " / " + numbers.format(max) + ")";
    counter.classList.toggle("is-full", field.value.length >= max);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-char-count]")) countChars(event.target);
  });
  document.querySelectorAll("[data-char-count]").forEach(countChars);

  // A form whose button says what it is doing ([data-busy] on the button,
  // e.g. signing in): once sent, the button says so, the form is busy and a
  // second press sends nothing more. Coming back to the page (the browser's
  // back button) makes it ready again.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = form.querySelector("button[data-busy]");
    if (event.defaultPrevented || !button) return;
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("aria-busy", "true");
    button.dataset.idle = button.textContent;
    button.textContent = button.dataset.busy;
    button.setAttribute("aria-disabled", "true");
    button.classList.add("is-busy");
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[aria-busy=true]").forEach(function (form) {
      var button = form.querySelector("button[data-busy]");
      form.removeAttribute("aria-busy");
      if (!button || button.dataset.idle === undefined) return;
      button.textContent = button.dataset.idle;
      button.removeAttribute("aria-disabled");
      button.classList.remove("is-busy");
    });
  });

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
