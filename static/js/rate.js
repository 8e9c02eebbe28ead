// The rating page (templates/assessments/rate.html): every competency row
// saves on its own through htmx. No inline script anywhere (CSP).
(function () {
  "use strict";

  var form = document.getElementById("rating-form");
  if (!form || !window.htmx) return;
  document.documentElement.classList.add("autosave-on");

  function rowOf(elt) {
    return elt && elt.closest ? elt.closest("[data-autosave][data-prefix]") : null;
  }
  function count(row, key) {
    return Number(row.dataset[key] || 0);
  }
  function revisionInput(row) {
    return row.querySelector('input[name="' + CSS.escape(row.dataset.prefix + "-revision") + '"]');
  }

  // Every edit counts; a row is saved when the server has acknowledged its
  // latest edit. Capture phase, so the count moves before htmx sends.
  function edited(event) {
    var row = rowOf(event.target);
    if (row) row.dataset.edits = String(count(row, "edits") + 1);
  }
  form.addEventListener("input", edited, true);
  form.addEventListener("change", edited, true);

  // A row posts only its own fields, under the names of the public contract
  // (level, evidence, revision) rather than the whole page's prefixed names.
  document.addEventListener("htmx:configRequest", function (event) {
    var row = rowOf(event.detail.elt);
    if (!row || row !== event.detail.elt) return;
    var prefix = row.dataset.prefix + "-";
    var params = new FormData();
    row.querySelectorAll("input[name], textarea[name]").forEach(function (field) {
      if (field.disabled || field.name.indexOf(prefix) !== 0) return;
      if (field.type === "radio" && !field.checked) return;
      params.append(field.name.slice(prefix.length), field.value);
    });
    event.detail.parameters = params;
    row.dataset.sent = String(count(row, "edits"));
  });

  var leaving = false;
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.getResponseHeader("HX-Redirect")) leaving = true;
  });

  // An error answer that is not the row's own status line (an expired page's
  // 403, a 404) is said in the row instead of replacing it, so the row keeps
  // its revision and stays able to save.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var row = rowOf(event.detail.requestConfig && event.detail.requestConfig.elt);
    if (!row || !xhr || xhr.status < 400 || xhr.responseText.indexOf("data-save-status") !== -1) return;
    event.detail.shouldSwap = false;
    // A 5xx page (generic or a debug page) is not a message for the user.
    var text = xhr.status >= 500
      ? document.body.dataset.serverError
      : new DOMParser().parseFromString(xhr.responseText, "text/html").body.textContent.trim();
    var status = row.querySelector("[data-save-status]");
    if (status) status.textContent = text || document.body.dataset.networkError;
    row.classList.add("is-failed");
  });

  // 2xx: saved (the server's status line is swapped in); 4xx: the row keeps
  // the user's choice and shows why it was not saved. 5xx and network errors
  // are marked by app.js.
  document.addEventListener("htmx:afterRequest", function (event) {
    var row = rowOf(event.detail.elt);
    if (!row || row !== event.detail.elt) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 200 && status < 300) {
      row.classList.remove("is-failed", "is-missing");
      row.dataset.acked = row.dataset.sent;
    } else if (status >= 400 && status < 500) {
      row.classList.add("is-failed");
    }
  });

  // A change was refused because another tab saved a newer value: keep mine
  // (save again over it, knowingly) or take the saved one.
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-keep-mine], [data-take-newer]");
    if (!button) return;
    var row = rowOf(button);
    if (!row) return;
    revisionInput(row).value = button.dataset.revision;
    if (button.hasAttribute("data-take-newer")) {
      row.querySelectorAll('input[type="radio"]').forEach(function (radio) {
        radio.checked = radio.value === button.dataset.level;
      });
      var evidence = row.querySelector("textarea");
      if (evidence) evidence.value = button.dataset.evidence || "";
    }
    htmx.trigger(row, "change");
  });

  // Leaving with a change not yet saved (typing pause, failed save) asks first.
  // Posting the page itself saves everything it holds, so it never asks.
  form.addEventListener("submit", function () {
    leaving = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (leaving) return;
    var unsaved = Array.prototype.some.call(form.querySelectorAll("[data-autosave]"), function (row) {
      return count(row, "edits") !== count(row, "acked");
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
