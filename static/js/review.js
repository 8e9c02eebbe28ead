// Manager review: the saving / failed state of each autosaving row.
(function () {
  "use strict";

  function rowOf(elt) {
    return elt && elt.closest ? elt.closest(".review-row[data-autosave]") : null;
  }

  function setStatus(row, text) {
    var status = row.querySelector("[data-save-status]");
    if (status) status.textContent = text;
  }

  // A comment typed before a rating is chosen waits for the rating.
  document.addEventListener("htmx:confirm", function (event) {
    var row = rowOf(event.detail.elt);
    if (row && !row.querySelector("input[type=radio]:checked")) {
      event.preventDefault();
      setStatus(row, row.dataset.levelFirst);
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var row = rowOf(event.detail.elt);
    if (!row) return;
    row.classList.remove("is-failed");
    row.classList.add("is-saving");
    setStatus(row, row.dataset.saving);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var row = rowOf(event.detail.elt);
    if (!row) return;
    row.classList.remove("is-saving");
    if (!event.detail.successful) row.classList.add("is-failed");
  });
})();
