/* spinewise: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("htmx");

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print]");
    if (target) { window.print(); }
  });

  // An inline check came back: mark its field invalid (or not) for assistive technology.
  document.addEventListener("htmx:afterSwap", function (event) {
    var live = event.detail.target;
    if (!live.classList || !live.classList.contains("live")) { return; }
    var field = live.closest(".field");
    var message = live.querySelector(".error-message");
    var bad = message && !message.hidden;
    if (field) {
      field.classList.toggle("has-error", !!bad);
      var input = field.querySelector("input[type=text]");
      if (input) {
        if (bad) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
      }
    }
  });

  // After a week is swapped in, move focus to its heading so keyboard and screen-reader users follow.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "week") {
      var heading = document.getElementById("week-title");
      if (heading) { heading.focus(); }
    }
  });

  // "Show more" in the library: keyboard and screen-reader users land on the first new card.
  var focusAfter = null;
  document.addEventListener("click", function (event) {
    var more = event.target.closest("[data-focus-after]");
    if (more) { focusAfter = more.getAttribute("data-focus-after"); }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!focusAfter) { return; }
    var card = document.getElementById(focusAfter);
    focusAfter = null;
    var link = card && card.querySelector("a");
    if (link) { link.focus(); }
  });

  // A step with errors: bring the summary into focus.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
