// The development plan (templates/assessments/plan.html): every goal row
// saves on its own through htmx; the response replaces only the row's save
// status and revision, never the fields being typed in. No inline script (CSP).
(function () {
  "use strict";

  var form = document.getElementById("plan-form");
  if (!form || !window.htmx) return;
  document.documentElement.classList.add("autosave-on");

  function rowOf(elt) {
    return elt && elt.closest ? elt.closest("[data-autosave][data-prefix]") : null;
  }
  function count(row, key) {
    return Number(row.dataset[key] || 0);
  }
  function field(row, name) {
    return row.querySelector('[name="' + CSS.escape(row.dataset.prefix + "-" + name) + '"]');
  }

  // Every edit counts; a row is saved when the server has acknowledged its
  // latest edit. Capture phase, so the count moves before htmx sends.
  function edited(event) {
    var row = rowOf(event.target);
    if (row) row.dataset.edits = String(count(row, "edits") + 1);
  }
  form.addEventListener("input", edited, true);
  form.addEventListener("change", edited, true);

  // A row posts only its own fields, not the whole page's.
  document.addEventListener("htmx:configRequest", function (event) {
    var row = rowOf(event.detail.elt);
    if (!row || row !== event.detail.elt) return;
    var prefix = row.dataset.prefix + "-";
    var params = new FormData();
    row.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (input) {
      if (input.disabled || input.name.indexOf(prefix) !== 0) return;
      params.append(input.name, input.value);
    });
    // A conflict the user resolved (keep mine / take the saved one) names the
    // revision they chose, even when an older save still in flight answers
    // meanwhile and puts the page's old revision back.
    if (row.dataset.chosenRevision) {
      params.set(prefix + "revision", row.dataset.chosenRevision);
      delete row.dataset.chosenRevision;
    }
    event.detail.parameters = params;
    row.dataset.sent = String(count(row, "edits"));
  });

  var leaving = false;
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.getResponseHeader("HX-Redirect")) leaving = true;
  });

  // 2xx: saved; 4xx: the row keeps what was typed and says why it was not
  // saved. 5xx and network errors are marked by app.js.
  document.addEventListener("htmx:afterRequest", function (event) {
    var row = rowOf(event.detail.elt);
    if (!row || row !== event.detail.elt) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 200 && status < 300) {
      row.classList.remove("is-failed");
      row.dataset.acked = row.dataset.sent;
    } else if (status >= 400 && status < 500) {
      row.classList.add("is-failed");
    }
  });

  // A save was refused because another tab saved a newer goal: keep mine
  // (save again over it, knowingly) or take the saved one.
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-keep-mine], [data-take-newer]");
    if (!button) return;
    var row = rowOf(button);
    if (!row) return;
    field(row, "revision").value = button.dataset.revision;
    row.dataset.chosenRevision = button.dataset.revision;
    if (button.hasAttribute("data-take-newer")) {
      field(row, "text").value = button.dataset.text || "";
      field(row, "due_date").value = button.dataset.dueDate || "";
      field(row, "status").value = button.dataset.status;
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
