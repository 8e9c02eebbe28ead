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

  // One section at a time ([data-one-section], on a phone: the rating page's
  // areas, see rate.css): the section the address names, or the one holding
  // the element it names (a row), is marked .is-current, with its group
  // ([data-section-group]); an address outside the box keeps the section
  // shown; on opening the page it is the first. Without scripts, rate.css does
  // the same with :target. Marking on the link's click, before the browser
  // follows it, lets the browser scroll to a section that is already shown.
  function sectionFor(box, id) {
    var target = id && document.getElementById(id);
    return target && box.contains(target) ? target.closest("[data-section]") : null;
  }
  function showSection(box, section) {
    section = section || box.querySelector("[data-section].is-current") || box.querySelector("[data-section]");
    if (!section || section.classList.contains("is-current")) return false;
    box.querySelectorAll(".is-current").forEach(function (elt) { elt.classList.remove("is-current"); });
    section.classList.add("is-current");
    var group = section.closest("[data-section-group]");
    if (group) group.classList.add("is-current");
    box.setAttribute("data-current", section.id);
    return true;
  }
  function hashId(hash) {
    try { return decodeURIComponent(hash.slice(1)); } catch (error) { return ""; }
  }
  document.querySelectorAll("[data-one-section]").forEach(function (box) {
    showSection(box, sectionFor(box, hashId(location.hash)));
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link || event.defaultPrevented) return;
    document.querySelectorAll("[data-one-section]").forEach(function (box) {
      showSection(box, sectionFor(box, hashId(link.getAttribute("href"))));
    });
  });
  window.addEventListener("hashchange", function () {
    var id = hashId(location.hash);
    document.querySelectorAll("[data-one-section]").forEach(function (box) {
      var section = sectionFor(box, id);
      if (showSection(box, section)) document.getElementById(id).scrollIntoView();
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
