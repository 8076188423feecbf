/* Progressive enhancement only: every page works without this file.
   Printing: open the FAQ and detail disclosures so the answers are on paper,
   and close again the ones that were closed after printing. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (el) {
      el.open = true;
      opened.push(el);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (el) { el.open = false; });
    opened = [];
  });
})();
