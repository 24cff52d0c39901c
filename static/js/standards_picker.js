// The standards picker's filter box (templates/_macros/forms.html standards_picker): shown only
// when this script runs; hides the standards whose code and title do not contain what is typed
// (accents and case ignored), and the categories left empty. Ticked boxes stay ticked.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("[data-standards-filter]").forEach(function (input) {
    var picker = document.getElementById(input.getAttribute("data-standards-filter"));
    if (!picker) { return; }
    input.closest(".standards-filter").hidden = false;
    input.addEventListener("input", function () {
      var needle = fold(input.value.trim());
      picker.querySelectorAll(".standards-group").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll(".form-check").forEach(function (item) {
          var match = !needle || fold(item.textContent).indexOf(needle) !== -1;
          item.hidden = !match;
          if (match) { shown += 1; }
        });
        group.hidden = shown === 0;
      });
    });
  });
}());
