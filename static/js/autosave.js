// Autosaving rows (rating, review and goal pages), driven by data- attributes
// set by templates/partials/autosave_status.html. No inline script (CSP).
//
//   [data-autosave][data-prefix]  a row: its fields are named <prefix>-<name>
//                                 and it posts only those (htmx attributes on it)
//   [data-unsaved-message]        what the row's status says from an edit until
//                                 the server acknowledged it (never "Saved")
//   [data-needs][data-needs-message]  a row saves only once field <prefix>-<needs>
//                                 has a value; until then it says the message
//   [data-save-status]            the row's status line
//   [data-keep-mine], [data-take-newer][data-values]  a save refused because a
//                                 newer value was saved meanwhile: save mine over
//                                 it (knowingly), or put the saved one back
//   [data-as-of]                  a counter sent out of band with each answer
//                                 (progress, area counts): when it was read; an
//                                 answer read before what the page shows (saves
//                                 answered out of order) leaves it as it is
//
// Every edit is counted; a row is saved once the server acknowledged its latest
// edit. Leaving the page with a row not saved (a typing pause, a refused or
// failed save, a comment waiting for its rating) asks first. A 4xx answer that
// is not the row's own (an expired page's 403, a 404 page) is said in the row
// without replacing it, so the row keeps its revision; 5xx and network errors
// are marked by app.js.
(function () {
  "use strict";

  if (!window.htmx) return;
  document.documentElement.classList.add("autosave-on");
  var ANSWER = "X-Autosave-Answer";

  function rowOf(elt) {
    return elt && elt.closest ? elt.closest("[data-autosave][data-prefix]") : null;
  }
  function ownRow(event) {
    var row = rowOf(event.detail.elt);
    return row && row === event.detail.elt ? row : null;
  }
  function count(row, key) {
    return Number(row.dataset[key] || 0);
  }
  function fields(row, name) {
    var selector = name === undefined
      ? "input[name], textarea[name], select[name]"
      : '[name="' + CSS.escape(row.dataset.prefix + "-" + name) + '"]';
    return Array.prototype.filter.call(row.querySelectorAll(selector), function (field) {
      return field.name.indexOf(row.dataset.prefix + "-") === 0;
    });
  }
  function setStatus(row, text) {
    var status = row.querySelector("[data-save-status]");
    if (status) status.textContent = text;
  }
  function hasValue(row, name) {
    return fields(row, name).some(function (field) {
      return field.type === "radio" || field.type === "checkbox" ? field.checked : field.value !== "";
    });
  }

  // An edit the server has not acknowledged yet: the status says so, never
  // "Saved" (a save still on its way, or an answer to an older edit, is not
  // this text). A row showing a newer saved value keeps that choice on screen.
  function markUnsaved(row) {
    if (count(row, "edits") === count(row, "acked")) return;
    if (row.querySelector("[data-keep-mine]")) return;
    var status = row.querySelector("[data-save-status]");
    var message = row.dataset.unsavedMessage || "";
    if (!status || status.textContent === message) return;
    status.dataset.state = "unsaved";
    status.textContent = message;
  }

  function edited(event) {
    var row = rowOf(event.target);
    if (!row) return;
    row.dataset.edits = String(count(row, "edits") + 1);
    markUnsaved(row);
  }
  // Capture phase: the count moves before htmx sends.
  document.addEventListener("input", edited, true);
  document.addEventListener("change", edited, true);

  // A row that needs a field first (a review's rating) waits for it.
  document.addEventListener("htmx:confirm", function (event) {
    var row = ownRow(event);
    if (row && row.dataset.needs && !hasValue(row, row.dataset.needs)) {
      event.preventDefault();
      setStatus(row, row.dataset.needsMessage || "");
    }
  });

  // A row posts only its own fields, named as on the whole-page form.
  document.addEventListener("htmx:configRequest", function (event) {
    var row = ownRow(event);
    if (!row) return;
    var params = new FormData();
    fields(row).forEach(function (field) {
      if (field.disabled) return;
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) return;
      params.append(field.name, field.value);
    });
    // A conflict the user resolved (keep mine / take the saved one) names the
    // revision they chose, even when an older save still in flight answers
    // meanwhile and puts the page's old revision back.
    if (row.dataset.chosenRevision) {
      params.set(row.dataset.prefix + "-revision", row.dataset.chosenRevision);
      delete row.dataset.chosenRevision;
    }
    event.detail.parameters = params;
    row.dataset.sent = String(count(row, "edits"));
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var row = ownRow(event);
    if (row) row.classList.add("is-saving");
  });

  var leaving = false;
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.getResponseHeader("HX-Redirect")) leaving = true;
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var row = rowOf(event.detail.requestConfig && event.detail.requestConfig.elt);
    if (!row || !xhr || xhr.status < 400 || xhr.getResponseHeader(ANSWER)) return;
    event.detail.shouldSwap = false;
    // A 5xx page (generic or a debug page) is not a message for the user.
    var text = xhr.status >= 500
      ? document.body.dataset.serverError
      : new DOMParser().parseFromString(xhr.responseText, "text/html").body.textContent.trim();
    setStatus(row, text || document.body.dataset.networkError);
    row.classList.add("is-failed");
  });

  // A value the server refused (400) marks the row's fields invalid and ties
  // them to the status line that says why; a save that lands clears it.
  function markInvalid(row, invalid) {
    var status = row.querySelector("[data-save-status]");
    if (status && !status.id) status.id = row.dataset.prefix + "-save-status";
    fields(row).forEach(function (field) {
      if (field.type === "hidden") return;
      var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (invalid) {
        field.setAttribute("aria-invalid", "true");
        if (status && described.indexOf(status.id) < 0) described.push(status.id);
        field.setAttribute("aria-describedby", described.join(" "));
      } else if (field.hasAttribute("aria-invalid")) {
        field.removeAttribute("aria-invalid");
      }
    });
  }

  // 2xx: saved; 4xx: the row keeps what the user chose and says why it was
  // not saved.
  document.addEventListener("htmx:afterRequest", function (event) {
    var row = ownRow(event);
    if (!row) return;
    row.classList.remove("is-saving");
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 200 && status < 300) {
      row.classList.remove("is-failed", "is-missing");
      row.dataset.acked = row.dataset.sent;
      markInvalid(row, false);
      // Typed on while it was saving: the answer's "Saved" is not for that.
      markUnsaved(row);
    } else if (status >= 400 && status < 500) {
      row.classList.add("is-failed");
      if (status === 400) markInvalid(row, true);
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var row = ownRow(event);
    if (row && !row.classList.contains("is-failed")) markUnsaved(row);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-keep-mine], [data-take-newer]");
    var row = button && rowOf(button);
    if (!row) return;
    fields(row, "revision").forEach(function (field) {
      field.value = button.dataset.revision;
    });
    row.dataset.chosenRevision = button.dataset.revision;
    if (button.hasAttribute("data-take-newer")) {
      var values = JSON.parse(button.dataset.values || "{}");
      Object.keys(values).forEach(function (name) {
        fields(row, name).forEach(function (field) {
          if (field.type === "radio" || field.type === "checkbox") {
            field.checked = field.value === values[name];
          } else {
            field.value = values[name];
          }
        });
      });
    }
    htmx.trigger(row, "change");
  });

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var incoming = event.detail.fragment && event.detail.fragment.firstElementChild;
    var shown = event.detail.target;
    if (!incoming || !shown || !incoming.dataset || !shown.dataset) return;
    var next = Number(incoming.dataset.asOf || 0);
    var current = Number(shown.dataset.asOf || 0);
    if (next && current && next < current) event.detail.shouldSwap = false;
  });

  // Posting a page's own form saves everything it holds: it never asks.
  document.addEventListener("submit", function (event) {
    if (event.target.querySelector("[data-autosave]")) leaving = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (leaving) return;
    var unsaved = Array.prototype.some.call(document.querySelectorAll("[data-autosave]"), function (row) {
      return count(row, "edits") !== count(row, "acked");
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
